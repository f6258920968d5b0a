// Small wording helpers shared by the text reports, so the terminal, Markdown, HTML and JUnit say the
// same things the same way. A failure's block is src/results/format.ts's, shared with the test wiring.
import type { BasisSummary, ConformanceReport, Ratio } from './model.ts';

export { citation, failureLines } from '../results/format.ts';

/** A Playwright message without its terminal colours, for files and plain lines. */
export function withoutColours(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

/** The first non-blank line of a message, without colours, at most 300 characters. */
export function firstLine(text: string | undefined): string | undefined {
  return text === undefined
    ? undefined
    : withoutColours(text)
        .split('\n')
        .find((l) => l.trim() !== '')
        ?.trim()
        .slice(0, 300);
}

export function percent(ratio: Ratio): string {
  if (ratio.ratio === null) return 'n/a';
  return `${(ratio.ratio * 100).toFixed(1).replace(/\.0$/, '')}%`;
}

export function scoreLine(report: ConformanceReport): string {
  const { must, should } = report.score;
  return `MUST ${must.passed}/${must.applicable} (${percent(must)}) · SHOULD ${should.passed}/${should.applicable} (${percent(should)})`;
}

export const BASIS_VERDICT_WORDS: Record<BasisSummary['verdict'], string> = {
  conforming: 'CONFORMING',
  'non-conforming': 'NON-CONFORMING',
  compatible: 'COMPATIBLE',
  incompatible: 'INCOMPATIBLE',
  incomplete: 'INCOMPLETE',
};

/** The two bases side by side, as rows: label, verdict word, score text, failing count. */
export function basisRows(
  report: ConformanceReport,
): { label: string; what: string; verdict: string; score: string; failing: number; summary: BasisSummary }[] {
  const row = (label: string, what: string, b: BasisSummary) => ({
    label,
    what,
    verdict: BASIS_VERDICT_WORDS[b.verdict],
    score: `${b.score.all.passed}/${b.score.all.applicable} (${percent(b.score.all)}) · MUST ${b.score.must.passed}/${b.score.must.applicable} · SHOULD ${b.score.should.passed}/${b.score.should.applicable}`,
    failing: b.failing.length,
    summary: b,
  });
  return [
    row('Conformance to the pages', 'requirements the API pages state (basis documented)', report.bases.pages),
    row(
      'Compatibility with upstream OpenStack',
      "upstream OpenStack's habits the pages do not state (basis upstream)",
      report.bases.upstream,
    ),
  ];
}

export const VERDICT_WORDS: Record<ConformanceReport['verdict'], string> = {
  conforming: 'CONFORMING',
  'non-conforming': 'NON-CONFORMING',
  incomplete: 'INCOMPLETE',
};

/**
 * What the run sent: requests, and those the target answered 429 or 503 and the suite sent again
 * (with `Retry-After` honoured within its bound). Undefined when the tests did not say.
 */
export function requestsLine(requests: ConformanceReport['run']['requests']): string | undefined {
  if (!requests) return undefined;
  const extra = requests.retries > requests.retried ? ` (${requests.retries} retries in all)` : '';
  return `Requests: ${requests.sent} sent · ${requests.retried} retried after 429/503${extra}`;
}
