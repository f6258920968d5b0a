// Small wording helpers shared by the text reports, so the terminal, Markdown, HTML and JUnit say the
// same things the same way. A failure's block is src/results/format.ts's, shared with the test wiring.
import type { ConformanceReport, Ratio } from './model.ts';

export { citation, failureLines } from '../results/format.ts';

export function percent(ratio: Ratio): string {
  if (ratio.ratio === null) return 'n/a';
  return `${(ratio.ratio * 100).toFixed(1).replace(/\.0$/, '')}%`;
}

export function scoreLine(report: ConformanceReport): string {
  const { must, should } = report.score;
  return `MUST ${must.passed}/${must.applicable} (${percent(must)}) · SHOULD ${should.passed}/${should.applicable} (${percent(should)})`;
}

export const VERDICT_WORDS: Record<ConformanceReport['verdict'], string> = {
  conforming: 'CONFORMING',
  'non-conforming': 'NON-CONFORMING',
  incomplete: 'INCOMPLETE',
};
