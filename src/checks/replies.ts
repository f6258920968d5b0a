// The successful responses an operation's body checks (schema, timestamps, enums, headers) read:
// fetched once per worker and shared, so adding a family adds no request.
import type { Operation } from '../catalog/model.ts';
import type { Reply } from '../http/client.ts';
import { lifecycle, lifecycleOperations, lifecycleReplies } from './lifecycle.ts';
import type { CheckContext } from './model.ts';
import { isNotTested, prepare, preparedPayload, trackMade } from './plans/obtain.ts';
import { microversionGap, microversionHeader, plainGet, served, sharedSend, urlFor } from './target.ts';

export interface BodyReplies {
  replies: Reply[];
  /** Why there is nothing to read: the operation's own request was refused (a failure). */
  problem?: string;
  problemReply?: Reply;
  notApplicable?: string;
  /** Why the suite could not make the request (a prerequisite it could not obtain). */
  notTested?: string;
  /** The operation documents no response body and its answers carry none: nothing for body checks. */
  bodiless?: boolean;
}

export function isListOperation(op: Operation): boolean {
  return op.method === 'GET' && !/\{(?!project_id\}|tenant_id\})[^}]+\}/.test(op.path);
}

/** Whether the operation's requests write (its checks are skipped in read-only mode). */
export function writesFor(op: Operation): boolean {
  return op.method !== 'GET' && op.method !== 'HEAD';
}

export function countParam(op: Operation): string | undefined {
  return op.queryParams.find((p) => p.name === 'with_count')?.name;
}

/** The with_count listing at the microversion that introduced it, when the target serves it. */
export async function countedListing(
  ctx: CheckContext,
  query: Record<string, string> = {},
  options: { fresh?: boolean } = {},
): Promise<Reply | { notApplicable: string }> {
  const op = ctx.operation;
  const param = op.queryParams.find((p) => p.name === 'with_count');
  if (!param) return { notApplicable: `${op.id} documents no with_count` };
  const version = param.sinceMicroversion ?? op.microversions.find((m) => m.appliesTo.includes('with_count'))?.version;
  const gap = microversionGap(ctx, op.service, version);
  if (gap) return { notApplicable: gap };
  const where = await served(ctx, op);
  if ('notServed' in where) return { notApplicable: where.notServed };
  const spec = {
    method: 'GET' as const,
    url: urlFor(ctx, where, {}, { with_count: 'true', ...query }),
    headers: microversionHeader(op.service, version),
  };
  return options.fresh ? ctx.client.send(spec) : sharedSend(ctx, spec);
}

export async function bodyReplies(ctx: CheckContext, op: Operation = ctx.operation): Promise<BodyReplies> {
  if (isListOperation(op)) {
    const first = await plainGet(ctx, op);
    if (!first) return { replies: [], notApplicable: 'not served' };
    const replies = [first];
    if (op.pagination) {
      const where = await served(ctx, op);
      if (!('notServed' in where)) {
        // A page of one so the links field is there to be checked.
        replies.push(await sharedSend(ctx, { method: 'GET', url: urlFor(ctx, where, {}, { limit: 1 }) }));
      }
    }
    if (countParam(op)) {
      const counted = await countedListing(ctx);
      if (!('notApplicable' in counted)) replies.push(counted);
    }
    return { replies };
  }
  const withBodies = (got: BodyReplies): BodyReplies =>
    op.response.length === 0 &&
    got.replies.length > 0 &&
    got.replies.every((r) => r.status !== undefined && r.text.trim() === '')
      ? { ...got, bodiless: true }
      : got;
  const ops = lifecycleOperations(ctx, op);
  const inLifecycle = [ops.create, ops.show, ops.update, ops.delete].some((o) => o?.id === op.id);
  if (inLifecycle && ops.create && !ctx.session.readOnly) {
    const state = await lifecycle(ctx, op);
    const replies = lifecycleReplies(state, op);
    for (const r of replies) ctx.touched(r);
    if (replies.length > 0) return withBodies({ replies });
    if (state.created?.status === 404 && op.id === ops.create.id) {
      return { replies, notApplicable: `not served: ${state.created.method} ${state.created.url} answers 404` };
    }
    if (state.refused && op.id === ops.create.id) {
      if (state.problemReply) ctx.touched(state.problemReply);
      return { replies, problem: state.refused, ...(state.problemReply ? { problemReply: state.problemReply } : {}) };
    }
    return {
      replies,
      notTested:
        state.notTested ?? state.refused ?? state.unsettled ?? `the lifecycle of ${ops.key} did not reach ${op.id}`,
    };
  }
  // Any other operation: sent once, as its request plan prepares it (an instance of its own where it
  // deletes or acts on one).
  const reply = await ctx.memo(`plain ${op.id}`, async (): Promise<Reply | { notTested: string }> => {
    const prepared = await prepare(ctx, op);
    if (isNotTested(prepared)) return { notTested: prepared.notTested };
    const payload = preparedPayload(op, prepared);
    const sent = await ctx.client.send({ method: op.method, url: prepared.url, ...payload });
    trackMade(ctx, op, sent, prepared.params, undefined, prepared);
    return sent;
  });
  if ('notTested' in reply && !('exchange' in reply)) return { replies: [], notTested: reply.notTested };
  ctx.touched(reply as Reply);
  return withBodies({ replies: [reply as Reply] });
}

/**
 * Why a reply cannot be read as a successful JSON answer, or undefined. A 2xx is a success, and so is
 * a code the operation documents as its success (the 300 of a versions document).
 */
export function unusable(reply: Reply, op?: Operation): string | undefined {
  if (reply.error) return `${reply.method} ${reply.url}: ${reply.error}`;
  const documented = op?.statusCodes.some((c) => c.kind === 'success' && c.code === reply.status) ?? false;
  if (reply.status === undefined || (reply.status >= 300 && !documented))
    return `${reply.method} answered ${reply.status}, not a success`;
  if (reply.json === undefined)
    return `${reply.method} answered ${reply.status} with ${reply.jsonError ?? 'an empty body'}`;
  return undefined;
}
