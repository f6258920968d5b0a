// stateful: the lifecycle of a resource the pages let the suite create — create → show → in the list →
// update → show → delete → show answers 404 → gone from the list. The id stays the same, what was
// created is what is shown and listed, the update is applied and visible, updated_time appears once the
// resource has been updated, and a deleted resource is gone.
import type { Field, Requirement } from '../../catalog/model.ts';
import type { Reply } from '../../http/client.ts';
import { show } from '../json-path.ts';
import { lifecycle, listHolds, resource, type Lifecycle } from '../lifecycle.ts';
import { defineCheck, Findings, type CheckContext } from '../model.ts';
import { isNotTested, memberParam, prepare, preparedPayload } from '../plans/obtain.ts';
import { bodyReplies } from '../replies.ts';
import { writeEffect, type WriteEffect } from '../../plans/write-effect.ts';

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, sortKeys(x)]),
    );
  }
  return v;
}

/** Sent values (flattened under an envelope if any) that the show answer documents. */
function sentFields(ctx: CheckContext, state: Lifecycle, body: Record<string, unknown>): [string, unknown][] {
  const flat =
    Object.keys(body).length === 1 &&
    typeof Object.values(body)[0] === 'object' &&
    !Array.isArray(Object.values(body)[0])
      ? (Object.values(body)[0] as Record<string, unknown>)
      : body;
  const response = (state.show ?? ctx.operation).response;
  const documented = new Set(response.map((f) => f.name));
  return Object.entries(flat)
    .filter(([k]) => documented.has(k))
    .map(([k, v]) => [k, asDocumentedType(v, typeOfShown(response, k))]);
}

/** The type the show answer documents for a member field `name` (under its envelope, or at the top). */
function typeOfShown(response: Field[], name: string): string | undefined {
  const depth = (p: string) => p.split('.').length;
  return response
    .filter((f) => !f.path.includes('[]') && f.path.split('.').at(-1) === name && depth(f.path) <= 2)
    .sort((a, b) => depth(b.path) - depth(a.path))[0]?.type;
}

/**
 * A sent value as the show answer documents its type, where the pages type the request and the
 * answer differently (Cinder's shareable: the string "true" sent, the boolean true shown). Only
 * unambiguous spellings convert; anything else is compared as sent.
 */
export function asDocumentedType(sent: unknown, type: string | undefined): unknown {
  if (type === 'boolean' && typeof sent === 'string' && /^(true|false)$/i.test(sent)) return /^true$/i.test(sent);
  if ((type === 'integer' || type === 'number') && typeof sent === 'string' && /^-?\d+(\.\d+)?$/.test(sent))
    return Number(sent);
  if (type === 'string' && (typeof sent === 'number' || typeof sent === 'boolean')) return String(sent);
  return sent;
}

/** The one field a requirement is about (`software_deployment.status` → `status`), or all for its envelope. */
function subjectField(req: Requirement): string | undefined {
  const path = req.subject.split('.');
  const leaf = path.pop();
  return path.length > 0 && leaf && /^[a-z_]+$/.test(leaf) && leaf !== 'id' ? leaf : undefined;
}

function compare(
  req: Requirement,
  findings: Findings,
  fields: [string, unknown][],
  reply: Reply | undefined,
  what: string,
): void {
  const shown = resource(reply);
  if (!reply || reply.status !== 200 || !shown) {
    findings.failReply(req, reply, {
      message: `${what}: the resource could not be shown`,
      received: reply ? `${reply.status ?? reply.error} ${reply.text.slice(0, 120)}` : 'no request made',
      documented: '200 with the resource',
    });
    return;
  }
  const only = subjectField(req);
  for (const [name, sent] of fields) {
    if (only && name !== only) continue;
    if (deepEqual(shown[name], sent)) continue;
    findings.failReply(req, reply, {
      message: `${what}: ${name} is not what was sent`,
      received: show(shown[name]),
      documented: show(sent),
    });
  }
}

function idStable(req: Requirement, state: Lifecycle, findings: Findings): void {
  const steps = [state.created, state.shown, state.updated, state.shownAfterUpdate];
  const ids = steps.map((r) => resource(r)?.id);
  const changed = ids.findIndex((id) => id !== undefined && id !== state.id);
  if (changed >= 0) {
    findings.failReply(req, steps[changed], {
      message: `the id changed at ${['create', 'show', 'update', 'show after update'][changed]}`,
      received: show(ids[changed]),
      documented: `${state.id}, the id create gave`,
    });
  }
  if (state.shownAfterUpdate && state.shownAfterUpdate.status !== 200) {
    findings.failReply(req, state.shownAfterUpdate, {
      message: 'after the update the resource can no longer be shown by its id',
      received: `${state.shownAfterUpdate.status ?? state.shownAfterUpdate.error}`,
      documented: '200',
    });
  }
}

function createPersisted(ctx: CheckContext, req: Requirement, state: Lifecycle, findings: Findings): void {
  compare(req, findings, sentFields(ctx, state, state.createBody), state.shown, 'after create');
  const swept = state.swept;
  const notes = [
    swept && swept.deleted.length > 0
      ? `removed ${swept.deleted.length} item(s) an earlier run of the suite left behind (${swept.deleted.join(', ')})`
      : '',
    ...(swept?.problems ?? []),
    ...state.notes,
  ].filter(Boolean);
  if (notes.length > 0) findings.note(req, notes.join('; '));
}

function createListed(req: Requirement, state: Lifecycle, findings: Findings): void {
  if (!state.list) return findings.notApplicable(req, `the catalog has no operation that lists ${state.key}`);
  if (!state.listedAfterCreate) return findings.notTested(req, `the list of ${state.key} could not be asked`);
  const holds = listHolds(state.listedAfterCreate, state.id!);
  if (holds === undefined) {
    findings.failReply(req, state.listedAfterCreate, {
      message: `the list answered ${state.listedAfterCreate.status ?? state.listedAfterCreate.error} after a create`,
      documented: '200 with the created resource among the items',
    });
  } else if (!holds && !state.listedAfterCreate.text.includes('"next"')) {
    findings.failReply(req, state.listedAfterCreate, {
      message: 'the created resource is not in the list',
      received: `${resource(state.listedAfterCreate) ? 'a list' : 'an answer'} without ${state.id}`,
      documented: `an item with id ${state.id}`,
    });
  } else if (!holds) {
    findings.notTested(
      req,
      `the created resource is not on the first page of the list, and the walk is left to the pagination family`,
    );
  }
}

function updateApplied(ctx: CheckContext, req: Requirement, state: Lifecycle, findings: Findings): void {
  if (!state.update) return findings.notApplicable(req, 'the catalog has no update operation');
  if (!state.updated)
    return findings.notTested(req, state.unsettled ?? `the update of ${state.key} could not be prepared`);
  if (state.updated.status === undefined || state.updated.status >= 300) {
    return findings.failReply(req, state.updated, {
      message: `the update was refused: ${state.updated.status ?? state.updated.error}`,
      received: state.updated.text.slice(0, 160),
    });
  }
  compare(req, findings, sentFields(ctx, state, state.updateBody), state.updated, 'in the update answer');
  compare(req, findings, sentFields(ctx, state, state.updateBody), state.shownAfterUpdate, 'shown after update');
}

/** Only that it is set: whether it is before the creation time is judged once, by timestamp-order. */
function updatedTimeSet(ctx: CheckContext, req: Requirement, state: Lifecycle, findings: Findings): void {
  if (state.unsettled && !state.updated) return findings.notTested(req, state.unsettled);
  const after = resource(state.shownAfterUpdate);
  const key =
    ctx.operation.response.find((f) => /updated/.test(f.name) && f.timestamp)?.name ?? req.subject.split('.').pop()!;
  const updated = after?.[key];
  if (!state.shownAfterUpdate || typeof updated !== 'string') {
    findings.failReply(req, state.shownAfterUpdate, {
      message: `${key} is not set after an update`,
      received: show(updated),
      documented: `${key}: the time of the update`,
    });
  }
}

function deleteRemoved(req: Requirement, state: Lifecycle, findings: Findings): void {
  if (!state.deleted)
    return findings.notTested(req, state.unsettled ?? `the delete of ${state.key} could not be prepared`);
  if (state.deleted.status === undefined || state.deleted.status >= 300) {
    return findings.failReply(req, state.deleted, {
      message: `the delete was refused: ${state.deleted.status ?? state.deleted.error}`,
      received: state.deleted.text.slice(0, 160),
      documented: 'a success code',
    });
  }
  if (state.shownAfterDelete && state.shownAfterDelete.status !== 404) {
    findings.failReply(req, state.shownAfterDelete, {
      message: 'a deleted resource can still be shown',
      received: `${state.shownAfterDelete.status ?? state.shownAfterDelete.error}`,
      documented: '404',
    });
  }
  if (listHolds(state.listedAfterDelete, state.id!)) {
    findings.failReply(req, state.listedAfterDelete, {
      message: 'a deleted resource is still in the list',
      received: `an item with id ${state.id}`,
      documented: 'no item with that id',
    });
  }
}

/** A show of a member the request plan obtained (its list's first, a configured id) answers with that id. */
async function idStableShown(ctx: CheckContext, req: Requirement, findings: Findings): Promise<void> {
  const param = memberParam(ctx.operation);
  const prepared = await prepare(ctx);
  if (isNotTested(prepared)) return findings.notTested(req, prepared.notTested);
  const asked = param ? prepared.params[param] : undefined;
  if (asked === undefined) return findings.notTested(req, `no id of ${ctx.operation.id}'s own to ask by`);
  const got = await bodyReplies(ctx);
  if (got.notApplicable) return findings.notApplicable(req, got.notApplicable);
  if (got.notTested) return findings.notTested(req, got.notTested);
  const reply = got.replies[0];
  if (!reply || reply.status !== 200) {
    return findings.failReply(req, reply, {
      message: `the show of ${asked} answered ${reply?.status ?? reply?.error ?? 'nothing'}`,
      documented: '200 with the resource',
    });
  }
  ctx.touched(reply);
  // The subject is the id's path in the answer (`volume_type.id`).
  let id: unknown = reply.json;
  for (const step of req.subject.split('.')) {
    id = id && typeof id === 'object' && !Array.isArray(id) ? (id as Record<string, unknown>)[step] : undefined;
  }
  if (id === asked || (typeof id === 'number' && String(id) === asked)) return;
  findings.failReply(req, reply, {
    message: `the show of ${asked} answered with another id`,
    received: show(id),
    documented: `${asked}, the id in the request path`,
  });
}

/**
 * Whether the member shown at its address after a write names itself otherwise: the field its show's
 * last path parameter is read from (`resource_name`, an `…_id` from `id`) holds another value than the
 * address. A write moved it, and what is shown there is not the member written.
 */
function movedIdentity(
  effect: WriteEffect,
  shown: { url: string },
  member: Record<string, unknown>,
): { field: string; address: string; received: unknown } | undefined {
  const param = /\{([^}]+)\}$/.exec(effect.show.path)?.[1];
  if (!param) return undefined;
  const field = param in member ? param : /(^|_)id$/.test(param) && 'id' in member ? 'id' : undefined;
  if (!field || typeof member[field] !== 'string') return undefined;
  const address = decodeURIComponent(new URL(shown.url).pathname.split('/').filter(Boolean).at(-1) ?? '');
  return member[field] === address ? undefined : { field, address, received: member[field] };
}

interface Written {
  written: Reply;
  shown?: Reply;
  sent: unknown;
  /** The last path segment of the write, decoded (the tag, the map key). */
  last: string;
}

const segments = (path: string): string[] => path.split('/').filter(Boolean);

/** The purpose of the instance an operation's write is sent to and shown from (src/run/footprint.ts reads it too). */
export const writeShownPurpose = (operation: string) => `write-shown ${operation}`;

/** The write sent once to a member of its own, then the member's show. */
function writeThenShow(ctx: CheckContext, effect: WriteEffect): Promise<Written | { notTested: string }> {
  const op = ctx.operation;
  return ctx.memo(`write-shown ${op.id}`, async () => {
    // An instance of its own for each operation (beneath parents of its own where the suite makes
    // them): two operations' writes to one instance would have to wait for each other.
    const prepared = await prepare(ctx, op, [], writeShownPurpose(op.id));
    if (isNotTested(prepared)) return { notTested: prepared.notTested };
    // The create purpose sends true for a boolean: a write that does something (`mark_unhealthy: true`
    // marks the resource, and the reason sent then describes its status; false on a healthy resource
    // changes nothing, upstream Heat included).
    const payload = preparedPayload(op, prepared);
    const written = await ctx.client.send({ method: op.method, url: prepared.url, ...payload });
    const url = new URL(prepared.url);
    const parts = url.pathname.split('/').filter(Boolean);
    const last = decodeURIComponent(parts.at(-1) ?? '');
    const drop = segments(op.path).length - segments(effect.show.path).length;
    url.pathname = `/${parts.slice(0, parts.length - drop).join('/')}`;
    url.search = '';
    const ok = written.status !== undefined && written.status >= 200 && written.status < 300;
    const shown = ok ? await ctx.client.send({ method: 'GET', url: url.toString() }) : undefined;
    return { written, ...(shown ? { shown } : {}), sent: payload.json, last };
  });
}

const asObject = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/**
 * A write beneath a member (a map, a tag, an action, a PATCH) is visible in the member's show
 * afterwards: the fields the request names hold what was sent, the map holds the entries sent (or no
 * longer the key deleted), the tag list holds the tag put (or no longer the tag deleted).
 */
async function writeShown(ctx: CheckContext, req: Requirement, effect: WriteEffect, findings: Findings): Promise<void> {
  const got = await writeThenShow(ctx, effect);
  if ('notTested' in got) return findings.notTested(req, got.notTested);
  const { written, shown, sent, last } = got;
  ctx.touched(written);
  if (!shown) {
    return findings.notTested(
      req,
      `${written.method} answered ${written.status ?? written.error}: nothing was written to show (the status-codes family judges the answer)`,
    );
  }
  ctx.touched(shown);
  const member = resource(shown);
  if (shown.status !== 200 || !member) {
    return findings.failReply(req, shown, {
      message: `after ${written.method} ${written.status} the member can no longer be shown at its address`,
      received: `${shown.status ?? shown.error} ${shown.text.slice(0, 120)}`,
      documented: `200 with the member (${effect.show.id})`,
    });
  }
  const moved = movedIdentity(effect, shown, member);
  if (moved) {
    return findings.failReply(
      req,
      shown,
      {
        message: `after ${written.method} the member shown at its address carries another ${moved.field}`,
        received: show(moved.received),
        documented: `${moved.field} ${moved.address}, the member written (its address)`,
        // No decision on what a write shows softens this: the member shown is not the one written.
      },
      'strict',
    );
  }
  const field = effect.fields[0]!;
  const body = asObject(sent) ?? {};
  if (effect.kind === 'tags') {
    const tags = Array.isArray(member[field]) ? (member[field] as unknown[]) : [];
    const wanted = written.method !== 'DELETE';
    if (tags.includes(last) !== wanted)
      findings.failReply(req, shown, {
        message: `after ${written.method} of tag ${last}, ${field} ${wanted ? 'lacks' : 'still holds'} it`,
        received: show(member[field]),
        documented: `${field} ${wanted ? 'with' : 'without'} ${last}`,
      });
    return;
  }
  if (effect.kind === 'map') {
    const map = asObject(member[field]) ?? {};
    if (written.method === 'DELETE') {
      if (last in map)
        findings.failReply(req, shown, {
          message: `after DELETE of key ${last}, ${field} still holds it`,
          received: show(map),
          documented: `${field} without ${last}`,
        });
      return;
    }
    const values = Object.values(body);
    const entries = (Object.keys(body).length === 1 ? asObject(values[0]) : undefined) ?? body;
    for (const [k, v] of Object.entries(entries)) {
      if (deepEqual(map[k], v)) continue;
      findings.failReply(req, shown, {
        message: `after ${written.method} the ${field} entry ${k} is not what was sent`,
        received: show(map[k]),
        documented: show(v),
      });
    }
    return;
  }
  const inner = (effect.under ? asObject(body[effect.under]) : body) ?? {};
  for (const name of effect.fields) {
    if (!(name in inner)) continue;
    const want = asDocumentedType(inner[name], typeOfShown(effect.show.response, name));
    if (deepEqual(member[name], want)) continue;
    findings.failReply(req, shown, {
      message: `after ${written.method} ${name} is not what was sent`,
      received: show(member[name]),
      documented: show(want),
    });
  }
}

async function judgeLifecycle(ctx: CheckContext, requirements: Requirement[]): Promise<Findings> {
  const findings = new Findings();
  const state = await lifecycle(ctx);
  for (const r of [
    state.created,
    state.shown,
    state.listedAfterCreate,
    state.updated,
    state.shownAfterUpdate,
    state.deleted,
    state.shownAfterDelete,
    state.listedAfterDelete,
  ]) {
    if (r) ctx.touched(r);
  }
  for (const req of requirements) {
    if (req.assertion === 'update-applied') {
      // A write the lifecycle does not make itself (a map, a tag, an action, a member without a create).
      const effect = writeEffect(ctx.operation, ctx.catalog.operations);
      const ownUpdate = state.id && state.update?.id === ctx.operation.id && state.show?.id === effect?.show.id;
      if (effect && !ownUpdate) {
        await writeShown(ctx, req, effect, findings);
        continue;
      }
    }
    if (!state.id && !state.create && req.assertion === 'id-stable') {
      // Nothing creates it, but the plan can name one (listed, configured): shown by that id.
      await idStableShown(ctx, req, findings);
      continue;
    }
    if (!state.id) {
      if (state.created?.status === 404)
        findings.notApplicable(req, `not served: ${state.created.method} ${state.created.url} answers 404`);
      // Only the create's own refusal of the suite's body is a finding about the target; for every
      // other operation of the resource it is a prerequisite the suite could not obtain.
      else if (state.refused && ctx.operation.id === state.create?.id)
        findings.failReply(req, state.problemReply, { message: `the lifecycle could not start: ${state.refused}` });
      else
        findings.notTested(
          req,
          state.refused
            ? `the lifecycle could not start: ${state.refused}`
            : (state.notTested ?? 'the lifecycle could not start'),
        );
      continue;
    }
    switch (req.assertion) {
      case 'id-stable':
        idStable(req, state, findings);
        break;
      case 'create-persisted':
        createPersisted(ctx, req, state, findings);
        break;
      case 'create-listed':
        createListed(req, state, findings);
        break;
      case 'update-applied':
        updateApplied(ctx, req, state, findings);
        break;
      case 'updated-time-set':
        updatedTimeSet(ctx, req, state, findings);
        break;
      case 'delete-removed':
        deleteRemoved(req, state, findings);
        break;
      default:
        break;
    }
  }
  return findings;
}

export const resourceLifecycleConsistent = defineCheck({
  id: 'resource-lifecycle-consistent',
  family: 'stateful',
  assertions: [
    'id-stable',
    'create-persisted',
    'create-listed',
    'update-applied',
    'updated-time-set',
    'delete-removed',
  ],
  title: 'create, show, list, update, show, delete agree with each other',
  appliesTo: (op) => op.method !== 'GET' || /\{(?!project_id|tenant_id)/.test(op.path),
  writes: true,
  run: function resourceLifecycleConsistent(ctx, requirements) {
    return judgeLifecycle(ctx, requirements);
  },
});
