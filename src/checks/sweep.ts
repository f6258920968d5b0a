// Leftovers of an earlier run that crashed before its cleanup: before the write scenario creates
// anything, the deployments listed in the project are read and those the suite itself made (a field
// carries its run tag, `cac-<time>-<random>-…`) and that are older than any live run are deleted.
// Anything else, however named, is never touched.
import type { Reply } from '../http/client.ts';
import type { CheckContext } from './model.ts';
import { urlFor } from './target.ts';

/** A run tag as runTag() writes it, at the start of a value: `cac-<base36 ms>-<base36 random>-`. */
const TAGGED = /^cac-([0-9a-z]{6,10})-[0-9a-z]{1,8}-/;
/** Fields the lifecycle fills with tagged values (config_id only when no real config could be made). */
const TAGGED_FIELDS = ['server_id', 'status_reason', 'config_id'];
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

/** Whether a listed item is a deployment an earlier run of the suite left behind. */
export function isStaleLeftover(item: Record<string, unknown>, now = Date.now()): boolean {
  const times = TAGGED_FIELDS.map((f) => taggedAt(item[f], now)).filter((t): t is number => t !== undefined);
  return times.length > 0 && times.every((t) => now - t > STALE_AFTER_MS);
}

function listedItems(reply: Reply): Record<string, unknown>[] {
  const body = reply.json;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return [];
  const list = Object.values(body as Record<string, unknown>).find(Array.isArray) as unknown[] | undefined;
  return (list ?? []).filter((i): i is Record<string, unknown> => !!i && typeof i === 'object');
}

/**
 * Lists the collection at `listPath` (the create path: upstream Heat lists deployments there) and
 * deletes the suite's stale leftovers at `showPath`. A target that does not list is left alone.
 */
export async function sweepLeftovers(ctx: CheckContext, endpoint: string, listPath: string, showPath: string, idParam: string): Promise<Sweep> {
  const sweep: Sweep = { deleted: [], problems: [] };
  if (ctx.session.readOnly) return sweep;
  const listed = await ctx.client.send({ method: 'GET', url: urlFor(ctx, { path: listPath, endpoint }) });
  if (listed.status !== 200) return sweep;
  const now = Date.now();
  for (const item of listedItems(listed)) {
    if (typeof item.id !== 'string' || !isStaleLeftover(item, now)) continue;
    const url = urlFor(ctx, { path: showPath, endpoint }, { [idParam]: item.id });
    const reply = await ctx.client.send({ method: 'DELETE', url });
    if (reply.status !== undefined && (reply.status < 300 || reply.status === 404)) sweep.deleted.push(item.id);
    else sweep.problems.push(`could not delete leftover deployment ${item.id}: ${reply.status ?? reply.error}`);
  }
  return sweep;
}
