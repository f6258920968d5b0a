// Replays a recorded request sequence with a bare fetch loop (undici, keep-alive), one request after
// another. Values the target mints (tokens, ids of created resources) differ on a fresh target, so
// each one is learnt from the replayed answer and substituted into the requests that follow.
import { performance } from 'node:perf_hooks';
import type { RecordedExchange } from './recording-proxy.ts';

/** A path prefix and the origin it goes to (`/heat-api` → a Prism proxy whose upstream is `<target>/heat-api`). */
export interface Route {
  prefix: string;
  origin: string;
}

export interface ReplayStep {
  index: number;
  status: number;
  recordedStatus: number;
  headers: Headers;
  ms: number;
}

export interface ReplayResult {
  count: number;
  ms: number;
  /** CPU time of this process during the loop (user + system). */
  cpuMs: number;
  statusMismatches: number;
  mismatchSamples: string[];
}

export function applySubs(text: string, subs: ReadonlyMap<string, string>): string {
  let out = text;
  for (const [from, to] of subs) if (from && out.includes(from)) out = out.split(from).join(to);
  return out;
}

/** Pairs the `id` values at the same place in two JSON documents (recorded vs replayed answer). */
export function pairIds(recorded: unknown, replayed: unknown, into: Map<string, string>): void {
  if (Array.isArray(recorded) && Array.isArray(replayed)) {
    recorded.forEach((r, i) => pairIds(r, replayed[i], into));
    return;
  }
  if (recorded && replayed && typeof recorded === 'object' && typeof replayed === 'object') {
    const a = recorded as Record<string, unknown>;
    const b = replayed as Record<string, unknown>;
    for (const key of Object.keys(a)) {
      const x = a[key];
      const y = b[key];
      if (key === 'id' && typeof x === 'string' && typeof y === 'string' && x !== y && x.length >= 8) into.set(x, y);
      else pairIds(x, y, into);
    }
  }
}

export function routeFor(path: string, routes: readonly Route[]): string {
  for (const r of routes) {
    if (r.prefix === '' || path === r.prefix || path.startsWith(`${r.prefix}/`))
      return r.origin + path.slice(r.prefix.length);
  }
  throw new Error(`no route for ${path}`);
}

function tryJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function replay(
  records: readonly RecordedExchange[],
  routes: readonly Route[],
  onStep?: (step: ReplayStep) => void,
): Promise<ReplayResult> {
  const subs = new Map<string, string>();
  let statusMismatches = 0;
  const mismatchSamples: string[] = [];
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < records.length; i++) {
    const rec = records[i]!;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(rec.headers)) headers[k] = applySubs(v, subs);
    const url = routeFor(applySubs(rec.url, subs), routes);
    const t0 = onStep ? performance.now() : 0;
    const res = await fetch(url, {
      method: rec.method,
      headers,
      body: rec.body === undefined ? undefined : applySubs(rec.body, subs),
      redirect: 'manual',
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    if (onStep)
      onStep({
        index: i,
        status: res.status,
        recordedStatus: rec.status,
        headers: res.headers,
        ms: performance.now() - t0,
      });
    if (res.status !== rec.status) {
      statusMismatches++;
      if (mismatchSamples.length < 10)
        mismatchSamples.push(`${rec.method} ${rec.url}: recorded ${rec.status}, replayed ${res.status}`);
    }
    const token = res.headers.get('x-subject-token');
    if (rec.subjectToken && token && token !== rec.subjectToken) subs.set(rec.subjectToken, token);
    if (rec.responseBody !== undefined) pairIds(tryJson(rec.responseBody), tryJson(text), subs);
  }
  const used = process.cpuUsage(cpu);
  return {
    count: records.length,
    ms: performance.now() - started,
    cpuMs: (used.user + used.system) / 1000,
    statusMismatches,
    mismatchSamples,
  };
}
