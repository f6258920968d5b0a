// The Cinder backup summary list over a column-wise table: filters, sort, marker/offset/limit,
// `count` and `backups_links`, as cinder/api/v3/backups.py, cinder/api/common.py and
// cinder/api/views/backups.py do it. Walks indices, never copies rows, so 100k backups page quickly.
import type { TargetContext } from './context.ts';
import type { BackupTable } from './seed.ts';
import { atLeast, type Version } from './microversion.ts';

export type ListResult = { ok: true; body: Record<string, unknown> } | { ok: false; status: number; message: string };

const INT = /^[+-]?\d+$/;
const TRUE = new Set(['true', 'yes', 'y', '1', 'on', 't']);
const FALSE = new Set(['false', 'no', 'n', '0', 'off', 'f']);
const PAGING = new Set(['limit', 'offset', 'marker', 'sort', 'sort_key', 'sort_dir']);
const SORTABLE = ['created_at', 'id', 'status', 'volume_id', 'name', 'display_name'];
const OFFSET_MAX = 2_147_483_647;

export interface ListRequest {
  projectId: string;
  version: Version;
  query: URLSearchParams;
  /** `<scheme>://<host><path>` of the request, for the next link. */
  selfUrl: string;
  origin: string;
}

const bad = (message: string): ListResult => ({ ok: false, status: 400, message });

export function maxLimit(ctx: TargetContext): number {
  return ctx.variant('backups-max-limit-50') ? 50 : 1000;
}

export function listBackups(ctx: TargetContext, req: ListRequest): ListResult {
  const facts = ctx.facts.backup;
  const q = req.query;
  const max = maxLimit(ctx);

  // common.get_pagination_params
  let limit = max;
  const rawLimit = q.get('limit');
  if (rawLimit !== null) {
    if (!INT.test(rawLimit.trim()))
      return ctx.defect('backups-bad-limit-500')
        ? { ok: false, status: 500, message: 'Unexpected API Error.' }
        : bad('limit param must be an integer');
    if (Number(rawLimit) < 0) return bad('limit param must be positive');
    limit = Math.min(Number(rawLimit), max);
  }
  let offset = 0;
  const rawOffset = q.get('offset');
  if (rawOffset !== null) {
    if (!INT.test(rawOffset.trim())) return bad('offset must be an integer');
    if (Number(rawOffset) < 0) return bad('offset must be >= 0');
    if (Number(rawOffset) > OFFSET_MAX) return bad(`offset must be <= ${OFFSET_MAX}`);
    offset = ctx.defect('backups-ignores-offset') ? 0 : Number(rawOffset);
  }
  if (ctx.defect('backups-ignores-limit')) limit = max;

  // common.get_sort_params
  const sortParam = q.get('sort');
  if (sortParam !== null && (q.has('sort_key') || q.has('sort_dir'))) {
    return bad("The 'sort_key' and 'sort_dir' parameters are deprecated and cannot be used with the 'sort' parameter.");
  }
  const sorts: { key: string; dir: string }[] = sortParam
    ? sortParam.split(',').map((s) => {
        const [key = '', dir = 'desc'] = s.trim().split(':');
        return { key: key.trim(), dir: dir.trim() };
      })
    : [{ key: q.get('sort_key') ?? 'created_at', dir: q.get('sort_dir') ?? 'desc' }];
  for (const s of sorts) {
    if (s.dir !== 'asc' && s.dir !== 'desc')
      return bad("Invalid input received: Unknown sort direction, must be 'desc' or 'asc'.");
    const nameKey = s.key === 'name' || s.key === 'display_name';
    if (!SORTABLE.includes(s.key) || (nameKey && !atLeast(req.version, '3.37')))
      return bad('Invalid input received: Invalid sort key');
  }

  // with_count: a real parameter from its microversion on, an ordinary (filter) key before.
  let withCount = false;
  const countOn = atLeast(req.version, facts.withCountSince);
  if (countOn && q.has('with_count')) {
    const v = (q.get('with_count') ?? '').toLowerCase();
    if (!TRUE.has(v) && !FALSE.has(v)) return bad(`Value '${q.get('with_count')}' for 'with_count' is not a boolean.`);
    withCount = TRUE.has(v) && !ctx.defect('backups-count-missing');
  }

  // Filters: below RESOURCE_FILTER (3.31) unknown keys are dropped; from it, rejected.
  const likeSince = ctx.variant('cinder-like-filters-3.34') ? '3.34' : facts.likeSince;
  const resourceFilter = atLeast(req.version, '3.31');
  const allowed = new Set([...facts.filters, ...(atLeast(req.version, likeSince) ? facts.likeFilters : [])]);
  const filters: { key: string; value: string }[] = [];
  const invalid: string[] = [];
  for (const [key, value] of q) {
    if (PAGING.has(key) || key === 'all_tenants' || (countOn && key === 'with_count')) continue;
    if (allowed.has(key)) filters.push({ key, value });
    else if (resourceFilter) invalid.push(key);
  }
  if (invalid.length) return bad(`Invalid filters ${invalid.join(', ')} are found in query options.`);

  const t = ctx.backupsOf(req.projectId);
  const match = matcher(ctx, t, filters);
  const order = sortedRows(t, sorts, match);

  const rawMarker = q.get('marker');
  let start = 0;
  if (rawMarker !== null && !ctx.defect('backups-ignores-marker')) {
    const m = t.rowOf(rawMarker);
    if (m === undefined) {
      return ctx.variant('backups-unknown-marker-400')
        ? bad(`Invalid input received: marker ${rawMarker} could not be found.`)
        : { ok: false, status: 404, message: `Backup ${rawMarker} could not be found.` };
    }
    start = firstAfter(t, sorts, order, m);
  }
  start += offset;
  const count = order.length;
  const pageRows: number[] = [];
  for (let i = start; i < count && pageRows.length < limit; i++) pageRows.push(order.at(i));

  const items = pageRows.map((r) => item(ctx, t, r, req));
  const body: Record<string, unknown> = { [ctx.defect('backups-envelope-renamed') ? 'items' : facts.envelope]: items };
  const links = nextLinks(ctx, req, t, pageRows, limit, withCount ? count : pageRows.length);
  if (links) body[facts.linksField] = links;
  if (withCount) body.count = ctx.defect('backups-count-page-length') ? pageRows.length : count;
  return { ok: true, body };
}

/** Either a plain index range (no filter, default order) or an explicit list of row indices. */
interface RowOrder {
  length: number;
  at(i: number): number;
  indices?: Int32Array;
}

function matcher(
  ctx: TargetContext,
  t: BackupTable,
  filters: { key: string; value: string }[],
): ((r: number) => boolean) | undefined {
  const tests: ((r: number) => boolean)[] = [];
  const statusOf = (r: number) => t.statuses[t.status[r] as number] as string;
  const volumeOf = (r: number) => t.volumeIds[t.volume[r] as number] as string;
  for (const { key, value } of filters) {
    const like = key.endsWith('~');
    if (like && ctx.defect('backups-like-filter-ignored')) continue;
    const needle = value.toLowerCase();
    const column = key.replace(/~$/, '');
    const get =
      column === 'name'
        ? (r: number) => t.name(r)
        : column === 'status'
          ? statusOf
          : column === 'volume_id'
            ? volumeOf
            : () => null;
    if (column === 'name' && !like && ctx.defect('backups-name-filter-ignored')) continue;
    const invert = column === 'status' && !like && ctx.defect('backups-status-filter-inverted');
    // LIKE '%value%' (cinder db/api.py apply_like_filters); exact match otherwise.
    tests.push(like ? (r) => (get(r) ?? '').toLowerCase().includes(needle) : (r) => (get(r) === value) !== invert);
  }
  return tests.length ? (r) => tests.every((f) => f(r)) : undefined;
}

/** Ids are computed per row; a sort by id materialises them once per table. */
const idColumns = new WeakMap<BackupTable, string[]>();
function idColumn(t: BackupTable): string[] {
  let ids = idColumns.get(t);
  if (!ids) {
    ids = Array.from({ length: t.count }, (_, r) => t.id(r));
    idColumns.set(t, ids);
  }
  return ids;
}

function compareRows(t: BackupTable, sorts: { key: string; dir: string }[]): (a: number, b: number) => number {
  const ids = sorts.some((s) => s.key === 'id') ? idColumn(t) : undefined;
  const value = (key: string, r: number): string | number | null =>
    key === 'created_at'
      ? (t.createdAt[r] as number)
      : key === 'id'
        ? ids
          ? (ids[r] as string)
          : t.id(r)
        : key === 'status'
          ? (t.statuses[t.status[r] as number] as string)
          : key === 'volume_id'
            ? (t.volumeIds[t.volume[r] as number] as string)
            : t.name(r);
  const cmp = (x: unknown, y: unknown) =>
    x === y ? 0 : x === null ? -1 : y === null ? 1 : (x as any) < (y as any) ? -1 : 1;
  const keys = [...sorts];
  if (!keys.some((s) => s.key === 'id')) keys.push({ key: 'id', dir: keys[keys.length - 1]?.dir ?? 'desc' });
  return (a, b) => {
    for (const s of keys) {
      const d = cmp(value(s.key, a), value(s.key, b));
      if (d) return s.dir === 'asc' ? d : -d;
    }
    return 0;
  };
}

const isDefaultSort = (sorts: { key: string; dir: string }[]) =>
  sorts.length === 1 && sorts[0]!.key === 'created_at' && sorts[0]!.dir === 'desc';

function sortedRows(
  t: BackupTable,
  sorts: { key: string; dir: string }[],
  match: ((r: number) => boolean) | undefined,
): RowOrder {
  const n = t.count;
  if (!match && isDefaultSort(sorts)) return { length: n, at: (i) => i };
  let idx: number[] = [];
  for (let r = 0; r < n; r++) if (!match || match(r)) idx.push(r);
  // Rows are stored newest first, so the default order is the storage order.
  if (!isDefaultSort(sorts)) idx = idx.sort(compareRows(t, sorts));
  const indices = Int32Array.from(idx);
  return { length: indices.length, at: (i) => indices[i] as number, indices };
}

/** Position of the first row strictly after the marker row in the sort order (paginate_query). */
function firstAfter(t: BackupTable, sorts: { key: string; dir: string }[], order: RowOrder, marker: number): number {
  const cmp = isDefaultSort(sorts) ? (a: number, b: number) => a - b : compareRows(t, sorts);
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(order.at(mid), marker) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function item(ctx: TargetContext, t: BackupTable, r: number, req: ListRequest): Record<string, unknown> {
  const id = t.id(r);
  const out: Record<string, unknown> = {};
  for (const key of ctx.facts.backup.itemKeys) {
    if (key === 'id') out.id = id;
    else if (key === 'name') out.name = t.name(r);
    else if (key === 'links' && !ctx.defect('backup-links-missing')) {
      out.links = [
        { rel: 'self', href: `${req.origin}/volume/v3/${req.projectId}/backups/${id}` },
        { rel: 'bookmark', href: `${req.origin}/volume/${req.projectId}/backups/${id}` },
      ];
    }
  }
  if (ctx.variant('extra-response-fields')) out.description = null;
  return out;
}

/**
 * The next link: emitted when the page is full (Cinder: `limit <= item_count`, item_count being the
 * page length), carrying every original query parameter with `marker` moved to the end.
 */
function nextLinks(
  ctx: TargetContext,
  req: ListRequest,
  t: BackupTable,
  page: number[],
  limit: number,
  itemCount: number,
): unknown[] | undefined {
  if (ctx.defect('backups-no-next-link')) return undefined;
  const full = page.length > 0 && limit <= (ctx.variant('backups-count-links-upstream') ? itemCount : page.length);
  if (!full) return undefined;
  let markerRow = page[page.length - 1] as number;
  if (ctx.defect('backups-next-link-repeats') && page.length > 1) markerRow = page[page.length - 2] as number;
  let marker = t.id(markerRow);
  if (ctx.defect('backups-next-link-skips')) marker = t.id(markerRow + 1 < t.count ? markerRow + 1 : markerRow);
  const params = new URLSearchParams(ctx.defect('backups-next-link-drops-query') ? '' : req.query);
  params.delete('marker');
  params.append('marker', marker);
  let href = `${req.selfUrl}?${params.toString()}`;
  if (ctx.defect('backups-next-link-self')) href = `${req.selfUrl}${req.query.size ? `?${req.query.toString()}` : ''}`;
  if (ctx.defect('backups-next-link-other-host')) href = href.replace(req.origin, 'http://backups.example.invalid');
  return [{ rel: ctx.defect('backups-next-link-wrong-rel') ? 'more' : ctx.facts.backup.rel, href }];
}
