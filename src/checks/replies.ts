// The successful responses an operation's body checks (schema, timestamps, enums, headers) read:
// fetched once per worker and shared, so adding a family adds no request.
import type { Operation } from '../catalog/model.ts';
import type { Reply } from '../http/client.ts';
import { lifecycle, lifecycleReplies } from './lifecycle.ts';
import type { CheckContext } from './model.ts';
import { microversionGap, microversionHeader, plainGet, served, sharedSend, urlFor } from './target.ts';

export interface BodyReplies {
  replies: Reply[];
  /** Why there is nothing to read: a failure of the requirement, unless `notApplicable`. */
  problem?: string;
  problemReply?: Reply;
  notApplicable?: string;
}

export function isListOperation(op: Operation): boolean {
  return op.method === 'GET' && !/\{(?!project_id\}|tenant_id\})[^}]+\}/.test(op.path);
}

/** Whether the operation's requests write (its checks are skipped in read-only mode). */
export function writesFor(op: Operation): boolean {
  return !isListOperation(op);
}

export function countParam(op: Operation): string | undefined {
  return op.queryParams.find((p) => p.name === 'with_count')?.name;
}

/** The with_count listing at the microversion that introduced it, when the target serves it. */
export async function countedListing(ctx: CheckContext, query: Record<string, string> = {}): Promise<Reply | { notApplicable: string }> {
  const op = ctx.operation;
  const param = op.queryParams.find((p) => p.name === 'with_count');
  if (!param) return { notApplicable: `${op.id} documents no with_count` };
  const version = param.sinceMicroversion ?? op.microversions.find((m) => m.appliesTo.includes('with_count'))?.version;
  const gap = microversionGap(ctx, op.service, version);
  if (gap) return { notApplicable: gap };
  const where = await served(ctx, op);
  if ('notServed' in where) return { notApplicable: where.notServed };
  return sharedSend(ctx, {
    method: 'GET',
    url: urlFor(ctx, where, {}, { with_count: 'true', ...query }),
    headers: microversionHeader(op.service, version),
  });
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
  const state = await lifecycle(ctx);
  const replies = lifecycleReplies(state, op);
  for (const r of replies) ctx.touched(r);
  if (replies.length === 0) {
    if (state.problem?.startsWith('not served')) return { replies, notApplicable: state.problem };
    if (state.problemReply) ctx.touched(state.problemReply);
    return { replies, problem: state.problem ?? `no response of ${op.id} to check`, ...(state.problemReply ? { problemReply: state.problemReply } : {}) };
  }
  return { replies };
}

/** Why a reply cannot be read as a successful JSON answer, or undefined. */
export function unusable(reply: Reply): string | undefined {
  if (reply.error) return `${reply.method} ${reply.url}: ${reply.error}`;
  if (reply.status === undefined || reply.status >= 300) return `${reply.method} answered ${reply.status}, not a success`;
  if (reply.json === undefined) return `${reply.method} answered ${reply.status} with ${reply.jsonError ?? 'an empty body'}`;
  return undefined;
}
