// The Playwright reporter of the conformance suite. It prints nothing of Playwright's own (so `list`,
// `line` or `dot` keep their output), shows progress on long runs, and at the end writes every report
// and a readable summary. Reports are also written when the run is interrupted (SIGINT, SIGTERM) or
// ends early, marked incomplete.
//
// It reads no setting itself: everything comes in as options. Playwright loads it through
// src/run/reporter.ts, which reads the suite's settings once (src/config) and hands them on here.
import { readFileSync } from 'node:fs';
import type {
  FullConfig,
  FullResult,
  Reporter,
  Suite,
  TestCase,
  TestError,
  TestResult,
} from '@playwright/test/reporter';
import type { Catalog, Requirement } from '../catalog/model.ts';
import type { Exchange, RequirementResult } from '../results/model.ts';
import { loadBaseline, type Baseline } from './baseline.ts';
import { prepareResultIds, servicesOf, type AllureContext } from './allure.ts';
import { AllureStaging } from './allure-staging.ts';
import { buildReport, requirementEntry } from './build-report.ts';
import { loadReportCatalog } from './catalog.ts';
import { Collector } from './collector.ts';
import type { ConformanceReport, GateLevel, RunDescription, TargetDescription } from './model.ts';
import { redactDeep, redactSecrets } from '../lib/redact.ts';
import { firstLine, withoutColours } from './format.ts';
import { readRecordedSecrets } from './secrets.ts';
import { paint, progressLine, terminalSummary, testLine, testsLine, type TestOutcome } from './terminal.ts';
import { loadWaivers, type Waiver } from './waivers.ts';
import { reportFiles, writeReports, writeReportsAsync, type ReportDirs, type WrittenFiles } from './write-reports.ts';

export interface ConformanceReporterOptions {
  /** Where conformance.json, .html, summary.md and junit.xml go; default `reports`. */
  outputDir?: string;
  /** Where the Allure results go; default `allure-results`. */
  allureDir?: string;
  /** Write the Allure results (default true); false leaves `allureDir` alone and stages nothing. */
  allure?: boolean;
  /** The catalog file to report against; default the project's generated catalog. */
  catalogFile?: string;
  /** An earlier conformance.json to compare with. */
  baseline?: string;
  /** The waivers file. */
  waivers?: string;
  /** Which failures make the run fail; default `must`. */
  gate?: GateLevel;
  /** The run skipped every check that writes. */
  readOnly?: boolean;
  /** The family selection the run was given (Playwright does not show the suite's own to reporters). */
  grep?: string;
  /** The file workers append the secrets they obtain to (src/report/secrets.ts), read at write time. */
  secretsFile?: string;
  /** Secret values to mask besides the recorded ones: the configuration's, and extra ones in tests. */
  secrets?: string[];
  /** `today` for waiver expiry, ISO date (tests). */
  now?: string;
  /** Progress lines: every this many ms at most (default 10 s); 0 turns them off. */
  progressIntervalMs?: number;
  /** No terminal output at all. */
  quiet?: boolean;
  /** Write the reports under this target description when no test attached one. */
  target?: TargetDescription;
  /** Problems met while reading the settings, printed when the run begins. */
  settingsWarnings?: string[];
  /**
   * Print the run's progress itself, a line per test as it ends (✓, ✘ with its MUST failures, errored,
   * skipped) and the errors Playwright reports, so that Playwright adds no terminal reporter of its
   * own: under the CLI a test with a MUST failure is marked failing (`test.fail()`), which Playwright's
   * reporters count as passed.
   */
  terminal?: boolean;
}

function toolVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}

/** The grep a user gave, or undefined for Playwright's match-everything default. */
function grepText(grep: FullConfig['grep']): string | undefined {
  const list = Array.isArray(grep) ? grep : [grep];
  const text = list
    .map((r) => r.source)
    .filter((s) => s !== '.*' && s !== '(?:)')
    .join(' | ');
  return text || undefined;
}

export default class ConformanceReporter implements Reporter {
  private readonly options: ConformanceReporterOptions;
  private collector?: Collector;
  private catalog?: Catalog;
  private config?: FullConfig;
  private startTime = new Date();
  private lastProgress = 0;
  private waivers?: { file: string; list: Waiver[] };
  private baseline?: Baseline;
  private gate: GateLevel = 'pages';
  private fallbackTarget: TargetDescription = { cloudName: 'unknown', embedded: false, endpoints: {}, readOnly: false };
  private readOnly = false;
  private setupErrors: string[] = [];
  /** Errors Playwright reported outside any test (global setup, a worker crash, max failures). */
  private globalErrors: string[] = [];
  private ended = false;
  /** The Allure result set, staged as tests end and finished with the reports. */
  private allure?: { staging: AllureStaging; requirements: Map<string, Requirement>; services: Map<string, string> };
  private signalCount = 0;
  /** The terminal's count of how tests ended (`terminal`). */
  private readonly outcomes: Record<TestOutcome, number> = { ok: 0, 'must-failed': 0, errored: 0, skipped: 0 };
  private testTotal = 0;
  private mustIds = new Set<string>();
  private lastSignalAt = 0;
  private readonly onSignal = (signal: NodeJS.Signals) => this.handleSignal(signal);

  constructor(options: ConformanceReporterOptions = {}) {
    this.options = options;
  }

  printsToStdio(): boolean {
    return this.options.terminal === true && !this.options.quiet;
  }

  private log(text: string): void {
    if (!this.options.quiet) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  private warn(text: string): void {
    if (!this.options.quiet) process.stderr.write(`[conformance] ${text}\n`);
  }

  private dirs(): ReportDirs {
    return {
      reportDir: this.options.outputDir ?? 'reports',
      allureDir: this.options.allure === false ? null : (this.options.allureDir ?? 'allure-results'),
    };
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.config = config;
    this.startTime = new Date();
    for (const warning of this.options.settingsWarnings ?? []) this.warn(warning);
    try {
      this.catalog = loadReportCatalog(this.options.catalogFile);
    } catch (error) {
      this.setupErrors.push((error as Error).message);
      this.warn(`no report can be written: ${(error as Error).message}`);
      return;
    }
    const allureDir = this.dirs().allureDir;
    // The exchanges are read only for the Allure attachments.
    this.collector = new Collector(this.catalog, { exchanges: allureDir !== null });
    for (const test of suite.allTests()) this.collector.plan(test);
    this.mustIds = new Set(this.catalog.requirements.filter((r) => r.level === 'MUST').map((r) => r.id));
    this.testTotal = suite.allTests().length;
    if (this.printsToStdio())
      this.log(
        `\nRunning ${this.testTotal} test${this.testTotal === 1 ? '' : 's'} using ${config.workers} worker${config.workers === 1 ? '' : 's'}\n`,
      );
    if (allureDir !== null) {
      this.allure = {
        staging: new AllureStaging(allureDir),
        requirements: new Map(this.catalog.requirements.map((r) => [r.id, r])),
        services: servicesOf(this.catalog),
      };
      // Once Playwright has gone on to start the worker: the runner waits for it meanwhile.
      const requirements = this.allure.requirements;
      setImmediate(() => prepareResultIds(requirements.keys()));
    }

    const baselineFile = this.options.baseline;
    const waiversFile = this.options.waivers;
    this.gate = this.options.gate ?? 'pages';
    this.readOnly = this.options.readOnly ?? false;
    if (this.options.target) this.fallbackTarget = this.options.target;
    // Bad waivers or baseline are caught by the CLI before the run; run directly, the report goes on
    // without them and says so rather than losing the run.
    if (waiversFile) {
      try {
        this.waivers = { file: waiversFile, list: loadWaivers(waiversFile) };
      } catch (error) {
        this.setupErrors.push(`waivers not applied: ${(error as Error).message}`);
        this.warn(`waivers not applied: ${(error as Error).message}`);
      }
    }
    if (baselineFile) {
      try {
        this.baseline = loadBaseline(baselineFile);
      } catch (error) {
        this.setupErrors.push(`baseline not compared: ${(error as Error).message}`);
        this.warn(`baseline not compared: ${(error as Error).message}`);
      }
    }
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
  }

  onError(error: TestError): void {
    const text = withoutColours(error.message ?? error.value ?? 'an error');
    if (this.printsToStdio()) process.stderr.write(`${redactSecrets(error.stack ?? text, this.secrets())}\n`);
    this.globalErrors.push(firstLine(text) ?? 'an error');
  }

  onStdOut(chunk: string | Buffer): void {
    if (this.printsToStdio()) process.stdout.write(redactSecrets(chunk.toString(), this.secrets()));
  }

  onStdErr(chunk: string | Buffer): void {
    if (this.printsToStdio()) process.stderr.write(redactSecrets(chunk.toString(), this.secrets()));
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (!this.collector) return;
    const results = this.collector.record(test, result);
    // Read once per test: the secrets file is read from disk.
    const secrets = this.allure || this.printsToStdio() ? this.secrets() : [];
    this.stageAllure(test.id, results, secrets);
    if (this.printsToStdio()) {
      this.printTestLine(test, result, results, secrets);
      return;
    }
    const interval = this.options.progressIntervalMs ?? 10_000;
    if (interval <= 0) return;
    const now = Date.now();
    if (now - this.lastProgress < interval) return;
    const p = this.collector.progress();
    // Short runs finish before the first interval: no progress noise for them.
    if (this.lastProgress === 0 && now - this.startTime.getTime() < interval) return;
    this.lastProgress = now;
    this.log(progressLine(p.done, p.total, p, now - this.startTime.getTime()));
  }

  /** The terminal's line for a test that ended, and the error that stopped it if any (`terminal`). */
  private printTestLine(
    test: TestCase,
    result: TestResult,
    results: RequirementResult[],
    secrets: readonly string[],
  ): void {
    const failing = new Set(
      results.filter((r) => r.verdict === 'fail' && this.mustIds.has(r.requirementId)).map((r) => r.requirementId),
    );
    // A MUST failure is also a soft expectation's error, whose message names the requirement; any other error stopped the test.
    const stopped = result.errors.filter((e) => ![...failing].some((id) => (e.message ?? '').includes(id)));
    const kind: TestOutcome =
      result.status === 'skipped'
        ? 'skipped'
        : stopped.length > 0 && result.status !== 'passed'
          ? 'errored'
          : failing.size > 0
            ? 'must-failed'
            : 'ok';
    this.outcomes[kind] += 1;
    const done = Object.values(this.outcomes).reduce((a, b) => a + b, 0);
    const p = paint(Boolean(process.stdout.isTTY));
    const lines = [
      testLine(done, this.testTotal, test.title, { kind, mustFailing: failing.size, durationMs: result.duration }, p),
    ];
    if (kind === 'errored')
      for (const error of stopped)
        lines.push(
          ...withoutColours(error.message ?? error.value ?? 'an error')
            .split('\n')
            .slice(0, 6)
            .map((l) => `      ${l}`),
        );
    this.log(redactSecrets(lines.join('\n'), secrets));
  }

  /**
   * Stages the Allure files of the requirements a test reported, while the next tests run; the final
   * set (onEnd) keeps them where the final report's entry is the one staged and makes again whatever
   * the whole report changes (waivers, a later attempt), so this only moves work earlier and never
   * decides what is written.
   */
  private stageAllure(testId: string, results: RequirementResult[], secrets: readonly string[]): void {
    if (!this.allure || !this.collector || results.length === 0) return;
    try {
      const byId = new Map<string, RequirementResult[]>();
      for (const r of results) byId.set(r.requirementId, [...(byId.get(r.requirementId) ?? []), r]);
      const entries = [...byId].flatMap(([id, list]) => {
        const requirement = this.allure!.requirements.get(id);
        return requirement ? [requirementEntry(requirement, list)] : [];
      });
      const context: AllureContext = {
        runStart: this.startTime.getTime(),
        services: this.allure.services,
        exchanges: this.collector.exchangesOfTest(testId),
        secrets,
      };
      this.allure.staging.stageRequirements(entries, context);
    } catch {
      // Staging is an optimisation: the final write makes the whole set anyway.
    }
  }

  private secrets(): string[] {
    return [...readRecordedSecrets(this.options.secretsFile), ...(this.options.secrets ?? [])];
  }

  /** Builds the report from what was collected so far; safe to call more than once (a signal, then onEnd). */
  private compose(
    status: RunDescription['status'],
    startTime: Date,
    durationMs: number,
    extraReasons: string[] = [],
  ):
    { report: ConformanceReport; secrets: string[]; exchanges: Map<string, Exchange[]>; catalog: Catalog } | undefined {
    if (!this.collector || !this.catalog) return undefined;
    const shard =
      this.config?.shard && this.config.shard.total > 1
        ? { current: this.config.shard.current, total: this.config.shard.total }
        : null;
    // The CLI's --grep filters the suite without showing in config.grep; the CLI passes it along.
    const grep = this.options.grep ?? (this.config ? grepText(this.config.grep) : undefined);
    const target = this.collector.targetDescription() ?? this.fallbackTarget;
    const report = buildReport({
      catalog: this.catalog,
      tool: { name: 'cloud-api-conformance', version: toolVersion() },
      target: { ...target, readOnly: target.readOnly || this.readOnly },
      results: this.collector.results(),
      tests: this.collector.planned(),
      ...(this.collector.requests() ? { requests: this.collector.requests()! } : {}),
      status,
      startTime,
      durationMs,
      shard,
      ...(grep ? { grep } : {}),
      gate: this.gate,
      ...(this.waivers ? { waivers: this.waivers } : {}),
      ...(this.baseline ? { baseline: this.baseline } : {}),
      incompleteReasons: [
        ...this.collector.incompleteReasons(),
        ...this.globalErrors.map((e) => `Playwright reported an error outside any test: ${e}`),
        ...(this.collector.planned().every((t) => t.state === 'pending' || t.state === 'skipped') &&
        status !== 'interrupted'
          ? ['no test ran']
          : []),
        ...extraReasons,
      ],
      ...(this.globalErrors.length > 0
        ? { skipReason: `the run failed outside any test: ${this.globalErrors[0]}` }
        : {}),
      now: this.options.now ? new Date(`${this.options.now}T12:00:00Z`) : new Date(),
    });
    return {
      report,
      secrets: this.secrets(),
      exchanges: this.collector.exchangesByRequirement(),
      catalog: this.catalog,
    };
  }

  /** Builds and writes every report at once, synchronously: what a signal does. */
  private write(
    status: RunDescription['status'],
    startTime: Date,
    durationMs: number,
    extraReasons: string[] = [],
  ): { report: ConformanceReport; files: WrittenFiles; secrets: string[] } | undefined {
    const composed = this.compose(status, startTime, durationMs, extraReasons);
    if (!composed) return undefined;
    const { report, secrets, exchanges, catalog } = composed;
    const files = writeReports(report, catalog, exchanges, secrets, this.dirs());
    // The terminal is an output like any file: it only ever sees the redacted report.
    return { report: redactDeep(report, secrets), files, secrets };
  }

  private handleSignal(signal: NodeJS.Signals): void {
    if (this.ended) return;
    // One Ctrl-C reaches npm, tsx, the CLI and this process, and each may relay it: like Playwright,
    // treat signals within a second of each other as one.
    const now = Date.now();
    if (now - this.lastSignalAt < 1000) return;
    this.lastSignalAt = now;
    this.signalCount += 1;
    // Write at once: a second signal or a kill may follow before Playwright gets to onEnd.
    try {
      this.write('interrupted', this.startTime, Date.now() - this.startTime.getTime(), [`${signal} received`]);
      this.warn(`${signal}: reports written (incomplete) to ${reportFiles(this.dirs()).json}`);
    } catch (error) {
      this.warn(`could not write the reports on ${signal}: ${(error as Error).message}`);
    }
    if (signal === 'SIGTERM' && this.signalCount === 1) {
      // Playwright stops gracefully only on SIGINT: turn the SIGTERM into one, so onEnd still runs.
      process.kill(process.pid, 'SIGINT');
      setTimeout(() => process.exit(143), 15_000).unref();
    } else if (this.signalCount > 1) {
      // Listening for SIGINT takes away Node's default exit; give a second Ctrl-C its meaning back.
      process.exit(signal === 'SIGTERM' ? 143 : 130);
    }
  }

  async onEnd(result: FullResult): Promise<void> {
    // From here a signal is ignored (the listeners stay, so it cannot kill the process mid-write):
    // the reports are being written and take a fraction of a second.
    this.ended = true;
    try {
      if (!this.collector) return;
      if (this.printsToStdio()) this.log(testsLine(this.outcomes, result.duration));
      const extra = [...this.setupErrors];
      if (this.signalCount > 0 && result.status !== 'interrupted') extra.push('a signal stopped the run');
      const status = this.signalCount > 0 ? 'interrupted' : result.status;
      const composed = this.compose(status, result.startTime, result.duration, extra);
      if (!composed) return;
      const { report, secrets, exchanges, catalog } = composed;
      const files = await writeReportsAsync(report, catalog, exchanges, secrets, this.dirs(), this.allure?.staging);
      // The terminal is an output like any file: it only ever sees the redacted report.
      this.log(
        redactSecrets(
          terminalSummary(redactDeep(report, secrets), Object.values(files), paint(Boolean(process.stdout.isTTY))),
          secrets,
        ),
      );
    } finally {
      process.off('SIGINT', this.onSignal);
      process.off('SIGTERM', this.onSignal);
    }
  }
}
