// Which defect applies where. A defect switch is `NAME` (everywhere it can apply) or
// `NAME@operation-id` (that operation only); several are joined by commas. Named defects of the
// service modules apply to the resources those modules serve; generic defects to every operation whose
// documented shape (read from the catalog) fits them. A switch that can apply nowhere it names is
// refused with a message saying why.
import type { Catalog } from '../catalog/model.ts';
import { DEFECTS, defectNamed, type DefectName } from './defects.ts';
import { buildRoutes, type Route, type RouteTable } from './core/routes.ts';
import { bodyDefectApplies } from './core/mutate.ts';

export interface DefectSpec {
  name: DefectName;
  operation?: string;
}

export function parseDefectSpecs(text: string | undefined): DefectSpec[] {
  if (!text) return [];
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((spec) => {
      const [, op] = spec.split('@');
      return { name: defectNamed(spec), ...(op ? { operation: op.trim() } : {}) };
    });
}

/**
 * Routes a module of its own serves with upstream habits (the generic core serves the rest): by the
 * paths the module answers at, never by a collection's name alone, so a page of the same resource
 * under another path (`…/other/software_deployments`) is served by the core rather than by no one.
 */
export function ownedByModule(r: Route): boolean {
  if (r.service === 'orchestration')
    return (
      r.collection?.key === '/v1/{}/software_deployments' &&
      ['list', 'show', 'create', 'update', 'delete'].includes(r.kind)
    );
  if (r.service === 'image') return /^\/v1(\.\d+)?\/images(\/detail)?$/.test(r.template);
  if (r.service === 'block-storage')
    return (
      (r.collection?.key === '/v3/{}/native/backups' || r.collection?.key === '/v3/{}/backups') &&
      (r.kind === 'list' || r.kind === 'show')
    );
  return false;
}

/**
 * Generic defects on the resources a module serves: the module's own named defect of the same
 * departure stands for it there (`filter-ignored@backup-list` is the backup list's name filter ignored).
 */
export const GENERIC_ALIASES: Record<string, string[]> = {
  'unknown-id-500': ['deployment-unknown-id-500'],
  'bad-body-accepted': ['deployment-missing-field-accepted', 'deployment-wrong-type-accepted'],
  'next-link-missing': ['backups-no-next-link'],
  'next-link-loop': ['backups-next-link-self'],
  'next-link-skips': ['backups-next-link-skips'],
  'next-link-other-host': ['backups-next-link-other-host'],
  'limit-ignored': ['backups-ignores-limit', 'images-ignore-limit'],
  'marker-ignored': ['backups-ignores-marker', 'images-ignore-marker'],
  'filter-ignored': ['backups-name-filter-ignored', 'images-status-filter-ignored'],
  'filter-inverted': ['backups-status-filter-inverted'],
  'update-not-applied': ['deployment-update-not-applied'],
  'id-changes-on-update': ['deployment-id-changes-on-update'],
  'create-not-persisted': ['deployment-create-not-persisted'],
};

/** Whether a module's named defect standing for generic `name` applies to its route. */
function aliasFits(name: string, r: Route): boolean {
  return (GENERIC_ALIASES[name] ?? []).some((legacy) => legacyApplies(legacy, r));
}

const MEMBER_KINDS = new Set(['show', 'update', 'delete', 'action', 'map', 'map-key', 'tag', 'upload', 'member-view']);
const hasRequired = (r: Route): boolean => {
  const visit = (n: Route['request']): boolean => [...n.children.values()].some((c) => c.required || visit(c));
  return visit(r.request);
};
/** Whether the operation's page documents error code `code`: a defect replacing that answer departs from the page. */
const documentsError = (r: Route, code: number): boolean =>
  r.op.statusCodes.some((s) => s.kind === 'error' && s.code === code);
const hasNextLink = (r: Route): boolean =>
  r.pagination !== undefined ||
  r.response.children.has('next') ||
  [...r.response.children.keys()].some((k) => /_links$/.test(k));

/** Whether defect `name` can apply to the route. */
export function defectApplies(name: string, r: Route): boolean {
  const info = DEFECTS.find((d) => d.name === name);
  if (!info) return false;
  if (!('generic' in info)) return legacyApplies(name, r);
  const core = !ownedByModule(r) || aliasFits(name, r);
  switch (name) {
    case 'success-code-wrong':
      return true;
    case 'unknown-id-200':
    case 'unknown-id-500':
      return core && r.collection !== undefined && MEMBER_KINDS.has(r.kind) && documentsError(r, 404);
    case 'bad-body-accepted':
      return (
        core &&
        ['create', 'update', 'action', 'map', 'map-key'].includes(r.kind) &&
        hasRequired(r) &&
        documentsError(r, 400)
      );
    case 'next-link-missing':
    case 'next-link-loop':
    case 'next-link-skips':
    case 'next-link-other-host':
      return core && r.kind === 'list' && hasNextLink(r) && (r.paging.has('marker') || r.paging.has('limit'));
    case 'limit-ignored':
      return core && r.kind === 'list' && r.paging.has('limit');
    case 'marker-ignored':
      return core && r.kind === 'list' && r.paging.has('marker');
    case 'filter-ignored':
    case 'filter-inverted':
      return core && r.kind === 'list' && r.filters.length > 0;
    case 'sort-ignored':
      return core && r.kind === 'list' && ['sort', 'sort_key', 'sort_keys', 'sort_dir'].some((p) => r.paging.has(p));
    case 'update-not-applied':
      return (
        core &&
        (['update', 'action', 'tag', 'upload'].includes(r.kind) ||
          ((r.kind === 'map' || r.kind === 'map-key') && r.op.method !== 'GET'))
      );
    case 'delete-not-applied':
      return core && r.kind === 'delete';
    case 'id-changes-on-update':
      return core && r.kind === 'update';
    case 'create-not-persisted':
      return core && r.kind === 'create';
    default:
      return bodyDefectApplies(name, r);
  }
}

/** Named defects of the service modules: the resources those modules serve. */
function legacyApplies(name: string, r: Route): boolean {
  if (/^(deployment)-/.test(name)) return r.service === 'orchestration' && ownedByModule(r);
  if (/^images?-/.test(name)) return r.service === 'image' && ownedByModule(r);
  if (/^backups?-/.test(name)) return r.service === 'block-storage' && ownedByModule(r);
  if (/^microversion-/.test(name)) return r.service === 'block-storage';
  if (name === 'scope-other-project-allowed') return r.segments.some((s) => 'param' in s && s.param === 'project_id');
  return true;
}

/** Operation ids a defect applies to in the catalog. */
export function operationsFor(name: string, table: RouteTable): string[] {
  return [...new Set(table.routes.filter((r) => defectApplies(name, r)).map((r) => r.op.id))];
}

/** Every spec checked against the catalog: undefined when all apply, otherwise the reason. */
export function checkDefectSpecs(
  text: string,
  catalog: Catalog,
  table: RouteTable = buildRoutes(catalog),
): string | undefined {
  let specs: DefectSpec[];
  try {
    specs = parseDefectSpecs(text);
  } catch (e) {
    return (e as Error).message;
  }
  for (const s of specs) {
    const where = operationsFor(s.name, table);
    if (where.length === 0)
      return `defect ${s.name} fits no operation of this catalog: nothing it documents has the shape the defect changes`;
    if (s.operation !== undefined) {
      if (!catalog.operations.some((o) => o.id === s.operation))
        return `defect ${s.name}@${s.operation}: the catalog has no operation "${s.operation}"`;
      if (!where.includes(s.operation)) {
        return `defect ${s.name} cannot apply to ${s.operation}: nothing the catalog documents for it fits (it applies to ${where.length ? where.join(', ') : 'no operation of this catalog'})`;
      }
    }
  }
  return undefined;
}
