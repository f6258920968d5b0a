// reports/summary.md: what a CI job page shows (GitHub's step summary, GitLab's job view): the verdict,
// the score, counts, then every failure with Received/Documented/Reproduce.
import type { ConformanceReport, RequirementEntry } from './model.ts';
import { basisRows, citation, failureLines, percent, requestsLine, scoreLine, VERDICT_WORDS } from './format.ts';
import { VERDICTS } from './score.ts';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  // A fence longer than any backtick run inside keeps hostile text from closing it.
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${text}\n${fence}`;
}

function groupByFamily(entries: RequirementEntry[]): Map<string, RequirementEntry[]> {
  const groups = new Map<string, RequirementEntry[]>();
  for (const entry of entries) groups.set(entry.family, [...(groups.get(entry.family) ?? []), entry]);
  return groups;
}

export function renderMarkdown(report: ConformanceReport): string {
  const out: string[] = [];
  out.push(`# Conformance: ${VERDICT_WORDS[report.verdict]}`, '');
  out.push(
    `Target **${cell(report.target.cloudName)}**${report.target.embedded ? ' (embedded reference target)' : ''} · catalog \`${report.catalog.version.slice(0, 12)}\` · ${report.tool.name} ${report.tool.version}`,
    '',
  );
  out.push(
    `Score: ${scoreLine(report)} · gate \`${report.gate.level}\` ${report.gate.passed ? 'passed' : 'failed'}`,
    '',
  );
  const sent = requestsLine(report.run.requests);
  if (sent) out.push(sent, '');
  if (!report.run.complete) {
    out.push('> **The run is incomplete.**');
    for (const reason of report.run.incompleteReasons) out.push(`> - ${cell(reason)}`);
    out.push('');
  }
  out.push('| basis | verdict | score | failing |', '| --- | --- | --- | ---: |');
  for (const b of basisRows(report))
    out.push(`| ${b.label} (${b.what}) | **${b.verdict}** | ${b.score} | ${b.failing} |`);
  out.push('');
  out.push(
    '| level | ' + VERDICTS.join(' | ') + ' | score |',
    '| --- | ' + VERDICTS.map(() => '---:').join(' | ') + ' | ---: |',
  );
  for (const level of ['MUST', 'SHOULD', 'MAY'] as const) {
    const counts = report.counts.byLevel[level];
    const ratio = report.score[level.toLowerCase() as 'must' | 'should' | 'may'];
    out.push(`| ${level} | ${VERDICTS.map((v) => counts[v]).join(' | ')} | ${percent(ratio)} |`);
  }
  out.push(`| all | ${VERDICTS.map((v) => report.counts[v]).join(' | ')} | |`, '');

  if (report.baseline) {
    out.push(`## Against the baseline (${cell(report.baseline.file)})`, '');
    out.push(
      `Newly failing: ${report.baseline.newlyFailing.length ? report.baseline.newlyFailing.map((id) => `\`${id}\``).join(', ') : 'none'}`,
      '',
    );
    out.push(
      `Newly fixed: ${report.baseline.newlyFixed.length ? report.baseline.newlyFixed.map((id) => `\`${id}\``).join(', ') : 'none'}`,
      '',
    );
  }
  if (report.waivers) {
    const w = report.waivers;
    out.push(`## Waivers (${cell(w.file)})`, '');
    out.push(
      `Applied: ${w.applied.length} · expired (failing again): ${w.expired.length ? w.expired.map((id) => `\`${id}\``).join(', ') : 'none'} · unused: ${w.unused.length}`,
      '',
    );
  }

  const failing = report.requirements.filter((e) => e.verdict === 'fail');
  out.push(`## Failures (${failing.length})`, '');
  if (failing.length === 0) out.push('None.', '');
  for (const [family, entries] of groupByFamily(failing)) {
    out.push(`### ${family}`, '');
    for (const entry of entries) {
      out.push(
        `- **${entry.level}** \`${entry.id}\` — ${cell(entry.title)}  `,
        `  ${cell(citation(entry.citation))}`,
        '',
      );
      for (const failure of entry.failures) out.push(code(failureLines(failure).join('\n')).replace(/^/gm, '  '), '');
    }
  }
  const warned = report.requirements.filter((e) => e.verdict === 'warn');
  if (warned.length > 0) {
    out.push(`## Warnings (${warned.length})`, '');
    for (const entry of warned)
      out.push(
        `- \`${entry.id}\` — ${cell(entry.title)}${entry.decision ? ` (decision \`${entry.decision}\`)` : ''}${entry.reason ? `: ${cell(entry.reason)}` : ''}`,
      );
    out.push('');
  }
  out.push(`Full report: \`reports/conformance.html\`; machine-readable: \`reports/conformance.json\`.`, '');
  return out.join('\n');
}
