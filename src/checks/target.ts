// How checks reach an operation on the target: which path it is served at (the documented one or a
// decided alternate), the shared plain responses every family reads, and microversion support.
import type { Operation, Service } from '../catalog/model.ts';
import type { Reply, RequestSpec } from '../http/client.ts';
import { fillTemplate, joinEndpoint, withQuery } from '../http/url.ts';
import type { CheckContext } from './model.ts';

export type Served = { path: string; endpoint: string } | { notServed: string };

/** `OpenStack-API-Version` header service names, as Cinder wants them (pitfalls.md). */
export const MICROVERSION_SERVICE: Partial<Record<Service, string>> = { 'block-storage': 'volume' };

export function pathParams(ctx: CheckContext, extra: Record<string, string> = {}): Record<string, string> {
  return { project_id: ctx.session.projectId, tenant_id: ctx.session.projectId, ...extra };
}

export function urlFor(
  ctx: CheckContext,
  served: { path: string; endpoint: string },
  params: Record<string, string> = {},
  query?: Record<string, string | number | boolean>,
): string {
  return withQuery(joinEndpoint(served.endpoint, fillTemplate(served.path, pathParams(ctx, params))), query);
}

/**
 * The URL of `served` with another project in the path. The catalog endpoint usually carries the
 * token's project already (`…/v1/<project>`), so the path is joined with the token's own project
 * first (the overlap then lines up) and that segment swapped afterwards.
 */
export function urlForProject(
  ctx: CheckContext,
  served: { path: string; endpoint: string },
  project: string,
  params: Record<string, string> = {},
): string {
  const own = encodeURIComponent(ctx.session.projectId);
  const url = new URL(urlFor(ctx, served, params));
  url.pathname = url.pathname
    .split('/')
    .map((seg) => (seg === own ? encodeURIComponent(project) : seg))
    .join('/');
  return url.toString();
}

/** A GET shared by every check of the worker: the same request is sent once. */
export function sharedSend(ctx: CheckContext, spec: RequestSpec): Promise<Reply> {
  return shared(ctx, spec).then((reply) => {
    ctx.touched(reply);
    return reply;
  });
}

/**
 * A plain GET of `url` shared as sharedSend shares it, for what reads it without resting a verdict
 * on it (the sweep of leftovers, a value read from a listing): not evidence of the asking family.
 */
export function sharedRead(ctx: CheckContext, url: string): Promise<Reply> {
  return shared(ctx, { method: 'GET', url });
}

function shared(ctx: CheckContext, spec: RequestSpec): Promise<Reply> {
  const headers = Object.entries(spec.headers ?? {})
    .map(([k, v]) => `${k.toLowerCase()}=${v}`)
    .sort()
    .join('&');
  const key = `http ${spec.method} ${spec.url} ${spec.auth ?? 'token'} ${headers}`;
  return ctx.memo(key, () => ctx.client.send(spec));
}

function endpointOf(ctx: CheckContext, op: Operation): string | undefined {
  return ctx.session.endpoints[op.service];
}

/**
 * Where the operation is served. A list operation is probed with a GET at its documented path, then at
 * its decided alternates. At each, 404 means the target does not serve the path, and so does 300 when
 * the path names an API version (`/v1.1/…`): a versions document in answer to a versioned path says
 * that version is not served (Glance 25 answers `/v1.1/images/detail` so). A 300 at a path that names
 * no version (`/`) is the answer the operation itself gives, judged by the checks. Not served at every
 * path is "not served" (Glance v1 is gone from current OpenStack), not a failed field check.
 */
export function served(ctx: CheckContext, op: Operation = ctx.operation): Promise<Served> {
  return ctx.memo(`served ${op.id}`, async (): Promise<Served> => {
    const endpoint = endpointOf(ctx, op);
    if (!endpoint) return { notServed: `not served: the target's service catalog has no ${op.service} endpoint` };
    const templated = /\{(?!project_id\}|tenant_id\})[^}]+\}/.test(op.path);
    if (op.method !== 'GET' || templated) return { path: op.path, endpoint };
    const tried: string[] = [];
    for (const path of [op.path, ...op.alternatePaths]) {
      const reply = await sharedSend(ctx, { method: 'GET', url: urlFor(ctx, { path, endpoint }) });
      const why = notServedBy(path, reply.status);
      if (!why) return { path, endpoint };
      tried.push(`GET ${reply.url} answers ${why}`);
    }
    return { notServed: `not served: ${tried.join('; ')}` };
  });
}

/** Why an answer to a probe of `path` says the path is not served, or undefined when it is served. */
export function notServedBy(path: string, status: number | undefined): string | undefined {
  if (status === 404) return '404';
  const version = /^\/(v\d+(?:\.\d+)?)(?:\/|$)/.exec(path)?.[1];
  if (status === 300 && version) return `300 (a versions document: ${version} is not served)`;
  return undefined;
}

/** The plain GET of a list operation, as every family sees it first. */
export async function plainGet(ctx: CheckContext, op: Operation = ctx.operation): Promise<Reply | undefined> {
  const where = await served(ctx, op);
  if ('notServed' in where) return undefined;
  return sharedSend(ctx, { method: 'GET', url: urlFor(ctx, where) });
}

export function compareVersions(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am !== bm ? am - bm : an - bn;
}

/** Why a microversion cannot be asked for, or undefined when the target serves it (or does not say). */
export function microversionGap(ctx: CheckContext, service: Service, version: string | undefined): string | undefined {
  if (!version) return undefined;
  const range = ctx.session.microversions[service];
  if (!range) return undefined;
  if (compareVersions(version, range.max) > 0) {
    return `needs microversion ${version}; the target serves ${range.min} to ${range.max}`;
  }
  return undefined;
}

export function microversionHeader(service: Service, version: string | undefined): Record<string, string> {
  const name = MICROVERSION_SERVICE[service];
  if (!version || !name) return {};
  return { 'OpenStack-API-Version': `${name} ${version}` };
}

/** Highest microversion a requirement set needs (e.g. 3.45 for with_count). */
export function maxVersion(versions: (string | undefined)[]): string | undefined {
  return versions
    .filter((v): v is string => !!v)
    .sort(compareVersions)
    .at(-1);
}
