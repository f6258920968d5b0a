// filters: every documented filter narrows the list to exactly the matching items (judged against a
// large unfiltered page, and against the upstream detail listing where items lack the field), bad
// filter values are refused, and with_count gives the total whatever the page.
import type { Field, Requirement } from '../../catalog/model.ts';
import type { Reply } from '../../http/client.ts';
import { show } from '../json-path.ts';
import { defineCheck, Findings, type CheckContext } from '../model.ts';
import { placeOf, plannerFor } from '../plans/obtain.ts';
import { countedListing } from '../replies.ts';
import { isParseError, parseTimestamp } from '../timestamp.ts';
import { maxVersion, microversionGap, microversionHeader, served, sharedSend, urlFor } from '../target.ts';
import { fullListing, itemsKeyOf } from './pagination.ts';
import { together } from '../together.ts';

type Item = Record<string, unknown>;
const BIG_PAGE = 1000;

/** An item's id for a message: never "undefined". */
function idOf(item: Item): string {
  return item && typeof item === 'object' && typeof item.id === 'string'
    ? item.id
    : `(an item without an id: ${show(item).slice(0, 60)})`;
}

function itemsOf(reply: Reply | undefined, key: string): Item[] | undefined {
  const items = (reply?.json as Record<string, unknown> | undefined)?.[key];
  // Items that are not objects (a list of names) show no field to filter on.
  return Array.isArray(items)
    ? (items.filter((i) => !!i && typeof i === 'object' && !Array.isArray(i)) as Item[])
    : undefined;
}

/** Microversion a query parameter needs: its own, or the note's that names it. */
export function versionFor(ctx: CheckContext, param: string): string | undefined {
  const op = ctx.operation;
  const field = op.queryParams.find((p) => p.name === param);
  const note = op.microversions.find((m) => m.appliesTo.includes(param))?.version;
  return maxVersion([field?.sinceMicroversion, note]);
}

async function listWith(
  ctx: CheckContext,
  query: Record<string, string>,
  version?: string,
  bigPage = true,
): Promise<Reply | undefined> {
  const where = await served(ctx);
  if ('notServed' in where) return undefined;
  return sharedSend(ctx, {
    method: 'GET',
    url: urlFor(ctx, where, {}, bigPage && !('limit' in query) ? { ...query, limit: String(BIG_PAGE) } : query),
    headers: microversionHeader(ctx.operation.service, version),
  });
}

/**
 * Items with every field: the list itself, or another listing of the same resource the catalog
 * documents with the field (a summary list beside its detail view, as the resource model reads them).
 */
async function referenceItems(ctx: CheckContext, field: string): Promise<Item[] | undefined> {
  const key = itemsKeyOf(ctx);
  const plain = itemsOf(await listWith(ctx, {}), key);
  if (!plain) return undefined;
  if (plain.length === 0 || plain.some((i) => field in i)) return plain;
  const place = placeOf(ctx);
  const views = place.resource ? (plannerFor(ctx).resource(place.service, place.resource)?.operations.list ?? []) : [];
  for (const id of views) {
    const view = ctx.catalog.operations.find((o) => o.id === id && o.id !== ctx.operation.id);
    if (!view || !view.response.some((f) => f.name === field)) continue;
    const where = await served(ctx, view);
    if ('notServed' in where) continue;
    const detail = await sharedSend(ctx, { method: 'GET', url: urlFor(ctx, where, {}, { limit: String(BIG_PAGE) }) });
    const items = itemsOf(detail, key);
    if (items && items.every((i) => field in i)) return items;
  }
  return plain;
}

const TYPED_FILTERS = new Set(['size_min', 'size_max', 'changes-since']);

function filteredField(param: string): string {
  return param === 'size_min' || param === 'size_max' ? 'size' : param === 'changes-since' ? 'updated_at' : base(param);
}

function base(param: string): string {
  return param.endsWith('~') ? param.slice(0, -1) : param;
}

/** A value as a query string writes it: strings, numbers and booleans; nothing else. */
function asQueryText(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** The array field a singular filter tests membership in (`tag` → the item's `tags`), if the item has it. */
function listField(field: string, item: Item): string | undefined {
  const plural = `${field}s`;
  return !(field in item) && Array.isArray(item[plural]) ? plural : undefined;
}

/** Whether an item matches `param=value`; undefined when the item does not show the field. */
export function matches(param: string, value: string, item: Item): boolean | undefined {
  const field =
    param === 'size_min' || param === 'size_max' ? 'size' : param === 'changes-since' ? 'updated_at' : base(param);
  const list = listField(field, item);
  if (list && !param.endsWith('~')) return (item[list] as unknown[]).some((v) => asQueryText(v) === value);
  if (!(field in item)) return undefined;
  const v = item[field];
  if (param.endsWith('~')) return typeof v === 'string' && v.toLowerCase().includes(value.toLowerCase());
  if (param === 'size_min') return typeof v === 'number' && v >= Number(value);
  if (param === 'size_max') return typeof v === 'number' && v <= Number(value);
  if (param === 'changes-since') {
    if (typeof v !== 'string') return false;
    const t = parseTimestamp(v),
      since = parseTimestamp(value);
    return !isParseError(t) && !isParseError(since) && t.epochMs >= since.epochMs;
  }
  return asQueryText(v) === value;
}

/** A value that splits the reference items (some match, ideally not all). */
export function chooseValue(param: string, items: Item[]): string | undefined {
  const field =
    param === 'size_min' || param === 'size_max' ? 'size' : param === 'changes-since' ? 'updated_at' : base(param);
  const values = items
    .flatMap((i) => {
      const list = listField(field, i);
      return list && !param.endsWith('~') ? (i[list] as unknown[]) : [i[field]];
    })
    .filter((v) => v !== null && v !== undefined);
  if (values.length === 0) return undefined;
  if (param === 'size_min' || param === 'size_max') {
    const sorted = (values.filter((v) => typeof v === 'number') as number[]).sort((a, b) => a - b);
    return sorted.length ? String(sorted[Math.floor(sorted.length / 2)]) : undefined;
  }
  if (param === 'changes-since') return sinceThreshold(values);
  const strings = values.map(asQueryText).filter((v): v is string => v !== undefined);
  const counts = new Map<string, number>();
  for (const s of strings) counts.set(s, (counts.get(s) ?? 0) + 1);
  const splitting = [...counts.entries()].filter(([, n]) => n < strings.length).sort((a, b) => a[1] - b[1]);
  const chosen = (splitting[0] ?? [...counts.entries()][0])?.[0];
  if (chosen === undefined) return undefined;
  return param.endsWith('~') ? chosen.slice(1, Math.min(chosen.length, 5)) || chosen : chosen;
}

/** Margin kept between a changes-since threshold and every stored time. */
const SINCE_MARGIN_MS = 1000;

/**
 * A changes-since threshold no comparison precision can misjudge: the page states none for "Last
 * update time", so a target may print microseconds and compare whole seconds, inclusively or not. The
 * threshold is a whole second inside the gap between two consecutive distinct stored times (the gap
 * nearest the median), at least a second from both; undefined when no gap is that wide.
 */
export function sinceThreshold(values: unknown[]): string | undefined {
  const times = [
    ...new Set(
      values
        .map((v) => parseTimestamp(String(v)))
        .filter((p) => !isParseError(p))
        .map((p) => (p as { epochMs: number }).epochMs),
    ),
  ].sort((a, b) => a - b);
  const mid = (times.length - 1) / 2;
  let best: { at: number; distance: number } | undefined;
  for (let i = 0; i + 1 < times.length; i++) {
    const at = Math.ceil((times[i]! + SINCE_MARGIN_MS) / 1000) * 1000;
    if (times[i + 1]! - at < SINCE_MARGIN_MS) continue;
    const distance = Math.abs(i + 0.5 - mid);
    if (!best || distance < best.distance) best = { at, distance };
  }
  return best === undefined ? undefined : new Date(best.at).toISOString().replace('.000Z', 'Z');
}

/** Whether any listing of the service documents `field` on its items (`<key>[].<field>`). */
function itemsDocument(ctx: CheckContext, key: string, field: string): boolean {
  const path = `${key}[].${field}`;
  return ctx.catalog.operations.some(
    (o) =>
      o.service === ctx.operation.service && o.response.some((f) => f.path === path || f.path === `${key}[].${field}s`),
  );
}

/** The values a filter documents: its enum, or both booleans. */
function documentedValues(field: Field | undefined): string[] | undefined {
  return field?.enum ?? (field?.type === 'boolean' ? ['true', 'false'] : undefined);
}

async function narrows(ctx: CheckContext, req: Requirement, findings: Findings): Promise<void> {
  const key = itemsKeyOf(ctx);
  const version = versionFor(ctx, req.subject);
  let param = req.subject;
  if (spellings(param).length > 1) {
    const gapFirst = microversionGap(ctx, ctx.operation.service, version);
    if (gapFirst) return findings.notApplicable(req, gapFirst);
    param = filterSpelling(param, itemsOf(await listWith(ctx, {}), key) ?? []).send;
  }
  const gap = microversionGap(ctx, ctx.operation.service, version);
  if (gap) return findings.notApplicable(req, gap);
  const reference = await referenceItems(
    ctx,
    param === 'size_min' || param === 'size_max' ? 'size' : param === 'changes-since' ? 'updated_at' : base(param),
  );
  if (!reference) return findings.fail(req, { message: `the unfiltered list could not be read to judge ${param}` });
  const field: Field | undefined = ctx.operation.queryParams.find((p) => p.name === req.subject);
  const typed = field?.type === 'integer' || field?.type === 'number' || field?.type === 'boolean';
  const documented = documentedValues(field);
  const chosen = chooseValue(param, reference) ?? documented?.[0];
  if (chosen === undefined && param === 'changes-since' && reference.some((i) => typeof i.updated_at === 'string')) {
    return findings.notTested(
      req,
      'no two updated_at values are far enough apart (over 2 s) for a threshold whole seconds from both; the page states no precision, so a closer threshold could blame a legal coarser comparison',
    );
  }
  if (chosen === undefined && typed) {
    // A value of another type (a made-up word for an integer or a boolean) would rightly be refused.
    return findings.notApplicable(
      req,
      `no item shows a ${field!.type} ${filteredField(param)} to filter by, and ${param} documents a ${field!.type}: a value of another type would rightly be refused`,
    );
  }
  if (chosen === undefined && TYPED_FILTERS.has(param)) {
    // A size or time filter takes only numbers or times: a made-up word would rightly be refused.
    return findings.notApplicable(
      req,
      `no item shows a usable ${filteredField(param)} to filter by (the schema and timestamps requirements judge the values)`,
    );
  }
  // Items that do not show the field (backup summaries): a value that matches nothing must give nothing.
  const value = chosen ?? 'cac-matches-nothing';
  const reply = await listWith(ctx, { [param]: value }, version);
  if (!reply) return findings.notApplicable(req, 'not served');
  ctx.touched(reply);
  const got = itemsOf(reply, key);
  if (reply.status !== 200 || !got) {
    // A refusal (400) may be a decided upstream habit (like filters without operator config): the
    // decision judges it. Wrong results never are.
    const refusal = reply.status === 400 && ctx.decision(req.decision)?.treatment === 'warn' ? req.decision : undefined;
    return findings.failReply(
      req,
      reply,
      {
        message: `${param}=${value} answered ${reply.status ?? reply.error}`,
        received: `${reply.status ?? reply.error} ${reply.text.slice(0, 160)}`.trim(),
        documented: `200 with the ${key} whose ${base(param)} matches`,
      },
      refusal,
    );
  }
  if (value === 'cac-matches-nothing' && got.length > 0) {
    findings.failReply(req, reply, {
      message: `${param}=${value} returned ${got.length} item(s), so the filter is not applied`,
      received: got.slice(0, 5).map(idOf).join(', '),
      documented: 'no item',
    });
  }
  const wrong = got.filter((i) => matches(param, value, i) === false);
  if (wrong.length > 0) {
    findings.failReply(req, reply, {
      message: `${param}=${value} returned ${wrong.length} item(s) that do not match`,
      received: show(
        wrong.slice(0, 3).map((i) => ({ id: i.id, [base(param)]: i[base(param)] ?? i.size ?? i.updated_at })),
      ),
      documented: `only ${key} matching ${param}=${value}`,
    });
  }
  // Every item matches the value chosen (seeded data alike in that field): an ignored filter would
  // look applied, so a made-up value of a free-text filter must give nothing. A refusal of it tells
  // nothing either way.
  const otherBoolean = field?.type === 'boolean' && /^(true|false)$/.test(value) ? String(value !== 'true') : undefined;
  if (
    value !== 'cac-matches-nothing' &&
    (!typed || otherBoolean !== undefined) &&
    !TYPED_FILTERS.has(param) &&
    reference.length > 0 &&
    reference.length < BIG_PAGE &&
    reference.every((i) => matches(param, value, i) === true)
  ) {
    // A boolean held by every item: the other value matches none of them.
    const nothing = otherBoolean ?? 'cac-matches-nothing';
    const none = await listWith(ctx, { [param]: nothing }, version);
    const noneItems = itemsOf(none, key);
    if (none) ctx.touched(none);
    if (none?.status === 200 && noneItems && noneItems.length > 0) {
      findings.failReply(req, none, {
        message: `${param}=${nothing} returned ${noneItems.length} item(s), so the filter is not applied`,
        received: noneItems.slice(0, 5).map(idOf).join(', '),
        documented: 'no item',
      });
    }
  }
  const gotIds = new Set(got.map(idOf));
  const complete = reference.length < BIG_PAGE && got.length < BIG_PAGE;
  const missing = complete
    ? reference.filter((i) => matches(param, value, i) === true && typeof i.id === 'string' && !gotIds.has(i.id))
    : [];
  if (missing.length > 0) {
    findings.failReply(req, reply, {
      message: `${param}=${value} left out ${missing.length} matching item(s)`,
      received: `missing ${missing.slice(0, 5).map(idOf).join(', ')}`,
      documented: `every ${key.replace(/s$/, '')} matching ${param}=${value}`,
    });
  }
  // Summary items without the field (and no detail listing): the results of the documented values
  // must at least be disjoint parts of the list, and not all empty.
  const onItems = itemsDocument(ctx, key, filteredField(param));
  if (got.every((i) => matches(param, value, i) === undefined) && !onItems && value !== 'cac-matches-nothing') {
    // No listing documents the field on its items (a stored attribute no view shows, or a filter on the
    // caller's membership): which items match cannot be told, but a made-up value matches none.
    const none = await listWith(ctx, { [param]: 'cac-matches-nothing' }, version);
    if (none) ctx.touched(none);
    const noneItems = itemsOf(none, key);
    if (none?.status === 200 && noneItems && noneItems.length > 0) {
      findings.failReply(req, none, {
        message: `${param}=cac-matches-nothing returned ${noneItems.length} item(s), so the filter is not applied`,
        received: noneItems.slice(0, 5).map(idOf).join(', '),
        documented: 'no item',
      });
    } else if (none?.status !== 200) {
      findings.notTested(
        req,
        `no ${key} item documents ${filteredField(param)}, so which items match ${param}=${value} cannot be told, and a made-up value was answered ${none?.status ?? 'nothing'}`,
      );
    }
    return;
  }
  if (got.every((i) => matches(param, value, i) === undefined) && documented && documented.length > 1) {
    const parts: { v: string; ids: string[] }[] = [];
    let anonymous = 0;
    for (const v of documented) {
      const r = await listWith(ctx, { [param]: v }, version);
      const its = itemsOf(r, key);
      if (r) ctx.touched(r);
      if (!its) continue;
      // An item without a string id cannot be told apart from another (the schema judges the id).
      const ids = its.map((i) => (i && typeof i === 'object' && typeof i.id === 'string' ? i.id : undefined));
      anonymous += ids.filter((id) => id === undefined).length;
      parts.push({ v, ids: ids.filter((id): id is string => id !== undefined) });
    }
    if (anonymous > 0 && parts.every((p) => p.ids.length === 0)) {
      findings.notTested(
        req,
        `the ${key} returned for each documented value of ${param} carry no id, so whether the results overlap cannot be told`,
      );
      return;
    }
    const owner = new Map<string, string>();
    for (const { v, ids } of parts) {
      for (const id of ids) {
        const first = owner.get(id);
        if (first !== undefined) {
          findings.fail(req, {
            message: `${id} is returned for both ${param}=${first} and ${param}=${v}`,
            received: `${param}=${first} and ${param}=${v} overlap`,
            documented: 'each item in the results of exactly one value',
          });
          return;
        }
        owner.set(id, v);
      }
    }
    if (reference.length > 0 && owner.size === 0) {
      // The listing does not show the field: an attribute no item has set (Cinder's migration_status is
      // null until a volume migrates) and a filter that drops every item look alike here.
      findings.notTested(
        req,
        `no documented value of ${param} (${documented.join(', ')}) returns any of the ${reference.length} item(s), and the listing does not show ${base(param)}: whether no item has one or the filter drops every item cannot be told`,
      );
    }
  } else if (got.every((i) => matches(param, value, i) === undefined) && value !== 'cac-matches-nothing') {
    const none = await listWith(ctx, { [param]: 'cac-matches-nothing' }, version);
    const noneItems = itemsOf(none, key);
    if (none) ctx.touched(none);
    if (noneItems && noneItems.length > 0) {
      findings.failReply(req, none, {
        message: `${param}=cac-matches-nothing returned ${noneItems.length} item(s)`,
        received: noneItems.slice(0, 5).map(idOf).join(', '),
        documented: 'no item',
      });
    }
  }
}

/** The spellings a parameter documented as `a/b` takes (Heat's `status/stack_status`): each is sent alone. */
export function spellings(param: string): string[] {
  return param.includes('/')
    ? param
        .split('/')
        .map((p) => p.trim())
        .filter(Boolean)
    : [param];
}

/**
 * The spelling of `param` to send and the item field it filters: for `a/b`, the spelling that names a
 * field the items show (the other may filter a stored column the items do not show as such).
 */
export function filterSpelling(param: string, items: Item[]): { send: string; field: string } {
  const alternatives = spellings(param);
  if (alternatives.length === 1) return { send: param, field: filteredField(param) };
  const shown = alternatives.find((a) => items.some((i) => i && typeof i === 'object' && base(a) in i));
  const send = shown ?? alternatives[0]!;
  return { send, field: filteredField(send) };
}

export const filterNarrowsResult = defineCheck({
  id: 'filter-narrows-result',
  family: 'filters',
  assertions: ['filter-narrows'],
  title: 'each documented filter returns exactly the matching items',
  appliesTo: () => true,
  writes: false,
  run: async function filterNarrowsResult(ctx, requirements) {
    const findings = new Findings();
    await together(ctx, requirements, (c, req) => narrows(c, req, findings));
    return findings;
  },
});

function badValue(field: Field | undefined, param: string): string | undefined {
  if (field?.type === 'boolean' || param === 'with_count') return 'cac-not-a-boolean';
  if (
    field?.type === 'integer' ||
    field?.type === 'number' ||
    /^(size_min|size_max|limit|offset|min_ram|min_disk)$/.test(param)
  ) {
    return 'cac-not-a-number';
  }
  if (param === 'changes-since' || field?.timestamp) return 'cac-not-a-time';
  return undefined;
}

export const filterBadValueRejected = defineCheck({
  id: 'filter-bad-value-rejected',
  family: 'filters',
  assertions: ['filter-bad-value-rejected'],
  title: 'a filter value of the wrong kind is refused with 400',
  appliesTo: () => true,
  writes: false,
  run: async function filterBadValueRejected(ctx, requirements) {
    const findings = new Findings();
    await together(ctx, requirements, (c, req) => refusesBadValue(c, req, findings));
    return findings;
  },
});

async function refusesBadValue(ctx: CheckContext, req: Requirement, findings: Findings): Promise<void> {
  const field = ctx.operation.queryParams.find((p) => p.name === req.subject);
  const value = badValue(field, req.subject);
  if (!value) return findings.notApplicable(req, `${req.subject} takes free text; no value is wrong for it`);
  const version = versionFor(ctx, req.subject);
  const gap = microversionGap(ctx, ctx.operation.service, version);
  if (gap) return findings.notApplicable(req, gap);
  const reply = await listWith(ctx, { [req.subject]: value }, version, false);
  if (!reply) return findings.notApplicable(req, 'not served');
  ctx.touched(reply);
  if (reply.status === 400) return;
  findings.failReply(req, reply, {
    message: `${req.subject}=${value} answered ${reply.status ?? reply.error}, not 400`,
    received: `${reply.status ?? reply.error} ${reply.text.slice(0, 160)}`.trim(),
    documented: '400 Bad Request',
  });
}

export const withCountTotal = defineCheck({
  id: 'with-count-total',
  family: 'filters',
  assertions: ['with-count-total'],
  title: 'with_count gives the total number of items, whatever the page',
  appliesTo: (op) => op.queryParams.some((p) => p.name === 'with_count'),
  writes: false,
  run: async function withCountTotal(ctx, requirements) {
    const findings = new Findings();
    let full = await fullListing(ctx);
    // The shared listing may predate a write of another operation's checks; a count that differs from
    // it is judged again against a listing walked now, so only a count that is wrong at one moment fails.
    let fresh = false;
    const recount = async () => {
      if (fresh) return;
      fresh = true;
      full = await fullListing(ctx, { fresh: true });
    };
    for (const req of requirements) {
      if ('notServed' in full) {
        findings.notApplicable(req, full.notServed);
        continue;
      }
      if (full.cutShort) {
        // The total is judged against the walk; a walk cut short knows no total, and blaming count for
        // a pagination departure would fail a requirement the target may well meet.
        findings.notTested(
          req,
          `the count cannot be judged: the links walk of the listing was cut short (${full.problems.at(-1)?.message ?? 'unknown reason'}), so the number of items is unknown`,
        );
        continue;
      }
      for (const query of [{}, { limit: '1' }] as Record<string, string>[]) {
        let reply = await countedListing(ctx, query, { fresh });
        if ('notApplicable' in reply) {
          findings.notApplicable(req, reply.notApplicable);
          break;
        }
        let count = (reply.json as Record<string, unknown> | undefined)?.count;
        if (reply.status === 200 && count === full.ids.size) continue;
        if (!fresh && reply.status === 200) {
          await recount();
          const now = full as Awaited<ReturnType<typeof fullListing>>;
          if ('notServed' in now) {
            findings.notApplicable(req, now.notServed);
            break;
          }
          if (now.cutShort) {
            findings.notTested(
              req,
              `the count cannot be judged: the links walk of the listing, taken again, was cut short (${now.problems.at(-1)?.message ?? 'unknown reason'})`,
            );
            break;
          }
          const again = await countedListing(ctx, query, { fresh });
          if ('notApplicable' in again) {
            findings.notApplicable(req, again.notApplicable);
            break;
          }
          reply = again;
          count = (reply.json as Record<string, unknown> | undefined)?.count;
          if (reply.status === 200 && count === full.ids.size) continue;
        }
        findings.failReply(req, reply, {
          message: `with_count=true${'limit' in query ? '&limit=1' : ''} gave ${count === undefined ? 'no count' : `count ${show(count)}`}`,
          received: reply.status === 200 ? `count ${show(count)}` : `${reply.status ?? reply.error}`,
          documented: `count ${full.ids.size} (every item of the listing)`,
        });
      }
    }
    return findings;
  },
});

/** The ordering parameters of a list: the key (`sort_key`, `sort_keys`), the direction, the `key:dir` form. */
export function orderingParams(params: readonly Field[]): { key?: Field; dir?: Field; combined?: Field } {
  const find = (re: RegExp) => params.find((p) => re.test(p.name));
  const key = find(/^sort[_-]?keys?$/i);
  const dir = find(/^sort[_-]?dirs?$/i);
  const combined = find(/^sort$/i);
  return { ...(key ? { key } : {}), ...(dir ? { dir } : {}), ...(combined ? { combined } : {}) };
}

/**
 * Sort keys worth asking for: the values the key parameter documents (its enum, else the words of its
 * description) that name a field every item shows with a string or number, most distinct values first.
 */
export function sortKeyCandidates(keyField: Field | undefined, items: Item[]): string[] {
  const words = keyField?.enum ?? (keyField ? keyField.description.split(/[^A-Za-z0-9_]+/).filter(Boolean) : []);
  const seen = new Set<string>();
  const usable: { key: string; distinct: number; at: number }[] = [];
  words.forEach((w, at) => {
    if (seen.has(w)) return;
    seen.add(w);
    if (items.length === 0 || !items.every((i) => w in i)) return;
    const values = items.map((i) => i[w]).filter((v) => v !== null && v !== undefined);
    if (!values.every((v) => typeof v === 'string' || typeof v === 'number')) return;
    usable.push({ key: w, distinct: new Set(values).size, at });
  });
  return usable.sort((a, b) => b.distinct - a.distinct || a.at - b.at).map((u) => u.key);
}

type Compare = (a: string | number, b: string | number) => number;
const codepoint: Compare = (a, b) =>
  typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
const caseless: Compare = (a, b) =>
  typeof a === 'number' && typeof b === 'number' ? a - b : codepoint(String(a).toLowerCase(), String(b).toLowerCase());

/**
 * Whether the values are in `dir` order under some collation a database may use (code points, or
 * case-insensitive); items without a value are left out, since where nulls sort is the database's choice.
 * Returns the first pair out of order, or undefined.
 */
export function outOfOrder(values: unknown[], dir: 'asc' | 'desc'): { at: number; a: unknown; b: unknown } | undefined {
  const vs = values.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number');
  let first: { at: number; a: unknown; b: unknown } | undefined;
  for (const cmp of [codepoint, caseless]) {
    const bad = vs.findIndex((v, i) => i > 0 && (dir === 'asc' ? cmp(vs[i - 1]!, v) > 0 : cmp(vs[i - 1]!, v) < 0));
    if (bad < 0) return undefined;
    first ??= { at: bad, a: vs[bad - 1], b: vs[bad] };
  }
  return first;
}

/** Whether a list body says more items follow (a `next` link, or a `*_links`/`links` entry with rel next). */
function hasMore(body: unknown): boolean {
  if (!body || typeof body !== 'object') return false;
  return Object.entries(body as Record<string, unknown>).some(
    ([k, v]) =>
      (k === 'next' && typeof v === 'string' && v !== '') ||
      ((k === 'links' || k.endsWith('_links')) &&
        Array.isArray(v) &&
        v.some((l) => !!l && typeof l === 'object' && (l as Record<string, unknown>).rel === 'next')),
  );
}

async function orders(ctx: CheckContext, req: Requirement, findings: Findings): Promise<void> {
  const key = itemsKeyOf(ctx);
  const version = versionFor(ctx, req.subject);
  const gap = microversionGap(ctx, ctx.operation.service, version);
  if (gap) return findings.notApplicable(req, gap);
  const params = orderingParams(ctx.operation.queryParams);
  const plain = await listWith(ctx, {}, version);
  if (!plain) return findings.notApplicable(req, 'not served');
  const items = itemsOf(plain, key);
  if (plain.status !== 200 || !items) {
    return findings.fail(req, { message: `the unordered list could not be read to judge ${req.subject}` });
  }
  const keys = sortKeyCandidates(params.key ?? params.combined, items);
  const sortKey = keys[0];
  if (sortKey === undefined) {
    return findings.notTested(
      req,
      items.length < 2
        ? `the list holds ${items.length} item(s), too few to show an order`
        : `the items show none of the sort keys ${(params.key ?? params.combined)?.name ?? req.subject} documents with a string or number value, so no order can be judged`,
    );
  }
  const distinct = new Set(items.map((i) => i[sortKey]).filter((v) => v !== null && v !== undefined)).size;
  if (distinct < 2) {
    return findings.notTested(req, `every item has the same ${sortKey}, so no order by it can be seen`);
  }
  const queryFor = (dir: 'asc' | 'desc'): Record<string, string> | undefined => {
    if (params.key) return { [params.key.name]: sortKey, ...(params.dir ? { [params.dir.name]: dir } : {}) };
    if (params.combined) return { [params.combined.name]: `${sortKey}:${dir}` };
    return undefined;
  };
  // Without a direction parameter the direction is the target's default: either order is legal.
  const dirs: ('asc' | 'desc')[] = params.key && !params.dir ? ['asc'] : ['asc', 'desc'];
  const plainIds = new Set(items.map(idOf));
  for (const dir of dirs) {
    const query = queryFor(dir);
    if (!query) return findings.notTested(req, `no sort key parameter goes with ${req.subject}`);
    const reply = await listWith(ctx, query, version);
    if (!reply) return findings.notApplicable(req, 'not served');
    ctx.touched(reply);
    const got = itemsOf(reply, key);
    const asked = new URLSearchParams(query).toString();
    if (reply.status !== 200 || !got) {
      return findings.failReply(req, reply, {
        message: `${asked} answered ${reply.status ?? reply.error}`,
        received: `${reply.status ?? reply.error} ${reply.text.slice(0, 160)}`.trim(),
        documented: `200 with the ${key} ordered by ${sortKey}`,
      });
    }
    const values = got.map((i) => i[sortKey]);
    const wrong =
      params.key && !params.dir ? outOfOrder(values, 'asc') && outOfOrder(values, 'desc') : outOfOrder(values, dir);
    if (wrong) {
      return findings.failReply(req, reply, {
        message: `${asked} is not ordered by ${sortKey}: ${show(wrong.a)} comes before ${show(wrong.b)}`,
        received: show(values.slice(0, 8)),
        documented: `${key} in ${params.dir || params.combined ? `${dir}ending` : 'one'} order of ${sortKey}`,
      });
    }
    // Ordering narrows nothing: the same items come back (judged where one page holds them all).
    if (items.length < BIG_PAGE && got.length < BIG_PAGE && !hasMore(plain.json) && !hasMore(reply.json)) {
      const gotIds = new Set(got.map(idOf));
      let lost = [...plainIds].filter((id) => !gotIds.has(id));
      if (lost.length > 0) {
        // Other writers may delete meanwhile: only items listed before and after must be there.
        const where = await served(ctx);
        const after =
          'notServed' in where
            ? undefined
            : itemsOf(
                await ctx.client.send({
                  method: 'GET',
                  url: urlFor(ctx, where, {}, { limit: String(BIG_PAGE) }),
                  headers: microversionHeader(ctx.operation.service, version),
                }),
                key,
              );
        const still = new Set((after ?? []).map(idOf));
        lost = lost.filter((id) => still.has(id));
      }
      if (lost.length > 0) {
        return findings.failReply(req, reply, {
          message: `${asked} returned ${got.length} item(s) where the unordered list has ${items.length}`,
          received: lost.length ? `missing ${lost.slice(0, 5).join(', ')}` : `${got.length} item(s)`,
          documented: 'every item of the list, only reordered',
        });
      }
    }
  }
}

export const sortOrdersResult = defineCheck({
  id: 'sort-orders-result',
  family: 'filters',
  assertions: ['sort-orders'],
  title: 'each documented ordering parameter orders the list by the key asked for, in the direction asked for',
  appliesTo: () => true,
  writes: false,
  run: async function sortOrdersResult(ctx, requirements) {
    const findings = new Findings();
    await together(ctx, requirements, (c, req) => orders(c, req, findings));
    return findings;
  },
});
