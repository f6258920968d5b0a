// From what a check found to a verdict. `fail` is a departure from the requirement at its level (a
// SHOULD failure fails the run only under --gate should); `warn` is kept for points the decisions mark
// ambiguous or legal upstream (treatment warn); accept-either passes both readings.
import type { Decision, Requirement } from '../catalog/model.ts';
import type { Failure, RequirementResult, Verdict } from '../results/model.ts';
import type { Finding } from './model.ts';

export function resultFor(
  req: Requirement,
  checkId: string,
  finding: Finding | undefined,
  decisions: (id: string | undefined) => Decision | undefined,
  durationMs: number,
  named?: string,
): RequirementResult {
  const base = {
    requirementId: req.id,
    checkId,
    operation: req.operation,
    family: req.family,
    level: req.level,
    durationMs,
  };
  if (finding?.notApplicable !== undefined) {
    return { ...base, verdict: 'not-applicable', failures: [], reason: finding.notApplicable };
  }
  if (finding?.notTested !== undefined && finding.departures.length === 0) {
    return { ...base, verdict: 'not-tested', failures: [], reason: finding.notTested };
  }
  if (finding?.skipped !== undefined) {
    return { ...base, verdict: 'skipped', failures: [], reason: finding.skipped };
  }
  let verdict: Verdict = 'pass';
  const failures: Failure[] = [];
  const warnings: Failure[] = [];
  let cited: string | undefined;
  const accepted: string[] = [];
  // A decision softens the departures a check tags with it. Untagged departures of a SHOULD whose own
  // decision is `warn` (the requirement exists only to report a legal upstream choice) are warnings;
  // of a MUST they fail.
  // `named`: a reviewed warn decision whose appliesTo names this very requirement's operation and
  // subject (a legal upstream choice recorded with its evidence) softens any departure of it.
  const blanket = req.level !== 'MUST' && decisions(req.decision)?.treatment === 'warn' ? req.decision : named;
  for (const departure of finding?.departures ?? []) {
    const decisionId = departure.strict ? undefined : (departure.decision ?? blanket);
    const decision = decisions(decisionId);
    const treatment = decision?.treatment ?? 'fail';
    if (treatment === 'accept-either') {
      accepted.push(decisionId!);
      continue;
    }
    if (treatment === 'warn') {
      warnings.push(departure.failure);
      cited ??= decisionId;
      continue;
    }
    failures.push(departure.failure);
    if (departure.decision) cited ??= departure.decision;
  }
  if (failures.length > 0) verdict = 'fail';
  else if (warnings.length > 0) verdict = 'warn';
  const decision = cited ?? accepted[0] ?? req.decision;
  const reason =
    verdict === 'warn'
      ? `departs from a point decided as ambiguous (${cited}): ${decisions(cited)?.decision ?? ''}`.trim()
      : verdict === 'pass' && accepted.length > 0
        ? `accepted either way under decision ${accepted[0]}`
        : finding?.note;
  return {
    ...base,
    verdict,
    failures: verdict === 'fail' ? failures : warnings,
    ...(reason ? { reason } : {}),
    ...(decision ? { decision } : {}),
  };
}
