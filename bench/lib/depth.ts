// The dependency depth of a run, measured: how many request-times it takes when nothing but the
// dependencies between its requests holds one back. The in-process engine (src/run/engine.ts) runs
// the whole catalog against the embedded target behind the delay proxy with no bound on requests in
// flight, at two delays; the depth is the slope of the wall time over the delay, so the CPU the
// chain spends (the same at both delays) drops out.
//   - unordered: families start at once and wait only for the answers they share (a prerequisite or
//     a lifecycle another family makes, a response fetched once): the data dependencies alone, the
//     longest chain of requests that depend on each other.
//   - ordered: the suite's ordering rule as well (src/run/ahead.ts: a family waits for the earlier
//     ones its footprint conflicts with, so verdicts are those of a sequential run).
import type { Catalog } from '../../src/catalog/model.ts';
import { loadCatalog, loadSchemas } from '../../src/catalog/load.ts';
import { SchemaRegistry } from '../../src/checks/ajv.ts';
import { connect } from '../../src/config/connect.ts';
import { loadConfiguration } from '../../src/config/load.ts';
import { runCatalog } from '../../src/run/engine.ts';
import { startDelayProxy } from './delay-proxy.ts';
import { osEnvFor, startTarget } from './target.ts';

/** Requests in flight per service in these runs: more than a run ever has waiting at once. */
const UNBOUNDED = 100_000;

export interface TimedRun {
  delayMs: number;
  wallMs: number;
  requests: number;
}

export interface Depth {
  /** Request-times on the longest chain. */
  requestTimes: number;
  runs: TimedRun[];
}

/** The slope of wall time over delay, least squares through the runs (two or more delays). */
export function slope(runs: readonly TimedRun[]): number {
  const n = runs.length;
  const mx = runs.reduce((a, r) => a + r.delayMs, 0) / n;
  const my = runs.reduce((a, r) => a + r.wallMs, 0) / n;
  const sxx = runs.reduce((a, r) => a + (r.delayMs - mx) ** 2, 0);
  if (n < 2 || sxx === 0) throw new Error('the depth needs runs at two different delays at least');
  return runs.reduce((a, r) => a + (r.delayMs - mx) * (r.wallMs - my), 0) / sxx;
}

async function timedRun(
  delayMs: number,
  ordered: boolean,
  catalog: Catalog,
  registry: SchemaRegistry,
): Promise<TimedRun> {
  const target = await startTarget();
  const proxy = await startDelayProxy(target.baseUrl, { delayMs, maxRequests: 50_000, lifetimeMs: 10 * 60_000 });
  try {
    const authUrl = target.authUrl.replace(new URL(target.baseUrl).origin, proxy.url);
    const session = await connect(loadConfiguration({ env: osEnvFor(authUrl, target.credentials), dotenv: false }), {});
    const started = performance.now();
    const run = await runCatalog(
      catalog,
      registry,
      { ...session, limits: { ...session.limits, concurrency: UNBOUNDED } },
      { unordered: !ordered },
    );
    return { delayMs, wallMs: performance.now() - started, requests: run.requests };
  } finally {
    await proxy.close();
    await target.close();
  }
}

/** The depth of a whole run at the given delays (the catalog of specs/, the embedded target). */
export async function dependencyDepth(ordered: boolean, delays: readonly number[] = [100, 200]): Promise<Depth> {
  const catalog = loadCatalog();
  const registry = new SchemaRegistry(loadSchemas());
  const runs: TimedRun[] = [];
  for (const delayMs of delays) runs.push(await timedRun(delayMs, ordered, catalog, registry));
  return { requestTimes: slope(runs), runs };
}
