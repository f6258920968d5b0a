// Leftovers of an earlier run that crashed before its cleanup: before a request plan creates a
// resource, the collection it is listed in is read once and the items the suite itself made (a value
// carries its run tag, `cac-<time>-<random>-…`) and that are older than any live run are deleted,
// software configs as much as deployments. Anything else, however named, is never touched; nor is a
// collection beneath a parent this run made (src/checks/plans/obtain.ts does not ask).
import type { CheckContext } from '../model.ts';
import { listedItems } from './bodies.ts';
import { sharedRead } from '../target.ts';

/** A run tag as runTag() writes it, at the start of a value: `cac-<base36 ms>-<base36 random>-`. */
const TAGGED = /^cac-([0-9a-z]{6,10})-[0-9a-z]{1,8}-/;
/** Older than this, a tagged deployment belongs to no run still going (a full run takes minutes). */
export const STALE_AFTER_MS = 30 * 60_000;

export interface Sweep {
  deleted: string[];
  problems: string[];
}

/** When the suite's tag in `value` was made, or undefined when the value is not the suite's. */
export function taggedAt(value: unknown, now = Date.now()): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = TAGGED.exec(value);
  if (!m) return undefined;
  const at = parseInt(m[1]!, 36);
  // A time in the future, or before the suite existed, is not one of our tags.
  return at > Date.UTC(2024, 0, 1) && at <= now ? at : undefined;
}

/** Whether a listed item is one an earlier run of the suite left behind: every tagged value in it is stale. */
export function isStaleLeftover(item: Record<string, unknown>, now = Date.now()): boolean {
  const times = Object.values(item)
    .map((v) => taggedAt(v, now))
    .filter((t): t is number => t !== undefined);
  return times.length > 0 && times.every((t) => now - t > STALE_AFTER_MS);
}

export interface SweepAt {
  /** What is swept, for messages (`software-deployment`). */
  kind: string;
  /** Where the collection is listed. */
  listUrl: string;
  /** Where one member is deleted; undefined when the resource cannot be deleted by id. */
  memberUrl: (id: string) => string | undefined;
}

/**
 * Lists `listUrl` once per worker and deletes the suite's stale leftovers. A target that does not
 * list, and read-only mode, are left alone.
 */
export function sweepLeftovers(ctx: CheckContext, at: SweepAt): Promise<Sweep> {
  return ctx.memo(`sweep ${at.listUrl}`, async () => {
    const sweep: Sweep = { deleted: [], problems: [] };
    if (ctx.session.readOnly) return sweep;
    // The listing the probe of where it is served already fetched, if it is the same request.
    const listed = await sharedRead(ctx, at.listUrl);
    if (listed.status !== 200) return sweep;
    const now = Date.now();
    for (const item of listedItems(listed)) {
      const id = item.id;
      const url = typeof id === 'string' && isStaleLeftover(item, now) ? at.memberUrl(id) : undefined;
      if (!url) continue;
      const reply = await ctx.client.send({ method: 'DELETE', url });
      if (reply.status !== undefined && (reply.status < 300 || reply.status === 404))
        sweep.deleted.push(`${at.kind} ${id as string}`);
      else sweep.problems.push(`could not delete leftover ${at.kind} ${id as string}: ${reply.status ?? reply.error}`);
    }
    return sweep;
  });
}
