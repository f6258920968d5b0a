// Runs the checks of one family on one operation and gives every requirement exactly one result:
// not served / microversion not served → not-applicable, read-only → not-tested, a check that throws →
// a failure of the requirements it was asked about (never a lost result).
import type { Family, Requirement } from '../catalog/model.ts';
import type { Failure, RequirementResult } from '../results/model.ts';
import { checkWrites, type Check, type CheckContext, type Findings } from './model.ts';
import { checkFor } from './registry.ts';
import { microversionGap, served } from './target.ts';
import { resultFor } from './verdict.ts';
import { together } from './together.ts';

export async function runFamily(
  ctx: CheckContext,
  family: Family,
  requirements: Requirement[],
): Promise<RequirementResult[]> {
  const op = ctx.operation;
  const results = new Map<string, RequirementResult>();
  const groups = new Map<Check, Requirement[]>();
  const na = (
    req: Requirement,
    checkId: string,
    reason: string,
    verdict: 'not-applicable' | 'skipped' | 'not-tested' = 'not-applicable',
  ) =>
    results.set(req.id, {
      requirementId: req.id,
      checkId,
      operation: req.operation,
      family: req.family,
      level: req.level,
      verdict,
      failures: [],
      reason,
      durationMs: 0,
    });

  const where = await served(ctx, op);
  for (const req of requirements) {
    const check = checkFor(req.assertion, op);
    const checkId = check?.id ?? 'none';
    if (!check) {
      na(req, checkId, `no check covers assertion ${req.assertion}`, 'skipped');
    } else if ('notServed' in where) {
      na(req, checkId, where.notServed);
    } else if (!check.appliesTo(op)) {
      na(req, checkId, `check ${check.id} does not apply to ${op.id}`);
    } else if (ctx.session.readOnly && checkWrites(check, op)) {
      na(req, checkId, `read-only mode: the check writes to the target (${check.id})`, 'not-tested');
    } else {
      const gap = microversionGap(ctx, op.service, req.sinceMicroversion);
      if (gap) na(req, checkId, gap);
      else groups.set(check, [...(groups.get(check) ?? []), req]);
    }
  }

  const runCheck = async (c: CheckContext, [check, reqs]: [Check, Requirement[]]) => {
    const started = performance.now();
    let findings: Findings | undefined;
    let thrown: string | undefined;
    try {
      // Served, microversion and read-only were settled above, once for every check of the family.
      findings = await check.run(c, reqs, { served: where as Exclude<typeof where, { notServed: string }> });
    } catch (error) {
      thrown = c.client.redactor.text(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    const each = Math.round(((performance.now() - started) / reqs.length) * 100) / 100;
    for (const req of reqs) {
      if (thrown !== undefined) {
        results.set(req.id, {
          requirementId: req.id,
          checkId: check.id,
          operation: req.operation,
          family: req.family,
          level: req.level,
          verdict: 'fail',
          failures: [
            {
              message: `check ${check.id} could not complete: ${thrown.split('\n')[0]}`,
              received: thrown.split('\n').slice(0, 4).join(' | '),
              source: req.source,
            },
          ],
          durationMs: each,
        });
      } else {
        results.set(
          req.id,
          resultFor(req, check.id, findings?.get(req.id), (id) => c.decision(id), each, namedChoice(c, req)),
        );
      }
    }
  };
  // Checks that only read do not depend on each other: run at once (their evidence attached in order).
  // A family with a check that writes runs its checks one after another, as they are listed.
  const checks = [...groups];
  if (checks.some(([check]) => checkWrites(check, op))) for (const entry of checks) await runCheck(ctx, entry);
  else await together(ctx, checks, runCheck);
  // Failure text quotes what the target sent (a body may echo the token): every result leaves the
  // checks redacted, before any runner shows it (Playwright's expect.soft, error-context files, blob
  // reports, traces) or any reporter writes it.
  const redact = (text: string) => ctx.client.redactor.text(text);
  return requirements.map((req) => redactResult(results.get(req.id)!, redact));
}

function redactResult(result: RequirementResult, redact: (text: string) => string): RequirementResult {
  const failures = result.failures.map((f) => {
    const out: Failure = { ...f, message: redact(f.message) };
    if (f.received !== undefined) out.received = redact(f.received);
    if (f.documented !== undefined) out.documented = redact(f.documented);
    if (f.reproduce !== undefined) out.reproduce = redact(f.reproduce);
    return out;
  });
  return { ...result, failures, ...(result.reason !== undefined ? { reason: redact(result.reason) } : {}) };
}

/**
 * A reviewed decision with treatment warn whose appliesTo names this requirement's operation and
 * subject: a legal choice recorded with its evidence (a key upstream shows only to administrators, a
 * like filter the operator must enable), judged as a warning citing it, in every family.
 */
const OBSERVED_EVIDENCE = /(^|\/)OBSERVED\.md$/;

function namedChoice(ctx: CheckContext, req: Requirement): string | undefined {
  return ctx.catalog.decisions.find(
    (d) =>
      d.treatment === 'warn' &&
      d.reviewed !== false &&
      // Only a choice seen on real upstream services (its evidence quotes what they answered): a page
      // ambiguity decided as warn softens only the departures a check tags with it.
      d.evidence.some((e) => OBSERVED_EVIDENCE.test(e.doc)) &&
      d.appliesTo.some((a) => a.operation === req.operation && a.subject === req.subject),
  )?.id;
}
