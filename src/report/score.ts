// Verdict, score and gate from the per-requirement entries: the one place these rules live, so the
// JSON, the HTML, the terminal and the exit code can never disagree.
import type { Level } from '../catalog/model.ts';
import type { Verdict } from '../results/model.ts';
import type {
  Basis,
  BasisSummary,
  ConformanceReport,
  GateLevel,
  OverallVerdict,
  Ratio,
  RequirementEntry,
  VerdictCounts,
} from './model.ts';

export const VERDICTS: readonly Verdict[] = [
  'pass',
  'fail',
  'warn',
  'not-applicable',
  'waived',
  'skipped',
  'not-tested',
];
const LEVELS: readonly Level[] = ['MUST', 'SHOULD', 'MAY'];

export function emptyCounts(): VerdictCounts {
  return { pass: 0, fail: 0, warn: 0, 'not-applicable': 0, waived: 0, skipped: 0, 'not-tested': 0 };
}

export function countVerdicts(entries: readonly RequirementEntry[]): ConformanceReport['counts'] {
  const all = emptyCounts();
  const byLevel = { MUST: emptyCounts(), SHOULD: emptyCounts(), MAY: emptyCounts() } as Record<Level, VerdictCounts>;
  for (const entry of entries) {
    all[entry.verdict] += 1;
    byLevel[entry.level][entry.verdict] += 1;
  }
  return { ...all, total: entries.length, byLevel };
}

/**
 * Applicable = pass + warn + fail + waived: the target was asked. `warn` counts as passed, because a
 * warn is only ever given where the pages are ambiguous and an ambiguity must never count against a
 * target. `waived` counts as applicable and not passed: the score shows how the target behaves, the
 * waiver only keeps a known failure from failing the gate.
 */
export function ratio(counts: VerdictCounts): Ratio {
  const passed = counts.pass + counts.warn;
  const applicable = passed + counts.fail + counts.waived;
  return { passed, applicable, ratio: applicable === 0 ? null : Math.round((passed / applicable) * 10_000) / 10_000 };
}

export function score(counts: ConformanceReport['counts']): ConformanceReport['score'] {
  return { must: ratio(counts.byLevel.MUST), should: ratio(counts.byLevel.SHOULD), may: ratio(counts.byLevel.MAY) };
}

export function overallVerdict(entries: readonly RequirementEntry[], complete: boolean): OverallVerdict {
  if (entries.some((e) => e.level === 'MUST' && e.verdict === 'fail')) return 'non-conforming';
  return complete ? 'conforming' : 'incomplete';
}

/** Each basis on its own: the pages (documented) and upstream OpenStack's habits (upstream). */
export function bases(entries: readonly RequirementEntry[], complete: boolean): ConformanceReport['bases'] {
  const of = (basis: Basis): BasisSummary => {
    const mine = entries.filter((e) => e.basis === basis);
    const counts = countVerdicts(mine);
    const failing = mine.filter((e) => e.verdict === 'fail').map((e) => e.id);
    const verdict: BasisSummary['verdict'] =
      basis === 'documented'
        ? mine.some((e) => e.level === 'MUST' && e.verdict === 'fail')
          ? 'non-conforming'
          : complete
            ? 'conforming'
            : 'incomplete'
        : failing.length > 0
          ? 'incompatible'
          : complete
            ? 'compatible'
            : 'incomplete';
    const { byLevel, ...flat } = counts;
    return { basis, verdict, score: { ...score(counts), all: ratio(flat) }, counts: flat, failing };
  };
  return { pages: of('documented'), upstream: of('upstream') };
}

/**
 * `pages` fails on a MUST failure (and an incomplete run); `should` on a SHOULD failure as well;
 * `upstream` on any failure of an upstream-basis requirement (and an incomplete run), whatever the
 * pages' verdict. MAY never gates.
 */
export function gatePassed(
  entries: readonly RequirementEntry[],
  verdict: OverallVerdict,
  level: GateLevel,
  complete: boolean = verdict !== 'incomplete',
): boolean {
  if (level === 'upstream')
    return complete && !entries.some((e) => e.basis === 'upstream' && e.verdict === 'fail' && e.level !== 'MAY');
  if (verdict !== 'conforming') return false;
  if (level === 'should') return !entries.some((e) => e.level === 'SHOULD' && e.verdict === 'fail');
  return true;
}

/** A gate named on the command line or in CONFORMANCE_GATE; `must` is the former name of `pages`. */
export function parseGateLevel(value: string): GateLevel | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'must' || v === 'pages') return 'pages';
  if (v === 'upstream' || v === 'should') return v;
  return undefined;
}

export { LEVELS };
