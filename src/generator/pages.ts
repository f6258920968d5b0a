// Which pages there are, and the id of the operation each documents. A page is a file:
// `specs/<service-type>/<name>.md`, the folder being the OpenStack service type. Nothing lists the
// pages; adding one is dropping the file there. The operation id derives from what the page documents
// (method, path and, for `…/action(s)` endpoints, the action's body key), never from the file name
// and never from the other pages, so renaming a file or adding a page changes no existing id.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICES, type HttpMethod, type Service } from '../catalog/model.ts';
import { PageError } from './page-error.ts';

export interface PageRef {
  /** Repo-relative path: `specs/block-storage/querying-evs-disks-cinder-v3.md`. */
  doc: string;
  /** The folder: the OpenStack service type. */
  service: Service;
}

export const SPECS_DIR = 'specs';

/** Every `specs/<service-type>/*.md`, sorted by path. A folder name must read as a service type. */
export function discoverPages(root: string): PageRef[] {
  const dir = join(root, SPECS_DIR);
  const out: PageRef[] = [];
  for (const service of readdirSync(dir).sort()) {
    const sub = join(dir, service);
    if (!statSync(sub).isDirectory()) continue;
    const names = readdirSync(sub)
      .filter((n) => n.endsWith('.md'))
      .sort();
    if (!SERVICES.includes(service as Service)) {
      if (names.length === 0) continue;
      throw new PageError(
        `${SPECS_DIR}/${service}/${names[0]}`,
        1,
        `folder "${service}" is not a service type the suite knows (${SERVICES.join(', ')})`,
      );
    }
    for (const name of names) out.push({ doc: `${SPECS_DIR}/${service}/${name}`, service: service as Service });
  }
  if (out.length === 0) throw new PageError(SPECS_DIR, 1, 'no pages: expected specs/<service-type>/<name>.md');
  return out;
}

/**
 * API versions whose operations carry no version in their id. An operation of another version of a
 * service gets `-v<version>` at the end (`volume-list-v2`), so pages of older versions of the same
 * API can sit beside these without two operations sharing an id. Glance v1.1 is the seed's version.
 */
const UNQUALIFIED_VERSIONS: Record<string, string[]> = {
  orchestration: ['v1'],
  'block-storage': ['v3'],
  image: ['v2', 'v1.1'],
};

/** Path segments that only group resources and name nothing (`/v3/{project_id}/native/backups`). */
const NAMESPACES = new Set(['native']);

/** A trailing literal that selects a view of a listing rather than naming a resource. */
const VIEWS = new Set(['detail', 'summary']);

/** Literal endings that name an operation on their parent rather than a sub-resource. */
const VERBS = new Set(['accept', 'signal', 'preview', 'validate']);

const VERB_OF: Record<HttpMethod, { instance: string; collection: string }> = {
  GET: { instance: 'show', collection: 'list' },
  HEAD: { instance: 'head', collection: 'head' },
  POST: { instance: 'create', collection: 'create' },
  PUT: { instance: 'update', collection: 'replace' },
  PATCH: { instance: 'patch', collection: 'patch' },
  DELETE: { instance: 'delete', collection: 'delete-all' },
};

function kebab(word: string): string {
  return word
    .replace(/^os-/, '')
    .replace(/[_\s.]+/g, '-')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

/** `software_deployments` → `software-deployment`, `os-quota-sets` → `quota-set`, `metadata` stays. */
export function singular(word: string): string {
  const k = kebab(word);
  if (/(ss|us|is)$/.test(k)) return k;
  if (/ies$/.test(k)) return `${k.slice(0, -3)}y`;
  if (/(ches|shes|xes|sses)$/.test(k)) return k.slice(0, -2);
  if (/s$/.test(k)) return k.slice(0, -1);
  return k;
}

function isParam(seg: string): boolean {
  return /^\{[^}]+\}$/.test(seg);
}

/**
 * The operation id: `<resource chain>-<verb>[-<view>][-v<version>]`.
 *
 * - The leading version segment (`v1`, `v3`, `v1.1`) and the project segment that follows it are
 *   dropped; a version outside UNQUALIFIED_VERSIONS comes back as a `-v<version>` suffix.
 * - Each literal segment names a resource, singular (`software_deployments` → `software-deployment`,
 *   `os-volume-transfer` → `volume-transfer`); namespaces (`native`) are dropped.
 * - The path ends in an instance (a `{param}`) or a collection (a literal): the verb comes from the
 *   method (GET show/list, POST create, PUT update/replace, PATCH patch, DELETE delete/delete-all).
 *   An instance parameter that is not the resource's own id (`metadata/{key}`) adds its name.
 * - A trailing `detail` or `summary` is a view of a listing (`image-list-detail`); a trailing
 *   `accept`, `signal`, `preview` or `validate` is the verb itself (`volume-transfer-accept`).
 * - `POST …/action` and `POST …/actions` take their verb from the action's body key (`os-extend` →
 *   `volume-extend`, `cancel_update` → `stack-cancel-update`), since one path carries many actions.
 * - A GET of a literal ending lists (`stack-list`) when the response's body holds an array at its
 *   root, and shows otherwise (`stack-template-show`, `schema-images-show`); `listing` says which.
 * - A path with no resource (`/`, `/{api_version}`, `/validate`) belongs to the service:
 *   `image-version-list`, `orchestration-validate`.
 * - The same id derived in two services: the operation of the later page (in page order) takes its
 *   service in front (`orchestration-extension-list`; src/generator/generate.ts).
 */
export function operationId(
  service: Service,
  method: HttpMethod,
  path: string,
  action?: string,
  listing = true,
): string {
  let segs = path.split('/').filter((s) => s !== '');
  let version: string | undefined;
  if (segs[0] && /^v\d+(\.\d+)?$/.test(segs[0])) {
    version = segs[0];
    segs = segs.slice(1);
    if (segs[0] === '{project_id}' || segs[0] === '{tenant_id}') segs = segs.slice(1);
  }
  const nouns: string[] = [];
  let verb: string | undefined;
  let view: string | undefined;
  let instance = false;
  let extra: string | undefined;
  if (segs.length === 0 || (segs.length === 1 && segs[0] === '{api_version}')) {
    nouns.push(service, 'version');
    instance = segs.length === 1;
  }
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    if (isParam(seg)) {
      // The API version of a service's root is the service's (`/{api_version}`, above); below a
      // resource it names a version of it, as any parameter names an instance (`/x/{api_version}`
      // shows a version of x; `/x/` lists them).
      if (seg === '{api_version}') {
        if (nouns.at(-1) !== 'version') {
          instance = true;
          extra = 'version';
        }
        continue;
      }
      instance = true;
      const name = kebab(seg.slice(1, -1));
      const own = nouns[nouns.length - 1];
      const ownLast = own?.split('-').pop();
      const isOwnId =
        !own ||
        name === 'id' ||
        name === own ||
        /-(id|name|uuid)$/.test(name) ||
        name.startsWith(`${ownLast}`) ||
        (own !== undefined && name.startsWith(own));
      extra = isOwnId ? undefined : name;
      continue;
    }
    instance = false;
    extra = undefined;
    const last = i === segs.length - 1;
    if (NAMESPACES.has(seg)) continue;
    if (last && nouns.length > 0 && VIEWS.has(seg)) {
      view = seg;
      continue;
    }
    if (last && VERBS.has(seg)) {
      verb = seg;
      continue;
    }
    if ((seg === 'action' || seg === 'actions') && last && nouns.length > 0) {
      if (!action) return '';
      verb = actionVerb(action, nouns[nouns.length - 1]!);
      continue;
    }
    // A GET of a literal ending that answers one object (`…/template`, `build_info`, `schemas/images`)
    // shows it: the noun stays as written so `schemas/images` and `schemas/image` stay apart.
    nouns.push(last && method === 'GET' && !listing ? kebab(seg) : singular(seg));
    if (last && method === 'GET' && !listing) verb = 'show';
  }
  if (extra) nouns.push(extra);
  if (nouns.length === 0) nouns.push(service);
  verb ??= instance ? VERB_OF[method].instance : VERB_OF[method].collection;
  if (view && (method !== 'GET' || instance)) nouns.push(view);
  const parts = [...dedupe(nouns), verb, ...(view && method === 'GET' && !instance ? [view] : [])];
  if (version && !(UNQUALIFIED_VERSIONS[service] ?? []).includes(version) && UNQUALIFIED_VERSIONS[service])
    parts.push(kebab(version));
  return parts.filter(Boolean).join('-');
}

/** `os-volume_upload_image` on a volume → `upload-image`; `cancel_update` → `cancel-update`. */
function actionVerb(action: string, noun: string): string {
  let v = kebab(action);
  for (const w of noun.split('-')) {
    if (v.startsWith(`${w}-`)) v = v.slice(w.length + 1);
  }
  return v;
}

/** Drops a noun that only repeats the end of the one before (`stack` `stack-resource` stays; `x` `x` → `x`). */
function dedupe(nouns: string[]): string[] {
  const out: string[] = [];
  for (const n of nouns) if (out[out.length - 1] !== n) out.push(n);
  return out;
}

/** The id rule's precondition: operations that need an action name to be told apart. */
export function needsAction(path: string): boolean {
  return /\/actions?$/.test(path);
}
