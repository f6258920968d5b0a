// What the person at the terminal sees from this reporter: a progress line now and then on long runs,
// and at the end the verdict, the score and the failures grouped by family. Plain text (colour only
// on a TTY), so CI logs stay readable.
import type { ConformanceReport, RequirementEntry } from './model.ts';
import { basisRows, failureLines, requestsLine, scoreLine, VERDICT_WORDS } from './format.ts';

export interface Paint {
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  bold(s: string): string;
}

export function paint(enabled: boolean): Paint {
  const wrap = (code: number) => (s: string) => (enabled ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { red: wrap(31), green: wrap(32), yellow: wrap(33), bold: wrap(1) };
}

export function progressLine(
  done: number,
  total: number,
  counts: { pass: number; fail: number; other: number },
  elapsedMs: number,
): string {
  const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
  return `[conformance] ${done}/${total} tests (${pct}%) · requirements so far: ${counts.pass} pass, ${counts.fail} fail, ${counts.other} other · ${Math.round(elapsedMs / 1000)}s`;
}

/** How a test ended, as the conformance run counts it (src/report/reporter.ts, `terminal`). */
export type TestOutcome = 'ok' | 'must-failed' | 'errored' | 'skipped';

const MARKS: Record<TestOutcome, { mark: string; colour: keyof Paint | undefined }> = {
  ok: { mark: '✓', colour: 'green' },
  'must-failed': { mark: '✘', colour: 'red' },
  errored: { mark: '!', colour: 'yellow' },
  skipped: { mark: '-', colour: undefined },
};

/** One line per test as it ends: what it checked came out conforming (✓), failed a MUST (✘), errored (!) or was skipped. */
export function testLine(
  done: number,
  total: number,
  title: string,
  outcome: { kind: TestOutcome; mustFailing: number; durationMs: number },
  p: Paint,
): string {
  const { mark, colour } = MARKS[outcome.kind];
  const detail = {
    ok: '',
    'must-failed': ` — ${outcome.mustFailing} MUST failing`,
    errored: ' — errored',
    skipped: ' — skipped',
  }[outcome.kind];
  return `  ${colour ? p[colour](mark) : mark} [${done}/${total}] ${title}${detail} (${Math.round(outcome.durationMs)}ms)`;
}

/** The line after the last test: how many tests ended each way (Playwright's own count calls a test marked failing passed). */
export function testsLine(counts: Record<TestOutcome, number>, elapsedMs: number): string {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const parts = [
    `${counts.ok} without a MUST failure`,
    ...(counts['must-failed'] > 0 ? [`${counts['must-failed']} with one`] : []),
    ...(counts.errored > 0 ? [`${counts.errored} errored`] : []),
    ...(counts.skipped > 0 ? [`${counts.skipped} skipped`] : []),
  ];
  return `${total} test${total === 1 ? '' : 's'} in ${(elapsedMs / 1000).toFixed(1)}s: ${parts.join(', ')}`;
}

const SHOWN_PER_FAMILY = 5;
const LEVEL_ORDER = ['MUST', 'SHOULD', 'MAY'];

export function terminalSummary(report: ConformanceReport, files: string[], p: Paint): string {
  const out: string[] = [''];
  const colour = report.verdict === 'conforming' ? p.green : report.verdict === 'non-conforming' ? p.red : p.yellow;
  out.push(
    p.bold(`Conformance: ${colour(VERDICT_WORDS[report.verdict])}`) +
      `  (target ${report.target.cloudName}, gate ${report.gate.level} ${report.gate.passed ? 'passed' : 'failed'})`,
  );
  out.push(`Score: ${scoreLine(report)}`);
  for (const b of basisRows(report)) {
    const paintB =
      b.summary.verdict === 'conforming' || b.summary.verdict === 'compatible'
        ? p.green
        : b.summary.verdict === 'incomplete'
          ? p.yellow
          : p.red;
    out.push(`  ${b.label.padEnd(38)} ${paintB(b.verdict.padEnd(14))} ${b.score} · ${b.failing} failing`);
  }
  const c = report.counts;
  out.push(
    `Requirements: ${c.total} · ${c.pass} pass · ${c.fail} fail · ${c.warn} warn · ${c['not-applicable']} not-applicable · ${c.waived} waived · ${c.skipped} skipped · ${c['not-tested']} not tested`,
  );
  const sent = requestsLine(report.run.requests);
  if (sent) out.push(sent);
  if (!report.run.complete)
    for (const reason of report.run.incompleteReasons) out.push(p.yellow(`Incomplete: ${reason}`));
  const unchecked = report.counts.byLevel.MUST.skipped;
  const untested = report.counts.byLevel.MUST['not-tested'];
  if (untested > 0)
    out.push(
      p.yellow(
        `${untested} MUST requirement(s) were not tested (each with its reason in the reports); ${VERDICT_WORDS[report.verdict]} covers only what was tested.`,
      ),
    );
  if (unchecked > 0)
    out.push(
      p.yellow(
        `${unchecked} MUST requirement(s) were not checked (skipped); the verdict covers the rest. Reasons are in the reports.`,
      ),
    );
  if (report.baseline) {
    out.push(
      `Baseline ${report.baseline.file}: ${report.baseline.newlyFailing.length} newly failing, ${report.baseline.newlyFixed.length} newly fixed`,
    );
    for (const id of report.baseline.newlyFailing) out.push(p.red(`  newly failing: ${id}`));
    for (const id of report.baseline.newlyFixed) out.push(p.green(`  newly fixed:   ${id}`));
  }
  if (report.waivers?.expired.length)
    out.push(p.red(`Expired waivers (failing again): ${report.waivers.expired.join(', ')}`));

  const failing = report.requirements.filter((e) => e.verdict === 'fail');
  const families = new Map<string, RequirementEntry[]>();
  for (const entry of failing) families.set(entry.family, [...(families.get(entry.family) ?? []), entry]);
  for (const [family, entries] of families) {
    const must = entries.filter((e) => e.level === 'MUST').length;
    out.push('', p.bold(`${family}: ${entries.length} failing (${must} MUST)`));
    // MUST first: they decide the verdict.
    const ordered = [...entries].sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level));
    for (const entry of ordered.slice(0, SHOWN_PER_FAMILY)) {
      out.push(
        `  ${entry.level === 'MUST' ? p.red(entry.level) : p.yellow(entry.level)} ${entry.operation} › ${entry.title}`,
      );
      const first = entry.failures[0];
      if (first) for (const line of failureLines(first)) out.push(`      ${line}`);
    }
    if (ordered.length > SHOWN_PER_FAMILY)
      out.push(
        `  … ${ordered.length - SHOWN_PER_FAMILY} more in ${family}: see reports/summary.md or conformance.html`,
      );
  }
  out.push('', `Reports: ${files.join(', ')}`, '');
  return out.join('\n');
}
