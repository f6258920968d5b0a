// The floor: a full conformance run against the embedded target, compared with the least any suite
// could cost for the same work — the same HTTP requests replayed by a bare fetch loop, plus
// Playwright's fixed start-up. Goal: full run ≤ 1.5 × (start-up + replay).
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnv, failIfBad, lastJsonLine, runChild, runTsx, PLAYWRIGHT_CLI, ROOT } from './lib/child.ts';
import { conformanceAvailable, runConformance, type ConformanceRun } from './lib/conformance.ts';
import { progress, runAsMain, type BenchOptions } from './lib/main.ts';
import { startRecordingProxy, type RecordedExchange } from './lib/recording-proxy.ts';
import type { ReplayResult } from './lib/replay.ts';
import { atMost, info, type Section } from './lib/section.ts';
import { fmtMs, median, repeat } from './lib/stats.ts';
import { playwrightStartupOnce } from './lib/startup.ts';
import { groupBuckets, summarise as summariseProfiles } from './lib/profile.ts';
import { profiledSuiteRun } from './lib/profiled-run.ts';
import { conformanceTimeline } from './lib/timeline.ts';
import { osEnvFor, startTarget, targetAvailable, type TargetOptions } from './lib/target.ts';
import { removeLater } from './lib/leftovers.ts';
import { awaitFileCreation, fileCreationNote } from './lib/file-creation.ts';

export interface Recording {
  file: string;
  records: RecordedExchange[];
  run: ConformanceRun;
}

/** One conformance run through the recording proxy; the sequence is written to a temp file. */
export async function recordConformanceRun(args: string[] = []): Promise<Recording> {
  const target = await startTarget();
  const proxy = await startRecordingProxy(target.baseUrl);
  try {
    const authUrl = target.authUrl.replace(new URL(target.baseUrl).origin, proxy.url);
    const run = await runConformance(osEnvFor(authUrl, target.credentials), args);
    if (run.timedOut) throw new Error(`recorded conformance run timed out\n${run.stderr.slice(-2000)}`);
    const dir = await mkdtemp(join(tmpdir(), 'cac-bench-'));
    const file = join(dir, 'requests.json');
    await writeFile(file, JSON.stringify(proxy.records));
    return { file, records: [...proxy.records], run };
  } finally {
    await proxy.close();
    await target.close();
  }
}

export async function replayAgainstFreshTarget(file: string): Promise<ReplayResult & { processMs: number }> {
  const target = await startTarget();
  try {
    const res = failIfBad(
      'replay',
      await runTsx(
        join(ROOT, 'bench/replay-child.ts'),
        ['--records', file, '--route', `=${new URL(target.baseUrl).origin}`],
        { timeoutMs: 300_000 },
      ),
    );
    return { ...lastJsonLine<ReplayResult>(res.stdout), processMs: res.wallMs };
  } finally {
    await target.close();
  }
}

export async function timeFullRun(args: string[] = [], targetOptions: TargetOptions = {}): Promise<ConformanceRun> {
  const target = await startTarget(targetOptions);
  try {
    return await runConformance(osEnvFor(target.authUrl, target.credentials), args);
  } finally {
    await target.close();
  }
}

/** A run into the report folder of a run just before it: its previous set of reports replaced, as a user re-running does. */
export async function timeRerun(): Promise<ConformanceRun> {
  const target = await startTarget();
  const reportDir = await mkdtemp(join(tmpdir(), 'cac-bench-report-'));
  try {
    const env = osEnvFor(target.authUrl, target.credentials);
    await runConformance(env, [], { reportDir });
    return await runConformance(env, [], { reportDir });
  } finally {
    removeLater(reportDir);
    await target.close();
  }
}

/**
 * The suite run by Playwright directly, without the CLI around it; `reporter` 'dot' leaves out the
 * conformance reporter too. The differences with the full run say what the wrapper and the reports cost.
 */
export async function timePlaywrightDirect(reporter: 'config' | 'dot'): Promise<{ wallMs: number; cpuMs?: number }> {
  const target = await startTarget();
  const reports = await mkdtemp(join(tmpdir(), 'cac-bench-report-'));
  try {
    const args = [
      PLAYWRIGHT_CLI,
      'test',
      '-c',
      join(ROOT, 'playwright.config.ts'),
      ...(reporter === 'dot' ? ['--reporter=dot'] : []),
    ];
    const env = childEnv({
      ...osEnvFor(target.authUrl, target.credentials),
      CONFORMANCE_REPORT_DIR: reports,
      CONFORMANCE_ALLURE_DIR: join(reports, 'allure-results'),
    });
    const r = await runChild(process.execPath, args, { env, timeoutMs: 600_000, measureCpu: true });
    if (r.timedOut) throw new Error('direct Playwright run timed out');
    return r;
  } finally {
    removeLater(reports);
    await target.close();
  }
}

/** One parse of catalog/catalog.yaml with the yaml package (what each process of a run does) vs JSON.parse of the same data. */
export async function catalogParseMs(): Promise<{ yamlMs: number; jsonMs: number; bytes: number }> {
  const { readFile } = await import('node:fs/promises');
  const { parse } = await import('yaml');
  const text = await readFile(join(ROOT, 'catalog/catalog.yaml'), 'utf8');
  const t0 = performance.now();
  const data = parse(text) as unknown;
  const yamlMs = performance.now() - t0;
  const json = JSON.stringify(data);
  const t1 = performance.now();
  JSON.parse(json);
  return { yamlMs, jsonMs: performance.now() - t1, bytes: text.length };
}

/** Labels every JSON answer text/plain: a MUST failure (content-type-json) on most operations. */
const FAILING_DEFECT = 'content-type-text-plain';

export async function run(opts: BenchOptions): Promise<Section> {
  const section: Section = {
    id: 'floor',
    title: 'The floor: a full run against its own HTTP requests',
    command: 'npx tsx bench/floor.ts',
    tables: [],
    ratios: [],
    notes: [],
  };
  const missing = targetAvailable() ?? conformanceAvailable();
  if (missing) return { ...section, skipped: missing };
  const files = await awaitFileCreation();
  // Rounds, each a full run, an empty Playwright run and a replay one after the other, so that a
  // machine getting busier or quieter during the bench moves both sides of the ratio alike.
  const runs = opts.quick ? 3 : 5;

  progress('floor: recording a full run through the proxy');
  // Only its requests are used: without the Allure set, it ends sooner.
  const rec = await recordConformanceRun(['--no-allure']);
  progress(`floor: ${rec.records.length} requests recorded; ${runs} rounds of full run, empty run, replay`);
  const full: ConformanceRun[] = [];
  const empties: { wallMs: number; cpuMs?: number }[] = [];
  const replays: (ReplayResult & { processMs: number })[] = [];
  await repeat(runs, async () => {
    full.push(await timeFullRun());
    empties.push(await playwrightStartupOnce());
    replays.push(await replayAgainstFreshTarget(rec.file));
  });
  const startupAll = empties.map((r) => r.wallMs);
  const startupCpu = empties.map((r) => r.cpuMs).filter((c): c is number => c !== undefined);
  const startup = {
    median: median(startupAll),
    all: startupAll,
    ...(startupCpu.length ? { cpuMs: median(startupCpu) } : {}),
  };
  const roundRatios = full.map((r, i) => r.wallMs / (startupAll[i]! + replays[i]!.ms));
  // Full runs without the Allure result set, interleaved with the direct runs: what the set costs.
  const fewer = Math.min(runs, 3);
  progress(
    `floor: ${fewer} rounds of direct Playwright run, full run with --no-allure, direct run without the reporter`,
  );
  const directRuns: { wallMs: number; cpuMs?: number }[] = [];
  const noAllure: ConformanceRun[] = [];
  const dotRuns: { wallMs: number; cpuMs?: number }[] = [];
  const reruns: ConformanceRun[] = [];
  await repeat(fewer, async () => {
    directRuns.push(await timePlaywrightDirect('config'));
    noAllure.push(await timeFullRun(['--no-allure']));
    dotRuns.push(await timePlaywrightDirect('dot'));
    reruns.push(await timeRerun());
  });
  const direct = median(directRuns.map((r) => r.wallMs));
  const directDot = median(dotRuns.map((r) => r.wallMs));
  const noAllureMs = median(noAllure.map((r) => r.wallMs));
  const cpuOf = (rs: { cpuMs?: number }[]) => {
    const v = rs.map((r) => r.cpuMs).filter((c): c is number => c !== undefined);
    return v.length ? median(v) : undefined;
  };

  // A target that fails a MUST requirement on most operations: what a run costs where tests fail.
  progress('floor: one run against a target failing a MUST requirement on most operations');
  const failing = await timeFullRun([], { defect: FAILING_DEFECT });
  const failingOps = new Set((failing.report?.failedIds ?? []).map((id) => id.split('.')[0]));

  progress('floor: one profiled run (1 worker) to say where the time goes');
  const profDir = await mkdtemp(join(tmpdir(), 'cac-bench-prof-'));
  const profiled = await profiledSuiteRun(profDir, ['--workers=1']);
  const prof = summariseProfiles(profDir);
  removeLater(profDir);

  progress('floor: one run read as a timeline');
  const tlTarget = await startTarget();
  const tl = await conformanceTimeline(osEnvFor(tlTarget.authUrl, tlTarget.credentials)).finally(() =>
    tlTarget.close(),
  );

  const fullMs = median(full.map((r) => r.wallMs));
  const fullCpu = cpuOf(full);
  const replayCpu = median(replays.map((r) => r.cpuMs));
  const cpuCell = (c: number | undefined) => (c === undefined ? 'n/a' : fmtMs(c));
  const replayMs = median(replays.map((r) => r.ms));
  const replayProcessMs = median(replays.map((r) => r.processMs));
  const floorMs = startup.median + replayMs;
  const requests = rec.records.length;
  const checks = full[0]?.report?.results;

  section.tables.push({
    caption: `Median of ${runs} rounds (full run, empty run, replay, one after the other); the direct runs and the full runs with \`--no-allure\`: median of ${fewer} other rounds (direct run, run with --no-allure, direct run with dot). The replay is ${requests} requests recorded from one full run.`,
    header: ['what', 'wall time', 'CPU time', 'detail'],
    rows: [
      [
        'full conformance run (`node dist/conformance.mjs`, as `npm run conformance`, OS_* password config)',
        fmtMs(fullMs),
        cpuCell(fullCpu),
        `exit ${full.map((r) => r.code).join(', ')}; ${checks ?? '?'} results; runs ${full.map((r) => fmtMs(r.wallMs)).join(', ')}`,
      ],
      [
        'full conformance run with `--no-allure` (every report but the Allure result set)',
        fmtMs(noAllureMs),
        cpuCell(cpuOf(noAllure)),
        `exit ${noAllure.map((r) => r.code).join(', ')}; runs ${noAllure.map((r) => fmtMs(r.wallMs)).join(', ')}; the full run takes ${fmtMs(Math.abs(fullMs - noAllureMs))} ${fullMs >= noAllureMs ? 'more' : 'less'} (medians of different rounds): about what the Allure set of ${checks ?? '?'} results costs`,
      ],
      [
        'a re-run into the report folder of the run just before (its previous set of reports replaced)',
        fmtMs(median(reruns.map((r) => r.wallMs))),
        cpuCell(cpuOf(reruns)),
        `exit ${reruns.map((r) => r.code).join(', ')}; runs ${reruns.map((r) => fmtMs(r.wallMs)).join(', ')}; what a user re-running into the same reports/ and allure-results/ waits`,
      ],
      [
        "`playwright test` directly, the config's reporters (no CLI wrapper)",
        fmtMs(direct),
        cpuCell(cpuOf(directRuns)),
        'what the CLI adds: its own start-up, configuration checks, a second process',
      ],
      [
        '`playwright test` directly, `--reporter=dot` (no conformance reporter)',
        fmtMs(directDot),
        cpuCell(cpuOf(dotRuns)),
        'what the reports cost: the difference with the row above',
      ],
      [
        'bare fetch replay of the same requests (loop only)',
        fmtMs(replayMs),
        fmtMs(replayCpu),
        `${fmtMs(replayMs / Math.max(1, requests))} a request; ${replays[0]?.statusMismatches ?? 0} status mismatches vs the recording`,
      ],
      [
        `full run against a non-conforming target (defect \`${FAILING_DEFECT}\`), one run`,
        fmtMs(failing.wallMs),
        cpuCell(failing.cpuMs),
        `exit ${failing.code}; ${failing.report?.failedMust ?? '?'} MUST failures on ${failingOps.size} operations, each test marked failing (test.fail()), so Playwright keeps its worker`,
      ],
      ['bare fetch replay, whole process', fmtMs(replayProcessMs), '', 'node + tsx start-up included (for reference)'],
      [
        'Playwright start-up (one empty test)',
        fmtMs(startup.median),
        cpuCell(startup.cpuMs),
        `runs ${startup.all.map(fmtMs).join(', ')}`,
      ],
      [
        'floor = start-up + replay',
        fmtMs(floorMs),
        startup.cpuMs === undefined ? 'n/a' : fmtMs(startup.cpuMs + replayCpu),
        '',
      ],
    ],
  });
  const at = (ms: number | undefined) => (ms === undefined ? '?' : fmtMs(ms));
  const span = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? '?' : fmtMs(b - a);
  section.tables.push({
    caption: `Where a full run's wall time goes: one more run (exit ${tl.code}), stages read from its terminal output as it streamed.`,
    header: ['stage', 'reached at', 'stage took'],
    rows: [
      ['CLI, Playwright runner and global setup start; "Running N tests" printed', at(tl.runningMs), at(tl.runningMs)],
      [
        'first test finished (worker start, fixtures: catalog, login, schemas)',
        at(tl.firstResultMs),
        span(tl.runningMs, tl.firstResultMs),
      ],
      ['every test finished ("N passed")', at(tl.summaryMs), span(tl.firstResultMs, tl.summaryMs)],
      ['reports written, process exited', fmtMs(tl.exitMs), span(tl.summaryMs, tl.exitMs)],
    ],
  });
  const busy = prof.files.reduce((a, f) => a + f.busyMs, 0);
  const parse = await catalogParseMs();
  section.tables.push({
    caption: `Where the CPU goes: one direct \`playwright test --workers=1\` run (${fmtMs(profiled.wallMs)} wall, exit ${profiled.code}) with --cpu-prof in the runner and its worker; self time summed over ${prof.files.length} profiled threads (${fmtMs(busy)} busy in all).`,
    header: ['where', 'CPU self time', 'share'],
    rows: groupBuckets(prof.byScript)
      .filter(([, ms]) => ms >= 1)
      .sort((a, b) => b[1] - a[1])
      .map(([g, ms]) => [g, fmtMs(ms), `${((100 * ms) / busy).toFixed(0)}%`]),
  });
  section.ratios.push(atMost('full run / floor', fullMs / floorMs, 1.5));
  section.notes.push(`Full run / floor round by round: ${roundRatios.map((r) => r.toFixed(2)).join(', ')}.`);
  section.notes.push(fileCreationNote(files));
  section.notes.push(
    "Each full run writes into a fresh report folder, and the bench removes its report folders when it ends, not between runs: on this machine (ext4, mounted with online `discard`), thousands of report files made within a few minutes after thousands were deleted cost up to seconds of system time, which would be the bench's own doing. A user re-running into the same folder does replace the previous set: the re-run row measures that.",
  );
  section.notes.push(
    `Against the non-conforming target, the CLI marks each test with a MUST failure as failing (\`test.fail()\`) rather than failing it, since the report holds the verdict: run directly, Playwright replaces its worker after every failed test, and each new worker repeats its start-up, its prerequisites and the work it ran ahead (README).`,
  );
  {
    const groups = new Map(groupBuckets(prof.byScript));
    const share = (key: string) => `${((100 * (groups.get(key) ?? 0)) / busy).toFixed(0)}%`;
    section.notes.push(
      `From the profile: fixed costs per process, not requests. Node internals (module loading, including Playwright's TypeScript transform hooks) take ${share('Node internals and native (module loading and TS transform hooks, I/O)')} of the CPU, Playwright's runner and per-test machinery ${share('Playwright (runner, fixtures, steps, APIRequestContext)')}, the suite's own checks ${share("the suite's own code (src/, tests/, fixtures/, playwright.config.ts)")} and ajv ${share('ajv (compiling and validating schemas)')}; the ${requests} HTTP requests themselves cost ${fmtMs(replayMs)} on the bare loop. The profiled run is Playwright run directly; it loads the same bundles of dist/ as \`npm run conformance\`.`,
    );
    if (tl.firstResultMs !== undefined && tl.summaryMs !== undefined) {
      section.notes.push(
        `In the timeline run, ${fmtMs(tl.firstResultMs)} of ${fmtMs(tl.exitMs)} pass before the first test finishes (the empty run takes ${fmtMs(startup.median)} in all), the tests themselves take ${fmtMs(tl.summaryMs - tl.firstResultMs)} (the first test's own share is inside the start-up), and writing the reports ${fmtMs(tl.exitMs - tl.summaryMs)}.`,
      );
    }
    section.notes.push(
      `What a run already does to stay near its floor: one Playwright test per operation (under the CLI, whose reports read every verdict from the results attachment, no step per family or requirement; run directly, each step is given its table row as location so Playwright captures no stack for it), on Playwright's root test type without the browser fixtures (about 65 fewer steps a test, each with a captured stack); each test's attachments pushed onto \`testInfo.attachments\`, without the step, captured stack and output directory \`attach()\` adds for each; the CLI, reporter, global setup and worker module loaded as the esbuild bundles \`npm run build\` writes to dist/, not module by module through Playwright's TypeScript hooks; the runner lists the tests without loading the checks; the catalog read from its JSON twin, once per process (one parse of catalog/catalog.yaml, ${(parse.bytes / 1024).toFixed(0)} KB, takes ${fmtMs(parse.yamlMs)} with the yaml package, the same data as JSON ${fmtMs(parse.jsonMs)}); the Allure result set staged as each test ends and finished at the end (a requirement whose final entry is the one staged keeps its files; the writer thread swaps the set in and removes the previous one while the other reports render), one attachment file per distinct exchange.`,
    );
  }
  if (fullCpu !== undefined && startup.cpuMs !== undefined) {
    section.ratios.push(
      info(
        'full run / floor, in CPU time of the client processes (less disturbed by a loaded machine)',
        fullCpu / (startup.cpuMs + replayCpu),
      ),
    );
  }
  section.ratios.push(
    info('full run with --no-allure / floor (no goal: what a run costs without the Allure set)', noAllureMs / floorMs),
  );
  section.ratios.push(
    info('a re-run into the same report folder / floor', median(reruns.map((r) => r.wallMs)) / floorMs),
  );
  section.ratios.push(info('full run / replay alone', fullMs / replayMs));
  const tests = full[0]?.report?.tests;
  if (tests)
    section.notes.push(
      `${tests} Playwright tests: ${fmtMs((directDot - startup.median) / tests)} a test of runner and suite time with no reporter, against ${fmtMs(replayMs / Math.max(1, requests))} a request on the bare loop.`,
    );
  if (checks)
    section.notes.push(
      `${fmtMs((fullMs - startup.median) / checks)} of suite time per result (${checks} results), after start-up.`,
    );
  if (rec.run.code !== 0)
    section.notes.push(
      `The recorded run exited ${rec.run.code}: the clean target was not found conforming; the figures still stand for the requests made.`,
    );
  for (const m of replays[0]?.mismatchSamples ?? []) section.notes.push(`replay mismatch: ${m}`);
  return section;
}

await runAsMain(import.meta.url, run);
