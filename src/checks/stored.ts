// What a target stored from a request it should have refused. A create or update carrying an
// undocumented enum value or a field of the wrong JSON type may be accepted (a decided upstream habit
// on the request side, judged by its own requirement); what comes back, in that write's answer and in a
// later show of the resource, is still a response and is judged by the response MUSTs (enum, type).
import type { Operation, Requirement } from '../catalog/model.ts';
import type { Reply } from '../http/client.ts';
import { lifecycleOperations } from './lifecycle.ts';
import type { CheckContext } from './model.ts';
import { purposeOf, requestBody, resource, runTag, setPath } from './plans/bodies.ts';
import { isNotTested, memberParam, ownPurpose, plannerFor, prepare, trackMade } from './plans/obtain.ts';
import { provoke } from './provoke.ts';
import { served, urlFor } from './target.ts';
import { together } from './together.ts';

export const UNDOCUMENTED_VALUE = 'CAC_UNDOCUMENTED_VALUE';

/** A reply to judge beyond the operation's own, and why it is judged. */
export interface StoredReply {
  reply: Reply;
  /** `the answer to a create with status = CAC_UNDOCUMENTED_VALUE, which the target accepted` */
  what: string;
}

const onOperation = (ctx: CheckContext, operation: Operation): CheckContext => ({ ...ctx, operation });

/** The body field an enum-request requirement names. */
export function enumBodyField(op: Operation, subject: string) {
  const name = subject.split('.').pop()!;
  return op.requestBody.find((f) => f.path.replace(/\[\]/g, '') === subject.replace(/\[\]/g, '') || f.name === name);
}

/**
 * The create or update with an undocumented value in an enumerated body field, sent once per worker
 * (shared by the enum-request check and the response checks). Undefined when it cannot be sent.
 */
export function undocumentedValueWrite(
  ctx: CheckContext,
  req: Requirement,
): Promise<Reply | { notApplicable: string } | { notTested: string }> {
  const op = ctx.operation;
  return ctx.memo(`undocumented-value ${op.id} ${req.subject}`, async () => {
    const where = await served(ctx);
    if ('notServed' in where) return { notApplicable: where.notServed };
    const bodyField = enumBodyField(op, req.subject);
    if (!bodyField) return { notApplicable: `${op.id} has no request field ${req.subject}` };
    const prepared = await prepare(ctx, op);
    if (isNotTested(prepared))
      return { notTested: `no valid request of ${op.id} to send the value in: ${prepared.notTested}` };
    const body = requestBody(op, runTag(), purposeOf(op), prepared.refs, prepared.optionalRefs, prepared.given);
    setPath(body, bodyField.path || bodyField.name, UNDOCUMENTED_VALUE);
    const reply = await ctx.client.send({ method: op.method, url: prepared.url, json: body });
    trackMade(ctx, op, reply, prepared.params, undefined, prepared);
    return reply;
  });
}

const accepted = (r: Reply) => r.status !== undefined && r.status >= 200 && r.status < 300 && r.json !== undefined;

/** The memo key of a resource's stored replies (`<service>/<name>`): the run's scheduler reads it too. */
export function storedRepliesMemo(key: string): string {
  return `stored-replies ${key}`;
}

/**
 * Whether the stored replies send anything with this create or update: an undocumented value for an
 * enumerated body field, or a field of the wrong JSON type (the scheduler reads it: src/run/footprint.ts).
 */
export function storesReplies(catalog: Pick<CheckContext['catalog'], 'requirements'>, op: Operation): boolean {
  return catalog.requirements.some(
    (r) =>
      r.operation === op.id &&
      ((r.assertion === 'enum-request-rejected' && enumBodyField(op, r.subject) !== undefined) ||
        r.subject === '400-wrong-type'),
  );
}

/**
 * Per operation id, the replies showing what the target stored from writes it accepted though they
 * carried an undocumented enum value or a wrong JSON type: the write's own answer (for the create or
 * update) and the resource shown afterwards (for the show). Empty when every such write was refused.
 * Once per resource (its create and update), whichever of its operations asks first.
 */
export function storedReplies(ctx: CheckContext): Promise<Map<string, StoredReply[]>> {
  const { key, create, update, show } = lifecycleOperations(ctx);
  return ctx.memo(storedRepliesMemo(key ?? ctx.operation.id), async () => {
    const out = new Map<string, StoredReply[]>();
    const add = (op: Operation, s: StoredReply) => out.set(op.id, [...(out.get(op.id) ?? []), s]);
    type Write = { op: Operation; reply: Reply; sent: string };
    const writes: Write[] = [];
    for (const op of [create, update]) {
      if (!op) continue;
      const octx = onOperation(ctx, op);
      const sends: ((c: CheckContext) => Promise<Write | undefined>)[] = [];
      for (const req of ctx.catalog.requirements.filter(
        (r) => r.operation === op.id && r.assertion === 'enum-request-rejected',
      )) {
        if (!enumBodyField(op, req.subject)) continue;
        sends.push(async (c) => {
          const reply = await undocumentedValueWrite({ ...octx, touched: c.touched }, req);
          return 'exchange' in reply && accepted(reply)
            ? { op, reply, sent: `${req.subject} = ${UNDOCUMENTED_VALUE}` }
            : undefined;
        });
      }
      if (ctx.catalog.requirements.some((r) => r.operation === op.id && r.subject === '400-wrong-type')) {
        sends.push(async (c) => {
          const provoked = await provoke({ ...octx, touched: c.touched }, '400-wrong-type');
          return 'reply' in provoked && accepted(provoked.reply)
            ? { op, reply: provoked.reply, sent: 'a field of the wrong JSON type' }
            : undefined;
        });
      }
      // Each create of a top-level member makes one of its own: they go together. Creates beneath a
      // parent of their own (metadata keys of one volume, whose answers show the whole map) and
      // updates (of one instance) go one after another.
      const inParallel = op === create && !plannerFor(ctx).plan(op.id).ownInstance;
      const sent: (Write | undefined)[] = [];
      if (inParallel) sent.push(...(await together(ctx, sends, (c, send) => send(c))));
      else for (const send of sends) sent.push(await send(ctx));
      for (const w of sent) if (w) writes.push(w);
    }
    for (const { op, reply, sent } of writes) {
      const verb = op.method === 'POST' ? 'a create' : 'an update';
      add(op, { reply, what: `the answer to ${verb} with ${sent}, which the target accepted` });
      // The resource the write made (a create) or changed (an update), shown as any other.
      const made = resource(reply)?.id;
      // Beneath the parents the write was sent under (a write beneath a parent acts under its own).
      const beneath = plannerFor(ctx).plan(op.id).ownInstance ? ownPurpose(op.id) : undefined;
      const at = show ? await prepare(ctx, show, [], beneath) : undefined;
      const idParam = show ? memberParam(show) : undefined;
      if (!show || !at || isNotTested(at) || !idParam) continue;
      const id = op.method === 'POST' ? made : at.params[idParam];
      if (typeof id !== 'string') continue;
      const where = await served(ctx, show);
      if ('notServed' in where) continue;
      const url = urlFor(ctx, where, { ...at.params, [idParam]: id });
      const shown = await ctx.client.send({ method: 'GET', url });
      if (accepted(shown))
        add(show, { reply: shown, what: `the resource shown after ${verb} with ${sent}, which the target accepted` });
    }
    return out;
  });
}
