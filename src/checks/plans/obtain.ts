// Carries out request plans against the target: obtains each prerequisite in dependency order
// (created through the catalog's create operation, listed, configured, or as a decision provides),
// waits for a documented asynchronous create (202) to settle within a bounded time, tracks what it
// made for cleanup with the instances it was made with, and fills an operation's path and body references. What cannot
// be obtained is `NotTested` with the reason, never a failure of the operation under test.
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Catalog, Operation, Service } from '../../catalog/model.ts';
import type { Reply } from '../../http/client.ts';
import { fillTemplate, joinEndpoint } from '../../http/url.ts';
import { Planner, type Obtain, type RequestPlan } from '../../plans/request-plan.ts';
import type { Resource } from '../../plans/resources.ts';
import type { CheckContext } from '../model.ts';
import { served, sharedRead, urlFor } from '../target.ts';
import {
  listedItems,
  purposeOf,
  requestBody,
  requestPayload,
  resource,
  runTag,
  targetDefinedFields,
} from './bodies.ts';
import { sweepLeftovers, type Sweep } from './sweep.ts';

export interface Instance {
  key: string;
  id: string;
  /** The fields the target gave for it (create answer or list item). */
  fields: Record<string, unknown>;
  /** The answer that made it, when the run made it. */
  made?: Reply;
  /** The body it was created with. */
  sent?: Record<string, unknown>;
  /** Leftovers of a crashed run removed before it was created. */
  swept?: Sweep;
  /** Set when a decision's fallback or a bound on waiting shaped the instance. */
  note?: string;
  /** Set when the instance was still in a transitional state when the bounded wait ended. */
  unsettled?: string;
}

export interface NotTested {
  notTested: string;
  reply?: Reply;
  /** The catalog operation whose own request was refused (a create answered 4xx/5xx). */
  refusedBy?: string;
}

export function isNotTested(x: unknown): x is NotTested {
  return !!x && typeof x === 'object' && 'notTested' in x;
}

export interface Prepared {
  plan: RequestPlan;
  /** The operation's URL with every path parameter filled. */
  url: string;
  params: Record<string, string>;
  /** Values of the body fields that refer to another resource. */
  refs: Record<string, string>;
  /** Optional reference fields the plan leaves out of bodies. */
  optionalRefs: Set<string>;
  /**
   * Values of required fields the target defines (an `auth_key`, a zone), by body path: what an
   * obtained instance carries under that name.
   */
  given: Record<string, unknown>;
  instances: Map<string, Instance>;
}

/**
 * The body of the suite's own request of a prepared operation: the references and the values the
 * target defines that the plan obtained, for what the request does (purposeOf), tagged with the run.
 */
export function preparedPayload(op: Operation, prepared: Prepared): ReturnType<typeof requestPayload> {
  return requestPayload(op, runTag(), purposeOf(op), prepared.refs, prepared.optionalRefs, prepared.given);
}

const planners = new WeakMap<Catalog, Map<string, Planner>>();

/** The request planner for this catalog and session (read-only mode, configured ids). */
export function plannerFor(ctx: CheckContext): Planner {
  const existing = ctx.session.existing ?? {};
  const key = `${ctx.session.readOnly} ${JSON.stringify(existing)}`;
  let byKey = planners.get(ctx.catalog);
  if (!byKey) planners.set(ctx.catalog, (byKey = new Map()));
  let planner = byKey.get(key);
  if (!planner) byKey.set(key, (planner = new Planner(ctx.catalog, { readOnly: ctx.session.readOnly, existing })));
  return planner;
}

function operation(ctx: CheckContext, id: string): Operation {
  return ctx.catalog.operations.find((o) => o.id === id)!;
}

/** The value of a path parameter from what is known of an instance: `{stack_name}` its name, else its id. */
function paramValue(param: string, fields: Record<string, unknown>, id: string): string {
  const v = /_name$/.test(param) ? (fields.name ?? fields[param]) : fields[param];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : id;
}

/** A member URL of a resource: its delete operation's, else its show operation's, filled. */
function memberUrl(
  ctx: CheckContext,
  o: Obtain,
  params: Record<string, string>,
  id: string,
  fields: Record<string, unknown> = {},
): string | undefined {
  const planner = plannerFor(ctx);
  const r = planner.resource(o.service, o.resource);
  const endpoint = ctx.session.endpoints[o.service];
  const opId = r?.operations.delete?.find((d) => operation(ctx, d).path.endsWith('}')) ?? r?.operations.show?.[0];
  const idParam = r?.idParams.at(-1);
  if (!opId || !endpoint || !idParam) return undefined;
  const own = Object.fromEntries(r!.idParams.map((p) => [p, p === idParam ? id : paramValue(p, fields, id)]));
  try {
    return urlFor(ctx, { path: operation(ctx, opId).path, endpoint }, { ...params, ...own });
  } catch {
    return undefined; // a parameter no field of the instance gives: nothing to delete it by
  }
}

/** The values a body sent, flattened under its envelope (`{stack: {name}}` → `{name}`). */
function flat(body: Record<string, unknown>): Record<string, unknown> {
  const values = Object.values(body);
  return values.length === 1 && values[0] && typeof values[0] === 'object' && !Array.isArray(values[0])
    ? (values[0] as Record<string, unknown>)
    : body;
}

/**
 * A member of a map (metadata: `{"metadata": {"k": "v"}}`) is one of its keys: the first key sent
 * that the answer holds with the value sent, when the answer names no id.
 */
export function echoedKey(
  sent: Record<string, unknown>,
  answer: Record<string, unknown> | undefined,
): string | undefined {
  if (!answer || 'id' in answer || 'name' in answer) return undefined;
  return Object.keys(sent).find(
    (k) => typeof sent[k] === 'string' && Object.hasOwn(answer, k) && answer[k] === sent[k],
  );
}

const TRANSITIONAL = /(ing|in[ _-]?progress)$/i;

/** Whether a field names a resource's status: `status`, or a name ending in it (`stack_status`). */
const isStatusKey = (name: string) => name === 'status' || /_status$/.test(name);

/** A resource's status: `status`, else a key ending in it (`stack_status`). */
function statusOf(fields: Record<string, unknown> | undefined): unknown {
  if (!fields) return undefined;
  if (fields.status !== undefined) return fields.status;
  return Object.entries(fields).find(([k, v]) => isStatusKey(k) && typeof v === 'string')?.[1];
}

/**
 * After a create the target accepted (201 with work still under way, or 202), the member is shown until its status leaves a
 * transitional value (`creating`, `IN_PROGRESS`), at most a bounded time; the last answer is kept.
 */
/** Per target and kind: the first wait of that kind (true when it ended with the resource still transitional). */
const firstWaits = new Map<string, Promise<boolean>>();

/**
 * Where a run remembers that a kind never settled: a marker file per run (Playwright's runner is the
 * parent of every worker, and a worker that saw a failing test is replaced, losing its memory).
 */
function unsettledMarker(key: string): string {
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 16);
  return join(tmpdir(), `cloud-api-conformance-unsettled-${process.ppid}-${hash}`);
}

async function settle(
  ctx: CheckContext,
  url: string | undefined,
  made: Reply,
  kind: string,
): Promise<string | undefined> {
  if (made.status === undefined || made.status >= 300 || !url) return undefined;
  // Nothing to wait for after a create answered as done (not 202) where the member's show documents
  // no status (a metadata key, a tag).
  const shows = resourceOfKey(ctx, kind)?.operations.show ?? [];
  if (
    made.status !== 202 &&
    shows.length > 0 &&
    !shows.some((id) => operation(ctx, id).response.some((f) => isStatusKey(f.name)))
  )
    return undefined;
  return waitSettled(ctx, url, kind);
}

/**
 * Per client: the members shown settled, each with the number of writes asked before that show. A
 * member shown settled since the last write that named it (in its URL or body) is settled still: the
 * suite's own requests are what moves it into a transitional state.
 */
const settledShows = new WeakMap<CheckContext['client'], Map<string, number>>();

function settledBook(ctx: CheckContext): Map<string, number> {
  let shows = settledShows.get(ctx.client);
  if (!shows) settledShows.set(ctx.client, (shows = new Map()));
  return shows;
}

/** Shows a member (GET `url`), and remembers it settled when the answer says so (a lifecycle's shows). */
export async function showMember(ctx: CheckContext, url: string): Promise<Reply> {
  const before = ctx.client.writesAsked;
  const shown = await ctx.client.send({ method: 'GET', url });
  const status = statusOf(resource(shown));
  if (shown.status === 200 && !(typeof status === 'string' && TRANSITIONAL.test(status)))
    settledBook(ctx).set(url, before);
  return shown;
}

/** The model's resource a `<service>/<name>` key names. */
function resourceOfKey(ctx: CheckContext, key: string): Resource | undefined {
  const at = key.indexOf('/');
  return plannerFor(ctx).resource(key.slice(0, at) as Service, key.slice(at + 1));
}

/**
 * The first segment of each collection of members the model places beneath a member of `key`, written
 * only by creating, changing or deleting its members (`metadata` of a volume, `tags` of an image): not
 * a single document beneath it (an image's `file`, whose upload moves the image on), nor a collection
 * with actions (a stack's `resources`, whose signals may).
 */
function childCollections(ctx: CheckContext, key: string): string[] {
  const parent = resourceOfKey(ctx, key);
  if (!parent) return [];
  const depth = parent.collection.split('/').length + parent.idParams.length;
  return plannerFor(ctx)
    .model.resources.filter(
      (r) => r.service === parent.service && r.parent === parent.name && r.idParams.length > 0 && !r.operations.action,
    )
    .map((r) => r.collection.split('/')[depth])
    .filter((segment): segment is string => segment !== undefined && !segment.startsWith('{'));
}

async function waitSettled(ctx: CheckContext, url: string, kind: string): Promise<string | undefined> {
  const shows = settledBook(ctx);
  const id = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  const shownAt = shows.get(url);
  if (shownAt !== undefined && id !== '') {
    // A write into a collection beneath the member (a metadata key of the volume) leaves the
    // member's own state alone; any other that names it (an action, an update, a transfer of it) may not.
    const beneath = childCollections(ctx, kind).map((segment) => `${url}/${segment}`);
    const within = (write: string) =>
      beneath.some((at) => write.startsWith(at) && /^[/? ]/.test(write.slice(at.length)));
    if (!ctx.client.wroteSince(shownAt, (write) => write.includes(id) && !within(write))) return undefined;
  }
  // Once one of a kind stayed transitional for the whole wait, later ones are looked at once: a
  // target that never finishes (no backend behind its API) would otherwise cost the wait each time.
  // Waits of a kind that start while the first is under way wait for its outcome.
  const key = `${new URL(url).origin} ${kind}`;
  const first = firstWaits.get(key);
  let done: (timedOut: boolean) => void = () => {};
  if (!first) firstWaits.set(key, new Promise<boolean>((r) => (done = r)));
  const hopeless = (first ? await first : false) || existsSync(unsettledMarker(key));
  const deadline = Date.now() + (hopeless ? 1 : Math.min(30_000, ctx.session.limits.requestTimeoutMs * 3));
  let status: unknown;
  for (;;) {
    const before = ctx.client.writesAsked;
    const shown = await ctx.client.send({ method: 'GET', url });
    status = statusOf(resource(shown));
    if (shown.status !== 200 || typeof status !== 'string' || !TRANSITIONAL.test(status)) {
      if (shown.status === 200) shows.set(url, before);
      done(false);
      return undefined;
    }
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  done(true);
  try {
    writeFileSync(unsettledMarker(key), '');
  } catch {
    // only a shortcut for later waits
  }
  return `still ${String(status)} when the wait ended`;
}

async function make(ctx: CheckContext, o: Obtain, purpose: string, chain: string[]): Promise<Instance | NotTested> {
  const s = o.source;
  const tag = runTag();
  const endpoint = ctx.session.endpoints[o.service];
  switch (s.kind) {
    case 'project':
      return { key: o.key, id: ctx.session.projectId, fields: {} };
    case 'setting':
      return { key: o.key, id: s.value, fields: { id: s.value } };
    case 'any-value':
      return {
        key: o.key,
        id: `${tag}-${o.resource}`,
        fields: {},
        note: `a ${o.resource} id of the suite's own (decision ${s.decision})`,
      };
    case 'unavailable':
      return { notTested: s.reason };
    case 'provided': {
      if (!endpoint) return { notTested: `no ${o.service} endpoint to create a ${o.resource} at` };
      const url = joinEndpoint(
        endpoint,
        fillTemplate(s.create.path, { project_id: ctx.session.projectId, tenant_id: ctx.session.projectId }),
      );
      const body = JSON.parse(
        JSON.stringify(s.create.body ?? {}).replaceAll('{name}', `${tag}-${o.resource}`),
      ) as unknown;
      await sweepLeftovers(ctx, {
        kind: o.resource,
        listUrl: url,
        memberUrl: (id) => `${url}/${encodeURIComponent(id)}`,
      });
      const made = await ctx.client.send({ method: s.create.method, url, json: body });
      const fields = resource(made);
      if ((made.status === 404 || made.status === 405) && s.anyValueIfNotServed) {
        return {
          key: o.key,
          id: `${tag}-${o.resource}`,
          fields: {},
          note: `the target does not serve ${s.create.method} ${url} (${made.status}); a ${o.resource} id of the suite's own (decision ${s.decision})`,
        };
      }
      if (made.status === undefined || made.status >= 300 || typeof fields?.id !== 'string') {
        return {
          notTested: `could not create a ${o.resource} (decision ${s.decision}): ${s.create.method} ${url} answered ${made.status ?? made.error}`,
          reply: made,
        };
      }
      ctx.track({
        kind: o.resource,
        id: fields.id,
        deleteUrl: `${url}/${encodeURIComponent(fields.id)}`,
        key: o.key,
        needs: [],
      });
      return { key: o.key, id: fields.id, fields, made };
    }
    case 'created':
    case 'upserted':
    case 'listed': {
      const op = operation(ctx, s.operation);
      // An instance of a purpose's own is made (or listed) beneath parents of the same purpose.
      const mine = purpose === 'shared' ? undefined : purpose;
      const got = await prepare(ctx, op, [...chain, o.key], mine);
      if (isNotTested(got)) return got;
      const r = plannerFor(ctx).resource(o.service, o.resource);
      const idParam = r?.idParams.at(-1);
      if (s.kind === 'listed') {
        const listed = await ctx.client.send({ method: 'GET', url: got.url });
        const item = listedItems(listed)[0];
        // The member's id is what its path parameter names: `id`, else the field named like the
        // parameter (a stack resource's `resource_name`), else its name.
        const id = [item?.id, idParam ? item?.[idParam] : undefined, item?.name].find((v) => typeof v === 'string');
        if (listed.status !== 200 || typeof id !== 'string') {
          return {
            notTested: `the target lists no ${o.resource} to use (GET ${got.url} answered ${listed.status ?? listed.error}${listed.status === 200 ? ' with none' : ''})`,
            reply: listed,
          };
        }
        return { key: o.key, id, fields: item! };
      }
      if (s.kind === 'upserted') {
        const id = `${tag}-${idParam ?? o.resource}`;
        const url = urlFor(
          ctx,
          { path: op.path, endpoint: endpoint! },
          { ...got.params, ...(idParam ? { [idParam]: id } : {}) },
        );
        const made = await ctx.client.send({
          method: op.method,
          url,
          json: requestBody(op, tag, 'update', got.refs, got.optionalRefs),
        });
        if (made.status === undefined || made.status >= 300)
          return {
            notTested: `could not make a ${o.resource}: ${op.method} ${url} answered ${made.status ?? made.error}`,
            reply: made,
          };
        const deleteUrl = memberUrl(ctx, o, got.params, id, { name: id });
        if (deleteUrl) ctx.track({ kind: o.resource, id, deleteUrl, key: o.key, needs: madeWith(got) });
        return { key: o.key, id, fields: { id, name: id }, made };
      }
      // The sweep of leftovers and the values read from listed ones do not wait for each other.
      const listed = ctx.memo(`listed values ${o.key}`, () => listedValues(ctx, o, op, got, chain));
      listed.catch(() => undefined); // awaited below; a failure is seen there, not as unhandled
      const at = r ? plannerFor(ctx).resource(o.service, o.resource) : undefined;
      const listUrl = at?.operations.list?.[0]
        ? await prepare(ctx, operation(ctx, at.operations.list[0]), [...chain, o.key], mine)
        : undefined;
      // Beneath a parent this run made (the metadata of a volume of its own) no earlier run left anything.
      const fresh = plannerFor(ctx)
        .parents(o.service, o.resource)
        .some((k) => got.instances.get(k)?.made !== undefined);
      const [swept, given] = await Promise.all([
        fresh
          ? undefined
          : sweepLeftovers(ctx, {
              kind: o.resource,
              listUrl: listUrl && !isNotTested(listUrl) ? listUrl.url : got.url,
              memberUrl: (id) => memberUrl(ctx, o, got.params, id),
            }),
        listed,
      ]);
      const sent = requestBody(op, tag, 'create', got.refs, got.optionalRefs, given);
      const made = await ctx.client.send({ method: op.method, url: got.url, json: sent });
      const fields = resource(made);
      // A number is still an id to ask by (a schema check judges its type).
      const raw = fields?.id ?? fields?.name ?? echoedKey(flat(sent), fields);
      const id = typeof raw === 'number' ? String(raw) : raw;
      if (made.status === undefined || made.status >= 300 || typeof id !== 'string') {
        return {
          notTested: `could not create a ${o.resource}: ${op.method} ${got.url} answered ${made.status ?? made.error}${typeof id !== 'string' && made.status !== undefined && made.status < 300 ? ' without an id' : ''}`,
          reply: made,
          refusedBy: op.id,
        };
      }
      const known = { ...flat(sent), ...fields! };
      const url = memberUrl(ctx, o, got.params, id, known);
      if (url) ctx.track({ kind: o.resource, id, deleteUrl: url, key: o.key, needs: madeWith(got) });
      const note = await settle(ctx, url, made, o.key);
      // A resource still in a transitional state is no prerequisite: an action on it is refused for
      // that state, which says nothing of the action. Its own lifecycle still judges the create.
      if (note && !purpose.startsWith(LIFECYCLE))
        return {
          notTested: `the ${o.resource} the suite created (${made.status}) was ${note}: ${op.method} ${got.url}`,
        };
      return { key: o.key, id, fields: known, made, sent, swept, ...(note ? { note, unsettled: note } : {}) };
    }
  }
}

/** The instances a request was prepared with, as the tracker names what a resource was made with. */
function madeWith(got: Prepared): string[] {
  return [...got.instances.values()].map((i) => `${i.key} ${i.id}`);
}

/** The purpose of a resource's lifecycle instance (`lifecycle <service>/<name>`), its parents' too. */
export const LIFECYCLE = 'lifecycle';
export const lifecyclePurpose = (key: string) => `${LIFECYCLE} ${key}`;
/** The purpose of the instance a delete, an action or a write beneath a parent acts on (`own <operation>`). */
export const ownPurpose = (operation: string) => `own ${operation}`;

/** The memo key of one instance of a resource (`<service>/<name>`) for a purpose: the run's scheduler reads it too. */
export function obtainMemo(key: string, purpose = 'shared'): string {
  return `obtain ${key} ${purpose}`;
}

/**
 * One instance of a resource: `shared` by every request that only needs one to exist, or of its own
 * for a purpose that changes or deletes it (`own <operation>`, `lifecycle`).
 */
export function obtain(
  ctx: CheckContext,
  o: Obtain,
  purpose = 'shared',
  chain: string[] = [],
): Promise<Instance | NotTested> {
  if (chain.includes(o.key))
    return Promise.resolve({ notTested: `${o.key} needs itself (${[...chain, o.key].join(' → ')})` });
  return ctx.memo(obtainMemo(o.key, purpose), () => make(ctx, o, purpose, chain));
}

/**
 * An operation ready to send: every prerequisite of its plan obtained (an instance of its own where it
 * deletes or acts on one), its URL filled and its body references known.
 */
export async function prepare(
  ctx: CheckContext,
  op: Operation = ctx.operation,
  chain: string[] = [],
  purpose?: string,
): Promise<Prepared | NotTested> {
  const plan = plannerFor(ctx).plan(op.id);
  if (plan.notTested) return { notTested: plan.notTested };
  const where = await served(ctx, op);
  if ('notServed' in where) return { notTested: where.notServed };
  const instances = new Map<string, Instance>();
  for (const o of plan.order) {
    // The operation's own chain, or a purpose's. A shared instance made with this operation (`chain`
    // names it, no purpose) is made with the shared instances it names: a shared transfer of the
    // shared volume, not of the volume the operation's own requests use.
    const own = plan.own.includes(o.key) && (purpose !== undefined || (plan.ownInstance && chain.length === 0));
    const got = await obtain(ctx, o, own ? (purpose ?? ownPurpose(op.id)) : 'shared', chain);
    if (isNotTested(got)) return got;
    instances.set(o.key, got);
  }
  const unusable = await inTransition(ctx, op, plan, instances);
  if (unusable) return { notTested: unusable };
  const params: Record<string, string> = {};
  const refs: Record<string, string> = {};
  for (const b of plan.bindings) {
    const inst = instances.get(b.from);
    const value =
      b.from === 'project' ? ctx.session.projectId : inst ? paramValue(b.name, inst.fields, inst.id) : undefined;
    if (value === undefined) continue;
    (b.in === 'path' ? params : refs)[b.name] = value;
  }
  // A PUT that makes its own member is sent with a name of the suite's own (the member's cleanup
  // goes with its parent, which the run made).
  if (plan.ownName && params[plan.ownName] === undefined) params[plan.ownName] = `${runTag()}-${plan.ownName}`;
  const optionalRefs = new Set(
    plannerFor(ctx)
      .model.references.filter((x) => x.operation === op.id && x.in !== 'path' && !x.required)
      .map((x) => x.name),
  );
  const given: Record<string, unknown> = {};
  for (const f of targetDefinedFields(op, refs)) {
    const value = [...instances.values()].map((i) => i.fields[f.name]).find((v) => typeof v === 'string');
    if (value !== undefined) given[f.path || f.name] = value;
  }
  return { plan, url: urlFor(ctx, where, params), params, refs, optionalRefs, given, instances };
}

/**
 * Why a write cannot be sent now: a resource it acts on or names (in its path or body) is in a transitional
 * state (`extending`, `uploading`: an earlier action the target has not finished) and stayed so for
 * the bounded wait. A refusal for that state would say nothing of the operation. Only resources whose
 * show answer documents a `status` are looked at.
 */
async function inTransition(
  ctx: CheckContext,
  op: Operation,
  plan: RequestPlan,
  instances: Map<string, Instance>,
): Promise<string | undefined> {
  if (op.method === 'GET' || op.method === 'HEAD') return undefined;
  const planner = plannerFor(ctx);
  for (const o of plan.order) {
    const inst = instances.get(o.key);
    if (!inst || !plan.bindings.some((b) => b.from === o.key)) continue;
    const show = planner.resource(o.service, o.resource)?.operations.show?.map((id) => operation(ctx, id));
    if (!show?.some((s) => s.response.some((f) => f.name === 'status'))) continue;
    const url = memberUrl(ctx, o, {}, inst.id, inst.fields);
    if (!url) continue;
    const note = await waitSettled(ctx, url, o.key);
    if (note) return `the ${o.resource} ${op.id} acts on was ${note} (an earlier request the target had not finished)`;
  }
  return undefined;
}

/**
 * Values for the required fields of a create the target defines and no prerequisite carries (a
 * zone): read from a resource of the same kind the target lists, where one has the field.
 */
async function listedValues(ctx: CheckContext, o: Obtain, op: Operation, got: Prepared, chain: string[]) {
  const given = { ...got.given };
  const missing = targetDefinedFields(op, got.refs).filter((f) => given[f.path || f.name] === undefined);
  if (missing.length === 0) return given;
  // A listing whose page documents the fields on its items first (a detail view beside a summary).
  const documents = (id: string) => missing.every((f) => operation(ctx, id).response.some((r) => r.name === f.name));
  const lists = [...(plannerFor(ctx).resource(o.service, o.resource)?.operations.list ?? [])].sort(
    (a, b) => Number(documents(b)) - Number(documents(a)),
  );
  for (const id of lists) {
    const list = await prepare(ctx, operation(ctx, id), [...chain, o.key]);
    if (isNotTested(list)) continue;
    // The listing the probe of where it is served already fetched, if it is the same request.
    const items = listedItems(await sharedRead(ctx, list.url));
    for (const f of missing) {
      const value = items.map((i) => i[f.name]).find((v) => typeof v === 'string' && v !== '');
      if (value !== undefined && given[f.path || f.name] === undefined) given[f.path || f.name] = value;
    }
    if (missing.every((f) => given[f.path || f.name] !== undefined)) break;
  }
  return given;
}

/** The resource an operation acts on and its role, as the model reads it. */
export function placeOf(
  ctx: CheckContext,
  op: Operation = ctx.operation,
): { role: RequestPlan['role']; resource?: string; service: Service } {
  const place = plannerFor(ctx).model.places.get(op.id);
  return { role: place?.role ?? 'read', ...(place?.resource ? { resource: place.resource } : {}), service: op.service };
}

/** The last path parameter of an operation that names a member (`deployment_id`, `stack_id`). */
export function memberParam(op: Operation): string | undefined {
  return [...op.path.matchAll(/\{([^}]+)\}/g)]
    .map((m) => m[1]!)
    .filter((p) => p !== 'project_id' && p !== 'tenant_id')
    .at(-1);
}

/**
 * Tracks what an accepted create made (a probe that should have been refused, a bad value accepted)
 * so the worker deletes it; `project` when it was made in another project's path. Sent as `prepared`
 * planned it, it is deleted before the instances that request used and need not wait for anything
 * else; otherwise what it was made with is unknown, and it is deleted before anything made earlier.
 */
export function trackMade(
  ctx: CheckContext,
  op: Operation,
  reply: Reply,
  params: Record<string, string>,
  relocate?: (url: string) => string,
  prepared?: Prepared,
): void {
  if (op.method !== 'POST' || reply.status === undefined || reply.status >= 300) return;
  const id = resource(reply)?.id;
  const place = placeOf(ctx, op);
  if (typeof id !== 'string' || !place.resource) return;
  const o = plannerFor(ctx).obtainOf(op.service, place.resource);
  const url = memberUrl(ctx, o, params, id, resource(reply) ?? {});
  if (!url) return;
  ctx.track({
    kind: place.resource,
    id,
    deleteUrl: relocate ? relocate(url) : url,
    ...(prepared ? { key: o.key, needs: madeWith(prepared) } : {}),
  });
}
