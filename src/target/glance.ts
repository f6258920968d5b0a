// Glance v1 (queens-eol) image detail list at `<base>/image/v1.1/images/detail` and its `/v1`,
// `/v1.0` aliases: the registry's filters, limit/marker paging (default 25, cap 1000), sort_key /
// sort_dir, changes-since including deleted images, and webob's plain-text / HTML / JSON errors.
import { Hono, type Context } from 'hono';
import type { TargetContext } from './context.ts';
import { originOf, send, sendJson } from './context.ts';
import { checkToken, type Caller } from './keystone.ts';
import { webobError, WEBOB, type ErrorResponse } from './faults.ts';
import { formatTime, parseIsoTime, type TimeStyle } from './timestamps.ts';
import type { ImageRow } from './seed.ts';
import { fromCore } from './core/mount.ts';

type Env = { Variables: { caller: Caller } };

const LIMIT_MAX = 1000;
const SORT_KEYS = [
  'name',
  'status',
  'container_format',
  'disk_format',
  'size',
  'id',
  'created_at',
  'updated_at',
] as const;
const TIME_KEYS = new Set(['created_at', 'updated_at', 'deleted_at']);
const UUID_LIKE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const JSON_TYPE = 'application/json; charset=UTF-8';

export function glanceTimeStyle(ctx: TargetContext): TimeStyle {
  if (ctx.variant('glance-no-fraction')) return { fraction: 0, zone: 'none' };
  if (ctx.variant('glance-utc-z')) return { fraction: 6, zone: 'Z' };
  return { fraction: 6, zone: 'none' };
}

function timeOf(ctx: TargetContext, us: number): string {
  if (ctx.defect('image-time-rfc1123')) return new Date(us / 1000).toUTCString();
  const s = formatTime(us, glanceTimeStyle(ctx));
  return ctx.defect('image-impossible-date') ? s.replace(/^(\d{4})-\d{2}-\d{2}/, '$1-02-30') : s;
}

export function presentImage(ctx: TargetContext, row: ImageRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ctx.facts.image.keys) {
    if (!(key in row)) continue;
    const v = row[key as keyof ImageRow];
    out[key] = TIME_KEYS.has(key) && typeof v === 'number' ? timeOf(ctx, v) : v;
  }
  if (ctx.defect('image-size-as-string') && typeof out.size === 'number') out.size = String(out.size);
  if (ctx.defect('image-missing-status')) delete out.status;
  if (ctx.defect('image-protected-null')) out.protected = null;
  if (ctx.variant('extra-response-fields')) out.os_hash_algo = row.checksum === null ? null : 'md5';
  return out;
}

/** A registry-side 400: the API re-raises it with the registry's own plain-text body as explanation. */
function registryBadRequest(detail: string, accept: string | undefined): ErrorResponse {
  const inner = `400 ${WEBOB[400]!.title}\n\n${WEBOB[400]!.explanation}\n\n ${detail}  `;
  return webobError(400, '', accept, inner);
}

interface Query {
  limit: number;
  marker?: ImageRow;
  sortKey: (typeof SORT_KEYS)[number];
  sortDir: 'asc' | 'desc';
  changesSince?: number;
  filters: ((r: ImageRow) => boolean)[];
}

const nonNegativeInt = (v: string): boolean => /^\d+$/.test(v.trim());
const BOOL = new Map([
  ['true', true],
  ['1', true],
  ['false', false],
  ['0', false],
]);

function parseQuery(ctx: TargetContext, c: Context<Env>, visible: (r: ImageRow) => boolean): Query | ErrorResponse {
  const accept = c.req.header('accept');
  const q = new URL(c.req.url).searchParams;
  const filters: Query['filters'] = [];
  const lax = ctx.defect('image-bad-filter-accepted');
  // API layer (glance/api/v1/filters.py): numeric filters must be integers >= 0.
  for (const [key, v] of q) {
    if (['size_min', 'size_max', 'min_ram', 'min_disk'].includes(key) && !nonNegativeInt(v)) {
      if (lax) continue;
      return webobError(400, `Bad value passed to filter ${key} got ${v}`, accept);
    }
    if (key === 'protected' && !BOOL.has(v.toLowerCase())) {
      if (lax) continue;
      return webobError(400, `Bad value passed to filter ${key} got ${v}`, accept);
    }
    const exact = (col: keyof ImageRow) => filters.push((r) => String(r[col]) === v);
    switch (key) {
      case 'name':
      case 'container_format':
      case 'disk_format':
        exact(key);
        break;
      case 'status':
        if (!ctx.defect('images-status-filter-ignored')) filters.push((r) => r.status === v);
        break;
      case 'size_min':
      case 'size_max': {
        const n = Number(v);
        const floor = (key === 'size_min') !== ctx.defect('images-size-filter-inverted');
        filters.push((r) => r.size !== null && (floor ? r.size >= n : r.size <= n));
        break;
      }
      case 'min_ram':
      case 'min_disk':
        filters.push((r) => r[key] === Number(v));
        break;
      case 'protected':
        filters.push((r) => r.protected === BOOL.get(v.toLowerCase()));
        break;
      default:
        if (key.startsWith('property-')) filters.push((r) => r.properties[key.slice('property-'.length)] === v);
    }
  }
  // Registry layer: changes-since, then limit, marker, sort_key, sort_dir.
  let changesSince: number | undefined;
  const cs = q.get('changes-since');
  if (cs !== null && !ctx.defect('images-changes-since-ignored')) {
    changesSince = parseIsoTime(cs);
    if (changesSince === undefined) return registryBadRequest('Unrecognized changes-since value', accept);
  }
  let limit = ctx.variant('image-page-size-10') ? 10 : 25;
  const l = q.get('limit');
  if (l !== null && !ctx.defect('images-ignore-limit')) {
    if (!/^-?\d+$/.test(l.trim())) return registryBadRequest('limit param must be an integer', accept);
    if (Number(l) < 0) return registryBadRequest('limit param must be positive', accept);
    limit = Math.min(LIMIT_MAX, Number(l));
  }
  let marker: ImageRow | undefined;
  const m = q.get('marker');
  if (m !== null && !ctx.defect('images-ignore-marker')) {
    if (!UUID_LIKE.test(m)) return registryBadRequest('Invalid marker format', accept);
    marker = ctx.state.imagesById.get(m);
    if (!marker || !visible(marker)) return registryBadRequest('Invalid marker. Image could not be found.', accept);
  }
  const sk = q.get('sort_key') ?? 'created_at';
  if (!(SORT_KEYS as readonly string[]).includes(sk))
    return registryBadRequest(`Unsupported sort_key. Acceptable values: ${SORT_KEYS.join(', ')}`, accept);
  const sd = q.get('sort_dir') ?? 'desc';
  if (sd !== 'asc' && sd !== 'desc')
    return registryBadRequest('Unsupported sort_dir. Acceptable values: asc, desc', accept);
  return {
    limit,
    ...(marker ? { marker } : {}),
    sortKey: sk as Query['sortKey'],
    sortDir: sd,
    ...(changesSince !== undefined ? { changesSince } : {}),
    filters,
  };
}

/** Upstream compares `updated_at > changes-since` at the stored precision; a variant compares whole seconds. */
function sinceCompare(ctx: TargetContext, updated: number, since: number): boolean {
  if (ctx.variant('glance-changes-since-seconds')) return Math.floor(updated / 1e6) > Math.floor(since / 1e6);
  return updated > since;
}

/** Sort by the key, then created_at and id in the same direction; NULL sorts first ascending, as in MySQL. */
function comparator(q: Query): (a: ImageRow, b: ImageRow) => number {
  const cmp = (x: unknown, y: unknown): number =>
    x === y ? 0 : x === null ? -1 : y === null ? 1 : (x as any) < (y as any) ? -1 : 1;
  const dir = q.sortDir === 'asc' ? 1 : -1;
  return (a, b) => dir * (cmp(a[q.sortKey], b[q.sortKey]) || cmp(a.created_at, b.created_at) || cmp(a.id, b.id));
}

export function listImages(ctx: TargetContext, caller: Caller, q: Query): ImageRow[] {
  const visible = (r: ImageRow) => r.is_public || r.owner === caller.projectId;
  const order = comparator(q);
  const rows = ctx.state.images.filter(
    (r) =>
      visible(r) &&
      (q.changesSince !== undefined
        ? r.updated_at !== null && sinceCompare(ctx, r.updated_at, q.changesSince)
        : !r.deleted && r.status !== 'killed') &&
      q.filters.every((f) => f(r)) &&
      (q.marker === undefined || order(r, q.marker) > 0),
  );
  return rows.sort(order).slice(0, q.limit);
}

export function glanceRoutes(ctx: TargetContext): Hono<Env> {
  const app = new Hono<Env>();
  const versions = (c: Context<Env>) => {
    const origin = originOf(c);
    return sendJson(c, 300, {
      versions: [
        { id: 'v1.1', status: 'DEPRECATED', links: [{ rel: 'self', href: `${origin}/image/v1/` }] },
        { id: 'v1.0', status: 'DEPRECATED', links: [{ rel: 'self', href: `${origin}/image/v1/` }] },
      ],
    });
  };
  // Version documents the catalog describes (`GET /`, `GET /{api_version}`) come from the core; otherwise Glance's own.
  app.use('*', fromCore(ctx, 'image'));
  app.get('/', versions);

  // Everything else the catalog documents for Glance beyond v1 (v2 images, schemas, tags, upload) comes from the core too.
  const prefixes = ['/v1', '/v1.0', '/v1.1'];
  for (const p of prefixes) {
    app.use(`${p}/*`, async (c, next) => {
      const caller = checkToken(ctx, c);
      if ('status' in caller) return send(c, caller);
      c.set('caller', caller);
      await next();
    });
    app.get(`${p}/images/detail`, (c) => {
      // hono dispatches HEAD to the GET route; Glance refuses HEAD on detail (api/v1/router.py).
      if (c.req.method === 'HEAD') {
        return send(c, {
          ...webobError(
            405,
            '',
            c.req.header('accept'),
            'This operation is currently not permitted on Glance images details.',
          ),
          headers: { Allow: 'GET' },
        });
      }
      const caller = c.get('caller');
      const visible = (r: ImageRow) => r.is_public || r.owner === caller.projectId;
      const q = parseQuery(ctx, c, visible);
      if ('status' in q) return send(c, q);
      const rows = listImages(ctx, caller, q).map((r) => presentImage(ctx, r));
      const envelope = ctx.facts.image.envelope;
      const body = ctx.defect('images-envelope-object')
        ? { [envelope]: Object.fromEntries(rows.map((r) => [r.id, r])) }
        : { [envelope]: rows };
      return c.body(JSON.stringify(body), 200, { 'Content-Type': JSON_TYPE });
    });
    app.all(`${p}/images/detail`, (c) =>
      send(c, { ...webobError(405, '', c.req.header('accept')), headers: { Allow: 'GET' } }),
    );
    app.get(`${p}/images`, (c) => {
      const caller = c.get('caller');
      const visible = (r: ImageRow) => r.is_public || r.owner === caller.projectId;
      const q = parseQuery(ctx, c, visible);
      if ('status' in q) return send(c, q);
      const keys = ['id', 'name', 'size', 'disk_format', 'container_format', 'checksum'] as const;
      const rows = listImages(ctx, caller, q).map((r) => Object.fromEntries(keys.map((k) => [k, r[k]])));
      return c.body(JSON.stringify({ images: rows }), 200, { 'Content-Type': JSON_TYPE });
    });
    app.all(`${p}/*`, (c) => send(c, webobError(404, '', c.req.header('accept'))));
  }
  // An unknown version prefix gets the versions document, as Glance's version negotiation does.
  app.all('*', versions);
  return app;
}
