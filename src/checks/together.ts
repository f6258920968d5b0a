// Probes that only read and do not depend on each other's answers, sent at once: the filters of a
// list, the page sizes of a walk, the read-only checks of a family. The client still bounds the
// requests in flight per service, so a target sees no more than the concurrency it was promised; the
// wall time of a remote run is what shrinks. What each probe touches is attached in the order a
// sequential run attaches it, so reports do not depend on which answer came first.
import type { Reply } from '../http/client.ts';
import { DEFAULT_LIMITS } from '../session/model.ts';
import type { CheckContext } from './model.ts';

/**
 * Runs `probe` on every item at once (one after another where the session asks for one request in
 * flight) and returns their results in the items' order. Each probe gets a context whose evidence is
 * held back and handed to `ctx.touched` in the items' order once all are done. A probe that throws
 * throws only after every other has finished, so none keeps sending once the check has ended (its
 * family's place in the run is over then).
 */
export async function together<T, R>(
  ctx: CheckContext,
  items: readonly T[],
  probe: (ctx: CheckContext, item: T, index: number) => Promise<R>,
): Promise<R[]> {
  // One request in flight asked for (--concurrency 1): one probe after another, as listed.
  if (items.length <= 1 || (ctx.session.limits.concurrency ?? DEFAULT_LIMITS.concurrency ?? 4) <= 1) {
    const out: R[] = [];
    for (const [i, item] of items.entries()) out.push(await probe(ctx, item, i));
    return out;
  }
  const held = items.map(() => [] as Reply[]);
  const settled = await Promise.allSettled(
    items.map((item, i) => probe({ ...ctx, touched: (reply) => held[i]!.push(reply) }, item, i)),
  );
  for (const replies of held) for (const reply of replies) ctx.touched(reply);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<R>).value);
}
