// reports/junit.xml: one <testcase> per requirement (named by its title, classname = operation), so a
// CI system's test view lists the requirements, not Playwright's per-operation grouping.
// fail → <failure>; waived / not-applicable / skipped → <skipped> with the reason; warn passes with a note.
import type { ConformanceReport, RequirementEntry } from './model.ts';
import { citation, failureLines } from './format.ts';

// XML 1.0 forbids most control characters even escaped; a hostile body could carry them.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function xmlEscape(text: string): string {
  return text
    .replace(INVALID_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function testcase(entry: RequirementEntry): string {
  const open = `    <testcase name="${xmlEscape(entry.title)}" classname="${xmlEscape(entry.operation)}" time="${seconds(entry.durationMs)}">`;
  const props = [
    `      <properties>`,
    `        <property name="requirement" value="${xmlEscape(entry.id)}"/>`,
    `        <property name="level" value="${entry.level}"/>`,
    `        <property name="family" value="${entry.family}"/>`,
    `        <property name="verdict" value="${entry.verdict}"/>`,
    `        <property name="citation" value="${xmlEscape(citation(entry.citation))}"/>`,
    ...(entry.decision ? [`        <property name="decision" value="${xmlEscape(entry.decision)}"/>`] : []),
    `      </properties>`,
  ];
  const body: string[] = [];
  if (entry.verdict === 'fail') {
    const first = entry.failures[0]?.message ?? 'failed';
    const text = entry.failures.map((f) => failureLines(f).join('\n')).join('\n\n');
    body.push(
      `      <failure message="${xmlEscape(`${entry.level}: ${first}`)}" type="${entry.level}">${xmlEscape(text)}</failure>`,
    );
  } else if (
    entry.verdict === 'waived' ||
    entry.verdict === 'not-applicable' ||
    entry.verdict === 'skipped' ||
    entry.verdict === 'not-tested'
  ) {
    body.push(`      <skipped message="${xmlEscape(`${entry.verdict}: ${entry.reason ?? ''}`)}"/>`);
  } else if (entry.verdict === 'warn') {
    body.push(
      `      <system-out>${xmlEscape(`warn: ${entry.reason ?? ''}${entry.decision ? ` (decision ${entry.decision})` : ''}`)}</system-out>`,
    );
  }
  return [open, ...props, ...body, '    </testcase>'].join('\n');
}

export function renderJunit(report: ConformanceReport): string {
  const byOperation = new Map<string, RequirementEntry[]>();
  for (const entry of report.requirements)
    byOperation.set(entry.operation, [...(byOperation.get(entry.operation) ?? []), entry]);
  const count = (entries: RequirementEntry[], ...verdicts: string[]) =>
    entries.filter((e) => verdicts.includes(e.verdict)).length;
  const time = (entries: RequirementEntry[]) => seconds(entries.reduce((sum, e) => sum + e.durationMs, 0));
  const all = report.requirements;
  const incomplete = !report.run.complete;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="cloud-api-conformance" tests="${all.length + (incomplete ? 1 : 0)}" failures="${count(all, 'fail')}" errors="${incomplete ? 1 : 0}" skipped="${count(all, 'waived', 'not-applicable', 'skipped', 'not-tested')}" time="${seconds(report.run.durationMs)}" timestamp="${report.run.startedAt}">`,
  ];
  if (incomplete) {
    // A CI test view must not show an interrupted run as a list of harmless skips.
    lines.push(
      `  <testsuite name="run" tests="1" failures="0" errors="1" skipped="0" time="${seconds(report.run.durationMs)}" timestamp="${report.run.startedAt}">`,
      `    <testcase name="the run completes" classname="run" time="${seconds(report.run.durationMs)}">`,
      `      <error message="${xmlEscape(`run incomplete (${report.run.status})`)}" type="incomplete">${xmlEscape(report.run.incompleteReasons.join('\n'))}</error>`,
      '    </testcase>',
      '  </testsuite>',
    );
  }
  for (const [operation, entries] of byOperation) {
    lines.push(
      `  <testsuite name="${xmlEscape(operation)}" tests="${entries.length}" failures="${count(entries, 'fail')}" errors="0" skipped="${count(entries, 'waived', 'not-applicable', 'skipped', 'not-tested')}" time="${time(entries)}" timestamp="${report.run.startedAt}">`,
    );
    for (const entry of entries) lines.push(testcase(entry));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}
