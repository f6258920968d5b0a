// Shared shape of the checks that read successful response bodies: fetch the operation's replies
// once, give not-served / no-response outcomes to every requirement, then look at each usable reply.
import type { Requirement } from '../../catalog/model.ts';
import type { Reply } from '../../http/client.ts';
import { Findings, type CheckContext } from '../model.ts';
import { bodyReplies, unusable } from '../replies.ts';
import { storedReplies } from '../stored.ts';

export async function overBodies(
  ctx: CheckContext,
  requirements: Requirement[],
  inspect: (reply: Reply, findings: Findings) => void | Promise<void>,
  /** Inspect answers without a body too, where the operation documents none (a header every answer carries). */
  options: { bodiless?: boolean } = {},
): Promise<Findings> {
  const findings = new Findings();
  const got = await bodyReplies(ctx);
  if (got.notApplicable) {
    for (const req of requirements) findings.notApplicable(req, got.notApplicable);
    return findings;
  }
  if (got.notTested) {
    for (const req of requirements) findings.notTested(req, got.notTested);
    return findings;
  }
  if (got.bodiless && options.bodiless) {
    for (const reply of got.replies) {
      ctx.touched(reply);
      await inspect(reply, findings);
    }
    return findings;
  }
  if (got.bodiless) {
    // No body documented and none sent: no schema or content-type to demand.
    for (const req of requirements)
      findings.notApplicable(
        req,
        `${ctx.operation.method} ${ctx.operation.path} documents no response body and the answer has none`,
      );
    return findings;
  }
  if (got.problem) {
    for (const req of requirements) {
      findings.failReply(req, got.problemReply, {
        message: `no response of ${ctx.operation.id} to check: ${got.problem}`,
        ...(got.problemReply ? { received: `${got.problemReply.status ?? got.problemReply.error}` } : {}),
      });
    }
    return findings;
  }
  const [first] = got.replies;
  const firstProblem = first ? unusable(first, ctx.operation) : 'no response';
  if (firstProblem) {
    for (const req of requirements) {
      findings.failReply(req, first, {
        message: `the response to check is not a successful JSON answer: ${firstProblem}`,
        ...(first ? { received: `${first.status ?? ''} ${first.text.slice(0, 120)}`.trim() } : {}),
      });
    }
    return findings;
  }
  for (const reply of got.replies) {
    if (unusable(reply, ctx.operation)) continue;
    ctx.touched(reply);
    await inspect(reply, findings);
  }
  // What the target stored from writes it should have refused: still responses of this operation.
  const byId = new Map(requirements.map((r) => [r.id, r]));
  for (const { reply, what } of (await storedReplies(ctx)).get(ctx.operation.id) ?? []) {
    const seen = new Findings();
    await inspect(reply, seen);
    if (seen.byRequirement.size > 0) ctx.touched(reply);
    for (const [id, finding] of seen.byRequirement) {
      const req = byId.get(id);
      if (!req) continue;
      for (const d of finding.departures) {
        findings.fail(
          req,
          { ...d.failure, message: `${d.failure.message} (in ${what})` },
          d.strict ? 'strict' : d.decision,
        );
      }
    }
  }
  return findings;
}

export function byAssertionAndSubject(requirements: Requirement[]): Map<string, Requirement> {
  return new Map(requirements.map((r) => [`${r.assertion} ${r.subject}`, r]));
}
