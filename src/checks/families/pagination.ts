// pagination: the backups_links chain walked for several page sizes against the full listing (no
// repeats, no gaps, next exactly when more, limit honoured, links on the target's own origin, the walk
// bounded and cycles caught); marker and offset honoured; image paging by limit/marker (upstream).
import type { Operation, Requirement } from '../../catalog/model.ts';
import type { Reply } from '../../http/client.ts';
import { defineCheck, Findings, type CheckContext } from '../model.ts';
import { together } from '../together.ts';
import { served, sharedSend, urlFor, type Served } from '../target.ts';
import { walk, type WalkProblem, type WalkResult } from '../walk.ts';

const WALK_ASSERTIONS = [
  'next-link-exactly-when-more',
  'walk-no-repeats',
  'walk-no-gaps',
  'limit-honoured',
  'link-same-origin',
  'link-rel',
  'walk-bounded',
] as const;

/** What only a walk compared with the complete listing can judge. */
const COMPLETE_WALK = new Set<string>(['walk-no-gaps', 'next-link-exactly-when-more']);

export function itemsKeyOf(ctx: CheckContext): string {
  const tops = ctx.operation.response.filter(
    (f) => !f.path.includes('.') && f.type === 'array' && f.path !== ctx.operation.pagination?.linksField,
  );
  // The list of members is an array of objects; a top-level array of strings (an item's tags the page
  // writes beside the list) is not it.
  const top = tops.find((f) => f.items === 'object') ?? tops[0];
  return top?.name ?? 'items';
}

/**
 * The field that identifies a listed item, as a marker names it: `id`, else the one field of an item
 * the page documents as its own identifier (`image_id` or `uuid` of an `images` list). Undefined where
 * the page documents none and the items carry no `id`: a marker is then never made up.
 */
export function itemIdField(ctx: CheckContext, items: unknown[]): string | undefined {
  const key = itemsKeyOf(ctx);
  const documented = ctx.operation.response.filter((f) => f.path === `${key}[].${f.name}`).map((f) => f.name);
  const noun = key.replace(/ies$/, 'y').replace(/s$/, '');
  const own = documented.find((n) => n === 'id') ?? documented.find((n) => n === `${noun}_id` || n === 'uuid');
  const carried = (name: string) =>
    items.every((i) => {
      const v = (i as Record<string, unknown> | null)?.[name];
      return typeof v === 'string' || typeof v === 'number';
    });
  if (items.length > 0 && carried('id')) return 'id';
  if (own && items.length > 0 && carried(own)) return own;
  return items.length === 0 ? (own ?? 'id') : undefined;
}

/** Why no marker can be named: the items carry no identifier the page documents. */
function noIdentifier(ctx: CheckContext): string {
  const key = itemsKeyOf(ctx);
  const documented = ctx.operation.response.filter((f) => f.path.startsWith(`${key}[].`)).map((f) => f.name);
  return `the listed ${key} carry no id${documented.length ? ` (the page documents ${documented.slice(0, 6).join(', ')} of an item)` : ' (the page documents no field of an item)'}, so no marker can be named from them`;
}

function get(ctx: CheckContext) {
  return (url: string): Promise<Reply> => ctx.client.send({ method: 'GET', url });
}

/** The full listing, walked at the target's own default page size; shared by every paging check. */
export function fullListing(
  ctx: CheckContext,
  options: { fresh?: boolean } = {},
): Promise<WalkResult | { notServed: string }> {
  const listing = async (): Promise<WalkResult | { notServed: string }> => {
    const where = await served(ctx);
    if ('notServed' in where) return where;
    const pagination = ctx.operation.pagination;
    // Asked now, not taken from the shared answers: an answer another family fetched earlier may
    // predate a write of another operation's checks, and the walks compare against this listing.
    const first = await ctx.client.send({ method: 'GET', url: urlFor(ctx, where) });
    ctx.touched(first);
    const result = await walk(first, get(ctx), {
      itemsKey: itemsKeyOf(ctx),
      linksKey: pagination?.linksField ?? `${itemsKeyOf(ctx)}_links`,
      rel: pagination?.rel ?? 'next',
      limit: undefined,
      maxPages: ctx.session.limits.maxPages,
      maxItems: ctx.session.limits.maxItems,
      sameTarget: (u) => ctx.client.isTargetUrl(u),
      keepOrder: true,
    });
    return confirmEnd(ctx, where, result);
  };
  // Fresh: walked again now, for a judge that must compare two answers taken with no write between
  // (else once per operation, when its first family asks).
  return options.fresh ? listing() : ctx.memo(`full-listing ${ctx.operation.id}`, listing);
}

/**
 * A walk that ended without a next link ended at the last page only if nothing comes after its last
 * item: asked for once by marker where the operation takes one. Items not yet seen mean the link was
 * missing and the walk was cut short (the listing, and so any total, is unknown).
 */
async function confirmEnd(
  ctx: CheckContext,
  where: Exclude<Served, { notServed: string }>,
  result: WalkResult,
): Promise<WalkResult> {
  const last = result.order?.at(-1);
  const params = new Set(ctx.operation.queryParams.map((p) => p.name));
  const byMarker =
    params.has('marker') ||
    ctx.catalog.requirements.some((r) => r.operation === ctx.operation.id && r.assertion === 'marker-honoured');
  if (result.cutShort || last === undefined || (!byMarker && !params.has('offset'))) return result;
  const after: Record<string, string | number> = byMarker
    ? { marker: last, limit: 1 }
    : { offset: result.order!.length, limit: 1 };
  const reply = await ctx.client.send({ method: 'GET', url: urlFor(ctx, where, {}, after) });
  const items = (reply.json as Record<string, unknown> | undefined)?.[itemsKeyOf(ctx)];
  if (reply.status !== 200 || !Array.isArray(items)) return result;
  const unseen = items
    .map((i) => (i && typeof i === 'object' ? (i as Record<string, unknown>).id : undefined))
    .filter((id) => typeof id === 'string' && !result.ids.has(id));
  if (unseen.length === 0) return result;
  ctx.touched(reply);
  return {
    ...result,
    cutShort: true,
    problems: [
      ...result.problems,
      {
        assertion: 'next-link-exactly-when-more',
        message: `page ${result.pages} has no next link, yet ${byMarker ? `marker=${last}` : `offset=${result.order!.length}`} lists ${String(unseen[0])} after it`,
        received: `no ${ctx.operation.pagination?.rel ?? 'next'} link on page ${result.pages}`,
        documented: 'a next link while more items exist',
        reply,
      },
    ],
  };
}

/** Page sizes that exercise one-item pages, uneven last pages and an exactly full last page. */
export function pageSizes(total: number): number[] {
  if (total === 0) return [1];
  const sizes =
    total <= 30
      ? [1, 2, Math.max(3, Math.ceil(total / 3)), total, total + 1]
      : [Math.ceil(total / 10), Math.ceil(total / 3), total, total + 1];
  return [...new Set(sizes.map((s) => Math.min(Math.max(1, s), 1000)))];
}

function report(findings: Findings, requirements: Requirement[], problems: WalkProblem[], context: string): void {
  for (const p of problems) {
    for (const req of requirements.filter((r) => r.assertion === p.assertion)) {
      findings.failReply(
        req,
        p.reply,
        {
          message: `${p.message} (${context})`,
          ...(p.received ? { received: p.received } : {}),
          ...(p.documented ? { documented: p.documented } : {}),
        },
        p.upstreamHabit ? req.decision : undefined,
      );
    }
  }
}

/** A list that documents links, or paging words as query parameters (then links, if any, are `<items>_links`). */
const pages = (op: Operation): boolean =>
  op.pagination !== undefined || op.queryParams.some((q) => ['limit', 'marker', 'offset'].includes(q.name));

export const paginationLinksWalk = defineCheck({
  id: 'pagination-links-walk',
  family: 'pagination',
  assertions: [...WALK_ASSERTIONS],
  title: 'the next link leads through every item exactly once, for several page sizes',
  appliesTo: pages,
  writes: false,
  run: async function paginationLinksWalk(ctx, requirements, pre) {
    const findings = new Findings();
    const full = await fullListing(ctx);
    if ('notServed' in full) {
      for (const req of requirements) findings.notApplicable(req, full.notServed);
      return findings;
    }
    report(findings, requirements, full.problems, 'walking the listing without limit');
    const where = pre.served;
    const pagination = ctx.operation.pagination ?? { linksField: `${itemsKeyOf(ctx)}_links`, rel: 'next' };
    // Gaps and "next exactly when more" are judged against the complete listing; when no walk could be
    // compared with one, those requirements are not tested (never passed by default).
    // Each page size is its own walk: walked at once, judged in order.
    const limits = pageSizes(full.ids.size);
    const walks = await together(ctx, limits, async (c, limit) => {
      const first = await c.client.send({ method: 'GET', url: urlFor(c, where, {}, { limit }) });
      c.touched(first);
      return walk(first, get(c), {
        itemsKey: itemsKeyOf(c),
        linksKey: pagination.linksField,
        rel: pagination.rel,
        limit,
        expected: full.cutShort ? undefined : full.ids,
        maxPages: c.session.limits.maxPages,
        maxItems: c.session.limits.maxItems,
        sameTarget: (u) => c.client.isTargetUrl(u),
      });
    });
    let compared = false;
    walks.forEach((result, i) => {
      report(findings, requirements, result.problems, `limit=${limits[i]}`);
      if (!full.cutShort && !result.cutShort) compared = true;
    });
    if (!compared) {
      const why = full.cutShort
        ? `the walk of the whole listing was cut short (${full.problems.find((p) => p.assertion === 'walk-bounded' || p.assertion === 'link-same-origin' || p.assertion === 'link-rel')?.message ?? full.problems.at(-1)?.message ?? 'unknown reason'}), so the listing is unknown`
        : 'every limited walk was cut short, so none could be compared with the listing';
      for (const req of requirements.filter((r) => COMPLETE_WALK.has(r.assertion))) {
        if ((findings.get(req.id)?.departures.length ?? 0) === 0) findings.notTested(req, `${why}`);
      }
    }
    return findings;
  },
});

export const paginationMarkerOffsetHonoured = defineCheck({
  id: 'pagination-marker-offset-honoured',
  family: 'pagination',
  assertions: ['marker-honoured', 'offset-honoured'],
  title: 'marker starts the page after the named item and offset skips that many items',
  appliesTo: pages,
  writes: false,
  run: async function paginationMarkerOffsetHonoured(ctx, requirements, pre) {
    const findings = new Findings();
    const full = await fullListing(ctx);
    const where = pre.served;
    if ('notServed' in full) {
      for (const req of requirements) findings.notApplicable(req, 'not served');
      return findings;
    }
    const order = full.order ?? [];
    const key = itemsKeyOf(ctx);
    const idsOf = (reply: Reply): string[] | undefined => {
      const items = (reply.json as Record<string, unknown> | undefined)?.[key];
      return Array.isArray(items) ? items.map((i) => String((i as Record<string, unknown>)?.id)) : undefined;
    };
    await together(ctx, requirements, async (c, req) => {
      if (order.length < 3 && full.cutShort) {
        findings.notTested(
          req,
          `the walk of the listing was cut short after ${order.length} item(s) (${full.problems.at(-1)?.message ?? 'unknown reason'}); at least 3 are needed to test ${req.subject}`,
        );
        return;
      }
      if (order.length < 3) {
        findings.notApplicable(
          req,
          `the listing has ${order.length} item(s); at least 3 are needed to test ${req.subject}`,
        );
        return;
      }
      const limit = 2;
      const query =
        req.assertion === 'marker-honoured'
          ? { marker: order[0]!, limit }
          : ({ offset: 1, limit } as Record<string, string | number>);
      const want = order.slice(1, 1 + limit);
      const reply = await c.client.send({ method: 'GET', url: urlFor(ctx, where, {}, query) });
      c.touched(reply);
      const got = idsOf(reply);
      const asked =
        req.assertion === 'marker-honoured' ? `marker=${order[0]}&limit=${limit}` : `offset=1&limit=${limit}`;
      if (reply.status !== 200 || !got) {
        findings.failReply(req, reply, {
          message: `${asked} answered ${reply.status ?? reply.error}${reply.jsonError ? ` (${reply.jsonError})` : got ? '' : ` without a ${key} list`}`,
          received: `${reply.status ?? reply.error} ${reply.text.slice(0, 120)}`.trim(),
          documented: `200 with ids ${want.join(', ')}`,
        });
        return;
      }
      // The marker or offset decides where the page starts; how long it is belongs to limit-honoured.
      const start = got.slice(0, want.length);
      if (got.length >= want.length && start.every((id, i) => id === want[i])) {
        if (got.length > want.length)
          findings.note(
            req,
            `the page starts at the right item; it holds ${got.length} items for limit=${limit} (judged by limit-honoured)`,
          );
        return;
      }
      // The listing may have changed since it was walked (a resource another check deleted, a stack
      // leaving the list once its delete completed): judged again against the listing as it is now.
      const now = await c.client.send({ method: 'GET', url: urlFor(ctx, where, {}, {}) });
      const fresh = now.status === 200 ? idsOf(now) : undefined;
      if (fresh) {
        const from = req.assertion === 'marker-honoured' ? fresh.indexOf(order[0]!) : 0;
        const again = from >= 0 ? fresh.slice(from + 1, from + 1 + limit) : [];
        if (
          again.length > 0 &&
          fresh.join() !== order.slice(0, fresh.length).join() &&
          again.every((id, i) => got[i] === id)
        ) {
          findings.note(req, `the listing changed while the suite read it; the page follows the listing as it is now`);
          return;
        }
      }
      const at = order.indexOf(got[0] ?? '');
      const message =
        got.length === 0
          ? `${asked} gave an empty page, though ${order.length - 1} item(s) follow the ${req.assertion === 'marker-honoured' ? 'marker' : 'first'}`
          : start[0] !== want[0]
            ? `${asked} starts the page at ${got[0]}${at >= 0 ? ` (item ${at + 1} of the listing)` : ''}, not at ${want[0]} (item 2)`
            : got.length < want.length
              ? `${asked} starts at the right item but holds ${got.length} item(s), though ${order.length - 1} follow`
              : `${asked} starts at the right item but then does not follow the listing's order`;
      findings.failReply(req, reply, {
        message,
        received: `ids ${got.join(', ')}`,
        documented: `ids ${want.join(', ')} (the listing's order)`,
      });
    });
    return findings;
  },
});

export const imageLimitMarkerPaging = defineCheck({
  id: 'image-limit-marker-paging',
  family: 'pagination',
  assertions: ['limit-marker-paging'],
  title: 'the image list pages by limit and marker (upstream compatibility)',
  appliesTo: () => true,
  writes: false,
  run: async function imageLimitMarkerPaging(ctx, requirements, pre) {
    const findings = new Findings();
    const where = pre.served;
    const key = itemsKeyOf(ctx);
    const big = await sharedSend(ctx, { method: 'GET', url: urlFor(ctx, where, {}, { limit: 1000 }) });
    const listed = (big.json as Record<string, unknown> | undefined)?.[key];
    // A list that is not an array is the schema family's failure; here it leaves nothing to compare.
    const all = Array.isArray(listed) ? (listed as Record<string, unknown>[]) : [];
    const idField = itemIdField(ctx, all);
    if (!idField) {
      for (const req of requirements) findings.notTested(req, noIdentifier(ctx));
      return findings;
    }
    const expected = all.map((i) => String(i?.[idField]));
    const limit = 2;
    const seen: string[] = [];
    let marker: string | undefined;
    let problem: { message: string; reply?: Reply; received?: string } | undefined;
    for (let page = 0; page < ctx.session.limits.maxPages; page++) {
      const reply = await ctx.client.send({
        method: 'GET',
        url: urlFor(ctx, where, {}, marker ? { limit, marker } : { limit }),
      });
      ctx.touched(reply);
      const items = (reply.json as Record<string, unknown> | undefined)?.[key];
      if (reply.status !== 200 || !Array.isArray(items)) {
        problem = {
          message: `limit=${limit}${marker ? `&marker=${marker}` : ''} answered ${reply.status ?? reply.error}`,
          reply,
        };
        break;
      }
      if (items.length > limit) {
        problem = { message: `limit=${limit} gave ${items.length} images`, reply, received: `${items.length} images` };
        break;
      }
      if (items.length > 0 && itemIdField(ctx, items) !== idField) {
        problem = {
          message: `limit=${limit}${marker ? `&marker=${marker}` : ''} gave ${key} without the ${idField} the others carry`,
          reply,
        };
        break;
      }
      const ids = items.map((i) => String((i as Record<string, unknown>)[idField]));
      const repeated = ids.find((id) => seen.includes(id));
      if (repeated) {
        problem = { message: `marker=${marker} gave ${repeated} again`, reply, received: ids.join(', ') };
        break;
      }
      seen.push(...ids);
      if (ids.length < limit) break;
      marker = ids[ids.length - 1];
    }
    if (!problem && expected.length < 1000 && seen.join() !== expected.join()) {
      problem = {
        message: 'paging by limit and marker does not give the same images, in order, as one large page',
        received: `${seen.length} images: ${seen.slice(0, 5).join(', ')}…`,
      };
    }
    for (const req of requirements) {
      if (problem) {
        findings.failReply(req, problem.reply, {
          message: problem.message,
          ...(problem.received ? { received: problem.received } : {}),
          documented: `pages of at most ${limit} images, each starting after the marker, together the whole list (${expected.length} images)`,
        });
      }
    }
    return findings;
  },
});
