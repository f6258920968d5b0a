// Runs the suite the way a user does (`npm run conformance`, here without npm's own start-up) in a
// fresh process, against whatever the given OS_* configuration names, and reads its report back.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, childEnv, runChild, type ChildResult } from './child.ts';
import { removeLater } from './leftovers.ts';

export const CONFORMANCE_CLI = join(ROOT, 'src/cli/conformance.ts');

/** What `npm run conformance` runs: the CLI's bundle (npm run build) under plain Node. */
export const CONFORMANCE_LAUNCHER = join(ROOT, 'dist/conformance.mjs');

export function conformanceAvailable(): string | undefined {
  return existsSync(CONFORMANCE_CLI) ? undefined : 'src/cli/conformance.ts has not landed';
}

export interface ConformanceRun extends ChildResult {
  report?: ConformanceSummary;
}

/** What the benches read from conformance.json; kept loose so a report change does not break the bench. */
export interface ConformanceSummary {
  verdict?: string;
  results: number;
  /** Playwright tests run (the grain: tests × steps = results). */
  tests?: number;
  failed: number;
  /** Failed requirements at level MUST: these, and only these, make the run non-conforming (gate pages). */
  failedMust: number;
  failedIds: string[];
}

export function summarise(report: unknown): ConformanceSummary {
  const r = report as Record<string, unknown>;
  const list = (Array.isArray(r.results) ? r.results : Array.isArray(r.requirements) ? r.requirements : []) as Record<
    string,
    unknown
  >[];
  const failedItems = list.filter((x) => x.verdict === 'fail' || x.status === 'fail' || x.status === 'failed');
  const verdict =
    typeof r.verdict === 'string'
      ? r.verdict
      : typeof (r.summary as Record<string, unknown> | undefined)?.verdict === 'string'
        ? String((r.summary as Record<string, unknown>).verdict)
        : undefined;
  const tests = (r.run as { tests?: { total?: unknown } } | undefined)?.tests?.total;
  return {
    verdict,
    results: list.length,
    ...(typeof tests === 'number' ? { tests } : {}),
    failed: failedItems.length,
    failedMust: failedItems.filter((x) => x.level === 'MUST').length,
    failedIds: failedItems.map((x) => String(x.id ?? x.checkId ?? x.requirementId ?? '?')),
  };
}

/**
 * One run in a fresh process. Reports go to a temporary directory (the user's reports/ and
 * allure-results/ are left alone) unless `reportDir` is given; `keepReports` keeps that directory.
 */
export async function runConformance(
  osEnv: Record<string, string>,
  args: string[] = [],
  opts: { reportDir?: string; keepReports?: boolean; extraEnv?: Record<string, string>; timeoutMs?: number } = {},
): Promise<ConformanceRun & { reportDir: string }> {
  const reportDir = opts.reportDir ?? (await mkdtemp(join(tmpdir(), 'cac-bench-report-')));
  const env = childEnv({
    ...osEnv,
    CONFORMANCE_REPORT_DIR: reportDir,
    CONFORMANCE_ALLURE_DIR: join(reportDir, 'allure-results'),
    ...opts.extraEnv,
  });
  const res = await runChild(process.execPath, [CONFORMANCE_LAUNCHER, ...args], {
    env,
    timeoutMs: opts.timeoutMs ?? 600_000,
    measureCpu: true,
  });
  const file = join(reportDir, 'conformance.json');
  let report: ConformanceSummary | undefined;
  if (existsSync(file)) {
    try {
      report = summarise(JSON.parse(await readFile(file, 'utf8')));
    } catch {
      report = undefined;
    }
  }
  if (!opts.reportDir && !opts.keepReports) removeLater(reportDir);
  return { ...res, report, reportDir };
}
