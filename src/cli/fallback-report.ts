// When Playwright ends without the reporter having written anything (a crash in global setup, a
// config that does not load, a kill before onBegin), the CLI still leaves a report: every requirement
// skipped, the run incomplete, and why — so CI never finds an empty reports/ directory.
import { buildReport } from '../report/build-report.ts';
import type { Catalog } from '../catalog/model.ts';
import type { ConformanceReport, GateLevel, TargetDescription } from '../report/model.ts';
import { writeReports, type ReportDirs } from '../report/write-reports.ts';

export function writeFallbackReport(input: {
  catalog: Catalog;
  target: TargetDescription;
  reason: string;
  startTime: Date;
  gate: GateLevel;
  secrets: readonly string[];
  dirs: ReportDirs;
  toolVersion: string;
}): ConformanceReport {
  const report = buildReport({
    catalog: input.catalog,
    tool: { name: 'cloud-api-conformance', version: input.toolVersion },
    target: input.target,
    results: [],
    tests: [],
    status: 'failed',
    startTime: input.startTime,
    durationMs: Date.now() - input.startTime.getTime(),
    shard: null,
    gate: input.gate,
    incompleteReasons: [input.reason],
    skipReason: input.reason,
    now: new Date(),
  });
  writeReports(report, input.catalog, new Map(), input.secrets, input.dirs);
  return report;
}
