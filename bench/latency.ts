// A remote cloud, simulated: the embedded target behind a proxy that adds a fixed 50 ms to every
// request (bench/lib/delay-proxy.ts, loopback only). A full run with the default concurrency is
// compared with its critical path — the longest chain of requests that depend on each other
// (bench/lib/depth.ts measures it) times the delay, plus start-up (Playwright's empty run and the
// login requests, each delayed too). Goal: full run ≤ 1.5 × critical path.
// The same run with --concurrency 1 shows what running independent requests together saves, one at
// twice the default what a less polite bound would give, and the verdicts of the three runs are
// compared requirement by requirement.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog, loadSchemas } from '../src/catalog/load.ts';
import { connect } from '../src/config/connect.ts';
import { loadConfiguration } from '../src/config/load.ts';
import { runCatalog } from '../src/run/engine.ts';
import { DEFAULT_LIMITS } from '../src/session/model.ts';
import { conformanceAvailable, runConformance } from './lib/conformance.ts';
import { requestBound, type RequestBound } from './lib/request-bound.ts';
import { dependencyDepth } from './lib/depth.ts';
import { startDelayProxy } from './lib/delay-proxy.ts';
import { progress, runAsMain, type BenchOptions } from './lib/main.ts';
import { atMost, info, type Section } from './lib/section.ts';
import { playwrightStartupOnce } from './lib/startup.ts';
import { fmtMs, median, repeat } from './lib/stats.ts';
import { osEnvFor, startTarget } from './lib/target.ts';
import { removeLater } from './lib/leftovers.ts';

const DELAY_MS = 50;

/** Per-unit request counts from a sequential in-process run of the whole catalog (no delay). */
export async function measureBound(lanes: number): Promise<RequestBound> {
  const target = await startTarget();
  try {
    const session = await connect(loadConfiguration({ env: {}, dotenv: false }), {
      embedded: target.login,
    });
    const run = await runCatalog(loadCatalog(), loadSchemas(), {
      ...session,
      limits: { ...session.limits, concurrency: 1 },
    });
    return requestBound(
      run.units.map((u) => ({
        operation: `${u.operation} › ${u.family}`,
        service: u.service,
        requests: u.requests ?? 0,
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

function runsText(runs: readonly { delayMs: number; wallMs: number; requests: number }[]): string {
  return `runs ${runs.map((r) => `${fmtMs(r.wallMs)} at ${r.delayMs} ms`).join(', ')} (${runs[0]!.requests} requests)`;
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
  const path = await measureBound(lanes);
  const delays = opts.quick ? [100, 200] : [100, 150, 200];
  progress(
    `latency: the longest chain of requests that depend on each other, in process, nothing bounded, at delays of ${delays.join(', ')} ms (without, then with, the ordering rule)`,
  );
  const depth = await dependencyDepth(false, delays);
  const ordered = await dependencyDepth(true, delays);
  progress(
    `latency: ${rounds} round(s) of an empty run, a full run at concurrency ${lanes}, one at ${2 * lanes} and one at 1, through the ${DELAY_MS} ms proxy`,
  );
  const empties: number[] = [];
  const concurrent: DelayedRun[] = [];
  const doubled: DelayedRun[] = [];
  const sequential: DelayedRun[] = [];
  await repeat(rounds, async () => {
    empties.push((await playwrightStartupOnce()).wallMs);
    concurrent.push(await delayedRun(lanes));
    doubled.push(await delayedRun(2 * lanes));
    sequential.push(await delayedRun(1));
  });
  const startupMs = median(empties) + median(concurrent.map((r) => r.identity)) * DELAY_MS;
  const criticalMs = depth.requestTimes * DELAY_MS + startupMs;
  const orderedMs = ordered.requestTimes * DELAY_MS + startupMs;
  const sequentialPathMs = path.total * DELAY_MS + startupMs;
  const boundMs = path.bound * DELAY_MS + startupMs;
  const fullMs = median(concurrent.map((r) => r.wallMs));
  const seqMs = median(sequential.map((r) => r.wallMs));
  const doubledMs = median(doubled.map((r) => r.wallMs));
  const differ = [...sequential[0]!.verdicts].filter(
    ([id, v]) => concurrent[0]!.verdicts.get(id) !== v || doubled[0]!.verdicts.get(id) !== v,
  );

  section.tables.push({
    caption: `Median of ${rounds} round(s) (empty run, full runs at concurrency ${lanes}, ${2 * lanes} and 1, one after the other); requests counted at the proxy.`,
    header: ['what', 'wall time', 'detail'],
    rows: [
      [
        `full run, \`--concurrency ${lanes}\` (the default)`,
        fmtMs(fullMs),
        `exit ${concurrent.map((r) => r.code).join(', ')}; ${concurrent[0]!.requests} requests; at most ${Math.max(...concurrent.map((r) => r.peakInFlight))} in flight; runs ${concurrent.map((r) => fmtMs(r.wallMs)).join(', ')}`,
      ],
      [
        `full run, \`--concurrency ${2 * lanes}\` (for comparison: not the default)`,
        fmtMs(doubledMs),
        `exit ${doubled.map((r) => r.code).join(', ')}; ${doubled[0]!.requests} requests; at most ${Math.max(...doubled.map((r) => r.peakInFlight))} in flight; runs ${doubled.map((r) => fmtMs(r.wallMs)).join(', ')}`,
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
        'critical path: the longest chain of requests that depend on each other × delay + start-up',
        fmtMs(criticalMs),
        `${depth.requestTimes.toFixed(1)} request-times: ${runsText(depth.runs)}`,
      ],
      [
        "the longest chain under the suite's ordering rule as well (a family waits for earlier ones its footprint conflicts with) × delay + start-up",
        fmtMs(orderedMs),
        `${ordered.requestTimes.toFixed(1)} request-times: ${runsText(ordered.runs)}`,
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
  section.ratios.push(info('full run / the longest chain under the ordering rule', fullMs / orderedMs));
  section.ratios.push(info('the longest chain under the ordering rule / critical path', orderedMs / criticalMs));
  section.ratios.push(info(`full run / the bound at ${lanes} in flight per service`, fullMs / boundMs));
  section.ratios.push(
    info(`that bound / critical path (above 1.5, the goal needs more than ${lanes} in flight)`, boundMs / criticalMs),
  );
  section.ratios.push(info(`full run at ${2 * lanes} in flight per service / critical path`, doubledMs / criticalMs));
  section.ratios.push(info(`speed-up of concurrency ${lanes} over 1`, seqMs / fullMs));
  section.notes.push(
    `How the critical path is measured: the in-process engine (src/run/engine.ts: the worker's own checks, client and guarded transport) runs the whole catalog against the embedded target behind the delay proxy with no bound on requests in flight, families started at once, each waiting only for the answers it shares with others (a prerequisite, a lifecycle or a response another family is making), at ${delays.length} delays; the chain is the slope of wall time over delay, so CPU time drops out. Inside a family, a check awaits an answer before its next request unless its probes only read and do not depend on each other (each filter, each page size of a walk, the read-only checks of a family), which go together. The same with the ordering rule shows what keeping a sequential run's verdicts costs; the cleanup (deletes in layers) is part of both. Start-up is Playwright's empty run plus the login requests, each delayed too. The bound counts requests per service in a sequential run (${path.total} requests, ${path.cleanup} deletes at the end in ${path.cleanupPath} request-times).`,
    `Verdicts of the three delayed runs: ${differ.length === 0 ? `identical for all ${sequential[0]!.verdicts.size} requirements` : `${differ.length} differ (first: ${differ[0]![0]})`}.${concurrent[0]!.retried ? ` ${concurrent[0]!.retried} requests were retried after 429/503.` : ''}`,
  );
  return section;
}

await runAsMain(import.meta.url, run);
