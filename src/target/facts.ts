// What the target takes from the generated catalog instead of a second hand-written copy: field
// lists and their order, mandatory request fields and types, enums, success codes, the paging
// vocabulary and the microversions the page names. Everything else (how upstream behaves) is code.
import type { Catalog, Field, Operation } from '../catalog/model.ts';
import { loadCatalog } from '../catalog/load.ts';

export interface BodyField {
  name: string;
  type: Field['type'];
  required: boolean;
  nullable: boolean;
  enum?: string[];
}

export interface TargetFacts {
  deployment: {
    envelope: string;
    /** Keys of a deployment object, in the order the show page lists them. */
    keys: string[];
    /** Keys a conforming response must carry (as decided); the rest may be absent. */
    requiredKeys: Set<string>;
    nullableKeys: Set<string>;
    createFields: BodyField[];
    updateFields: BodyField[];
    statusEnum: string[];
    createCode: number;
    showCode: number;
    updateCode: number;
  };
  image: {
    envelope: string;
    keys: string[];
    filters: string[];
  };
  backup: {
    envelope: string;
    itemKeys: string[];
    linksField: string;
    rel: string;
    statusEnum: string[];
    /** Exact filters (`name`, `status`, `volume_id`). */
    filters: string[];
    /** Like filters as written (`name~` …). */
    likeFilters: string[];
    likeSince: string;
    withCountSince: string;
    /** Path templates the operation is served at, primary first (`/v3/{project_id}/native/backups`). */
    paths: string[];
  };
}

function op(catalog: Catalog, id: string): Operation {
  const found = catalog.operations.find((o) => o.id === id);
  if (!found)
    throw new Error(`catalog: operation "${id}" is missing (have: ${catalog.operations.map((o) => o.id).join(', ')})`);
  return found;
}

/** Direct children of an envelope: `software_deployment.status`, `images[].size` → `status`, `size`. */
function childrenOf(fields: Field[], envelope: string): Field[] {
  const out: Field[] = [];
  for (const f of fields) {
    for (const prefix of [`${envelope}.`, `${envelope}[].`]) {
      if (f.path.startsWith(prefix)) {
        const rest = f.path.slice(prefix.length);
        if (!rest.includes('.') && !rest.includes('[')) out.push(f);
      }
    }
  }
  return out;
}

function topLevel(o: Operation): Field[] {
  return o.response.filter((f) => !f.path.includes('.') && !f.path.includes('['));
}

const bodyField = (f: Field): BodyField => ({
  name: f.name,
  type: f.type,
  required: f.required,
  nullable: f.nullable,
  ...(f.enum ? { enum: f.enum } : {}),
});

function need<T>(value: T | undefined, o: Operation, what: string): T {
  if (value === undefined)
    throw new Error(`catalog: operation "${o.id}" has no ${what}; the reference target cannot serve it`);
  return value;
}

function successCode(o: Operation): number {
  const s = o.statusCodes.find((c) => c.kind === 'success');
  if (!s) throw new Error(`catalog: operation "${o.id}" has no success status code`);
  return s.code;
}

function unionKeys(...lists: Field[][]): Field[] {
  const seen = new Map<string, Field>();
  for (const list of lists) for (const f of list) if (!seen.has(f.name)) seen.set(f.name, f);
  return [...seen.values()];
}

export function factsFromCatalog(catalog: Catalog): TargetFacts {
  const create = op(catalog, 'software-deployment-create');
  const show = op(catalog, 'software-deployment-show');
  const update = op(catalog, 'software-deployment-update');
  const images = op(catalog, 'image-list-detail');
  const backups = op(catalog, 'backup-list');

  const depEnvelope = need(topLevel(show)[0]?.name, show, 'a top-level envelope');
  const depFields = unionKeys(
    childrenOf(show.response, depEnvelope),
    childrenOf(update.response, depEnvelope),
    childrenOf(create.response, depEnvelope),
  );
  // `required` / `nullable` for the key as decided for the show response (the superset page).
  const showChildren = childrenOf(show.response, depEnvelope);
  const statusField =
    create.requestBody.find((f) => f.name === 'status') ?? showChildren.find((f) => f.name === 'status');

  const imgEnvelope = need(topLevel(images)[0]?.name, images, 'a top-level envelope');
  const pagination = need(backups.pagination, backups, 'pagination');
  const bkEnvelope = need(
    topLevel(backups).find((f) => f.type === 'array' && f.name !== pagination.linksField)?.name,
    backups,
    'a list envelope',
  );
  const bkQuery = backups.queryParams;
  const paging = new Set(pagination.params);
  const withCount = need(
    bkQuery.find((f) => f.name === 'with_count')?.sinceMicroversion,
    backups,
    'with_count with a microversion',
  );
  const like = bkQuery.filter((f) => f.name.endsWith('~'));
  const likeSince = need(like[0]?.sinceMicroversion, backups, 'like filters with a microversion');

  return {
    deployment: {
      envelope: depEnvelope,
      keys: depFields.map((f) => f.name),
      requiredKeys: new Set(showChildren.filter((f) => f.required).map((f) => f.name)),
      nullableKeys: new Set(depFields.filter((f) => f.nullable).map((f) => f.name)),
      createFields: create.requestBody.filter((f) => !f.path.includes('.')).map(bodyField),
      updateFields: update.requestBody.filter((f) => !f.path.includes('.')).map(bodyField),
      statusEnum: statusField?.enum ?? [],
      createCode: successCode(create),
      showCode: successCode(show),
      updateCode: successCode(update),
    },
    image: {
      envelope: imgEnvelope,
      keys: childrenOf(images.response, imgEnvelope).map((f) => f.name),
      filters: images.queryParams.map((f) => f.name),
    },
    backup: {
      envelope: bkEnvelope,
      itemKeys: childrenOf(backups.response, bkEnvelope).map((f) => f.name),
      linksField: pagination.linksField,
      rel: pagination.rel,
      statusEnum: bkQuery.find((f) => f.name === 'status')?.enum ?? [],
      filters: bkQuery
        .filter((f) => !f.name.endsWith('~') && !paging.has(f.name) && f.name !== 'with_count')
        .map((f) => f.name),
      likeFilters: like.map((f) => f.name),
      likeSince,
      withCountSince: withCount,
      paths: [backups.path, ...backups.alternatePaths],
    },
  };
}

let cached: TargetFacts | undefined;

/** Facts from the committed catalog (catalog/catalog.yaml), read once per process. */
export function loadTargetFacts(): TargetFacts {
  return (cached ??= factsFromCatalog(loadCatalog()));
}
