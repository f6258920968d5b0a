// A remote cloud, simulated: the embedded target behind a proxy that adds a fixed 50 ms to every
// request (bench/lib/delay-proxy.ts, loopback only). A full run with the default concurrency is
// compared with its critical path — the longest chain of requests that depend on each other
// (bench/lib/critical-path.ts says how it is counted) times the delay, plus start-up (Playwright's
// empty run and the login requests, each delayed too). Goal: full run ≤ 1.5 × critical path.
// The same run with --concurrency 1 shows what running independent requests together saves, and
// the verdicts of the two runs are compared requirement by requirement.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog, loadSchemas } from '../src/catalog/load.ts';
import { connect } from '../src/config/connect.ts';
import { loadConfiguration } from '../src/config/load.ts';
import { runCatalog } from '../src/run/engine.ts';
import { DEFAULT_LIMITS } from '../src/session/model.ts';
import { conformanceAvailable, runConformance } from './lib/conformance.ts';
import { criticalPath, type CriticalPath } from './lib/critical-path.ts';
import { startDelayProxy } from './lib/delay-proxy.ts';
import { progress, runAsMain, type BenchOptions } from './lib/main.ts';
import { atMost, info, type Section } from './lib/section.ts';
import { playwrightStartupOnce } from './lib/startup.ts';
import { fmtMs, median, repeat } from './lib/stats.ts';
import { osEnvFor, startTarget } from './lib/target.ts';
import { removeLater } from './lib/leftovers.ts';

const DELAY_MS = 50;

/** Per-unit request counts from a sequential in-process run of the whole catalog (no delay). */
export async function measureCriticalPath(lanes: number): Promise<CriticalPath> {
  const target = await startTarget();
  try {
    const session = await connect(loadConfiguration({ env: {}, dotenv: false }), {
      embedded: target.login,
    });
    const run = await runCatalog(loadCatalog(), loadSchemas(), {
      ...session,
      limits: { ...session.limits, concurrency: 1 },
    });
    return criticalPath(
      run.units.map((u) => ({
        operation: `${u.operation} › ${u.family}`,
        service: u.service,
        requests: u.requests ?? 0,
        writes: u.writes,
        footprint: u.footprint,
        ...(u.started ? { started: u.started } : {}),
      })),
      run.requests,
      lanes,
      run.cleanupLayers,
    );
  } finally {
    await target.close();
  }
}

interface DelayedRun {
  wallMs: number;
  code: number | null;
  requests: number;
  identity: number;
  peakInFlight: number;
  verdicts: Map<string, string>;
  retried?: number;
}

async function delayedRun(concurrency: number): Promise<DelayedRun> {
  const target = await startTarget();
  const proxy = await startDelayProxy(target.baseUrl, {
    delayMs: DELAY_MS,
    maxRequests: 50_000,
    lifetimeMs: 20 * 60_000,
  });
  const reportDir = await mkdtemp(join(tmpdir(), 'cac-bench-latency-'));
  try {
    const authUrl = target.authUrl.replace(new URL(target.baseUrl).origin, proxy.url);
    const run = await runConformance(osEnvFor(authUrl, target.credentials), [], {
      reportDir,
      extraEnv: { CONFORMANCE_CONCURRENCY: String(concurrency) },
      timeoutMs: 900_000,
    });
    if (run.timedOut) throw new Error(`delayed run (concurrency ${concurrency}) timed out`);
    const report = JSON.parse(await readFile(join(reportDir, 'conformance.json'), 'utf8')) as {
      requirements: { id: string; verdict: string }[];
      run: { requests?: { retried: number } };
    };
    return {
      wallMs: run.wallMs,
      code: run.code,
      requests: proxy.log.length,
      identity: proxy.log.filter((r) => r.path.startsWith('/identity')).length,
      peakInFlight: proxy.peakInFlight(),
      verdicts: new Map(report.requirements.map((r) => [r.id, r.verdict])),
      ...(report.run.requests ? { retried: report.run.requests.retried } : {}),
    };
  } finally {
    removeLater(reportDir);
    await proxy.close();
    await target.close();
  }
}

export async function run(opts: BenchOptions): Promise<Section> {
  const section: Section = {
    id: 'latency',
    title: `A remote cloud, simulated: every request delayed ${DELAY_MS} ms`,
    command: 'npx tsx bench/latency.ts',
    tables: [],
    ratios: [],
    notes: [],
  };
  const missing = conformanceAvailable();
  if (missing) return { ...section, skipped: missing };
  const lanes = DEFAULT_LIMITS.concurrency ?? 4;
  const rounds = opts.quick ? 1 : 3;
  progress("latency: counting each unit's requests (sequential, in process, no delay)");
  const path = await measureCriticalPath(lanes);
  progress(
    `latency: ${rounds} round(s) of an empty run, a full run at concurrency ${lanes} and one at 1, through the ${DELAY_MS} ms proxy`,
  );
  const empties: number[] = [];
  const concurrent: DelayedRun[] = [];
  const sequential: DelayedRun[] = [];
  await repeat(rounds, async () => {
    empties.push((await playwrightStartupOnce()).wallMs);
    concurrent.push(await delayedRun(lanes));
    sequential.push(await delayedRun(1));
  });
  const startupMs = median(empties) + median(concurrent.map((r) => r.identity)) * DELAY_MS;
  const criticalMs = path.chain * DELAY_MS + startupMs;
  const scheduledMs = path.scheduled * DELAY_MS + startupMs;
  const sequentialPathMs = path.total * DELAY_MS + startupMs;
  const boundMs = path.bound * DELAY_MS + startupMs;
  const fullMs = median(concurrent.map((r) => r.wallMs));
  const seqMs = median(sequential.map((r) => r.wallMs));
  const differ = [...sequential[0]!.verdicts].filter(([id, v]) => concurrent[0]!.verdicts.get(id) !== v);

  section.tables.push({
    caption: `Median of ${rounds} round(s) (empty run, full run at concurrency ${lanes}, full run at 1, one after the other); requests counted at the proxy.`,
    header: ['what', 'wall time', 'detail'],
    rows: [
      [
        `full run, \`--concurrency ${lanes}\` (the default)`,
        fmtMs(fullMs),
        `exit ${concurrent.map((r) => r.code).join(', ')}; ${concurrent[0]!.requests} requests; at most ${Math.max(...concurrent.map((r) => r.peakInFlight))} in flight; runs ${concurrent.map((r) => fmtMs(r.wallMs)).join(', ')}`,
      ],
      [
        'full run, `--concurrency 1`',
        fmtMs(seqMs),
        `exit ${sequential.map((r) => r.code).join(', ')}; ${sequential[0]!.requests} requests; at most ${Math.max(...sequential.map((r) => r.peakInFlight))} in flight; runs ${sequential.map((r) => fmtMs(r.wallMs)).join(', ')}`,
      ],
      [
        'start-up: Playwright empty run + login requests × delay',
        fmtMs(startupMs),
        `empty runs ${empties.map(fmtMs).join(', ')}; ${concurrent[0]!.identity} identity requests`,
      ],
      [
        'critical path: longest chain × delay + start-up',
        fmtMs(criticalMs),
        `${path.chain} request-times: the largest family of an operation (${path.largest?.operation ?? '—'}, ${path.largest?.requests ?? 0}) + cleanup (${path.cleanup} deletes in layers: ${path.cleanupPath})`,
      ],
      [
        `the ordering rule's path (a family waits for earlier ones its footprint conflicts with; ${lanes} per service) × delay + start-up`,
        fmtMs(scheduledMs),
        `${path.scheduled} request-times`,
      ],
      [
        `the busiest service's requests ÷ ${lanes} in flight, + cleanup, × delay + start-up (no schedule at the default bound is shorter)`,
        fmtMs(boundMs),
        `${path.bound} request-times: ${path.busiest?.service ?? '—'}, ${path.busiest?.requests ?? 0} requests`,
      ],
      [
        'every request one after another × delay + start-up',
        fmtMs(sequentialPathMs),
        `${path.total} requests (in process, counted by the client)`,
      ],
    ],
  });
  section.ratios.push(atMost('full run / critical path', fullMs / criticalMs, 1.5));
  section.ratios.push(info("full run / the ordering rule's path", fullMs / scheduledMs));
  section.ratios.push(info(`full run / the bound at ${lanes} in flight per service`, fullMs / boundMs));
  section.ratios.push(
    info(`that bound / critical path (above 1.5, the goal needs more than ${lanes} in flight)`, boundMs / criticalMs),
  );
  section.ratios.push(info(`speed-up of concurrency ${lanes} over 1`, seqMs / fullMs));
  section.notes.push(
    `How the critical path is counted: a sequential in-process run of the whole catalog (src/run/engine.ts, the worker's own checks and client) counts the requests of each family of checks on each operation. Inside a family, each check awaits an answer before its next request, and the prerequisites a family is the first to need are created inside it, in dependency order: a family is a chain. Families do not wait on each other's answers (shared responses and prerequisites are memoised; whichever asks first makes them), so the longest chain is the largest family, plus the cleanup at the end (deletes in layers: a resource after everything made with it; the deletes of a layer together, within the bound per service). Start-up is Playwright's empty run plus the login requests, each delayed too.`,
    `Verdicts of the two delayed runs: ${differ.length === 0 ? `identical for all ${sequential[0]!.verdicts.size} requirements` : `${differ.length} differ (first: ${differ[0]![0]})`}.${concurrent[0]!.retried ? ` ${concurrent[0]!.retried} requests were retried after 429/503.` : ''}`,
  );
  return section;
}

await runAsMain(import.meta.url, run);
