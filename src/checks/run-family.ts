// Runs the checks of one family on one operation and gives every requirement exactly one result:
// not served / microversion not served → not-applicable, read-only → skipped, a check that throws →
// a failure of the requirements it was asked about (never a lost result).
import type { Family, Requirement } from '../catalog/model.ts';
import type { RequirementResult } from '../results/model.ts';
import type { Check, CheckContext, Findings } from './model.ts';
import { EXERCISED_OPERATIONS } from './exercised.ts';
import { checkFor } from './registry.ts';
import { microversionGap, served } from './target.ts';
import { resultFor } from './verdict.ts';

export async function runFamily(
  ctx: CheckContext,
  family: Family,
  requirements: Requirement[],
): Promise<RequirementResult[]> {
  const op = ctx.operation;
  const results = new Map<string, RequirementResult>();
  const groups = new Map<Check, Requirement[]>();
  const na = (req: Requirement, checkId: string, reason: string, verdict: 'not-applicable' | 'skipped' = 'not-applicable') =>
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

  if (!EXERCISED_OPERATIONS.has(op.id)) {
    for (const req of requirements) {
      na(req, checkFor(req.assertion, op)?.id ?? 'none', `not tested: no check exercises ${op.method} ${op.path}${op.action ? ` (${op.action})` : ''} yet; the checks drive ${[...EXERCISED_OPERATIONS].join(', ')}`);
    }
    return requirements.map((req) => results.get(req.id)!);
  }
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
    } else if (ctx.session.readOnly && (typeof check.writes === 'function' ? check.writes(op) : check.writes)) {
      na(req, checkId, 'read-only mode: this check writes to the target', 'skipped');
    } else {
      const gap = microversionGap(ctx, op.service, req.sinceMicroversion);
      if (gap) na(req, checkId, gap);
      else groups.set(check, [...(groups.get(check) ?? []), req]);
    }
  }

  for (const [check, reqs] of groups) {
    const started = performance.now();
    let findings: Findings | undefined;
    let thrown: string | undefined;
    try {
      findings = await check.run(ctx, reqs);
    } catch (error) {
      thrown = ctx.client.redactor.text(error instanceof Error ? (error.stack ?? error.message) : String(error));
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
        results.set(req.id, resultFor(req, check.id, findings?.get(req.id), (id) => ctx.decision(id), each));
      }
    }
  }
  return requirements.map((req) => results.get(req.id)!);
}
