// The write scenario of one resource, from its request plan: create → show → appears in the list →
// update → show → delete → show answers 404 → gone from the list, each step where the catalog has
// the operation. Prerequisites (a software config, a volume …) come from the plan and are shared; the
// instance the lifecycle makes is its own, since it deletes it. Run once per worker and resource;
// everything made is deleted when the worker ends (a resource after what was made with it), leftovers of a crashed run are swept
// before anything is created.
import type { Operation } from '../catalog/model.ts';
import type { Reply } from '../http/client.ts';
import type { CheckContext } from './model.ts';
import { listedItems, requestPayload, resource, runTag } from './plans/bodies.ts';
import {
  isNotTested,
  lifecyclePurpose,
  obtain,
  placeOf,
  plannerFor,
  prepare,
  showMember,
  type Instance,
} from './plans/obtain.ts';
import type { Sweep } from './plans/sweep.ts';

export interface Lifecycle {
  /** `<service>/<resource>`. */
  key?: string;
  create?: Operation;
  show?: Operation;
  update?: Operation;
  list?: Operation;
  delete?: Operation;
  createBody: Record<string, unknown>;
  updateBody: Record<string, unknown>;
  created?: Reply;
  id?: string;
  shown?: Reply;
  listedAfterCreate?: Reply;
  updated?: Reply;
  shownAfterUpdate?: Reply;
  deleted?: Reply;
  shownAfterDelete?: Reply;
  listedAfterDelete?: Reply;
  /** Leftovers of an earlier, crashed run removed before creating. */
  swept?: Sweep;
  /** Notes on how prerequisites were obtained (a decision's fallback, a bounded wait). */
  notes: string[];
  /** Why the lifecycle could not start: the create was not possible (a prerequisite, a refusal). */
  notTested?: string;
  /** The create itself was refused: a finding about the target, not a missing prerequisite. */
  refused?: string;
  /** The created resource never left its transitional state: update and delete were not tried. */
  unsettled?: string;
  problemReply?: Reply;
}

function op(ctx: CheckContext, id: string | undefined): Operation | undefined {
  return id ? ctx.catalog.operations.find((o) => o.id === id) : undefined;
}

/** The lifecycle operations of the resource `operation` acts on: the member ones, where there are two. */
export function lifecycleOperations(
  ctx: CheckContext,
  operation: Operation = ctx.operation,
): Pick<Lifecycle, 'key' | 'create' | 'show' | 'update' | 'list' | 'delete'> {
  const place = placeOf(ctx, operation);
  const r = place.resource ? plannerFor(ctx).resource(operation.service, place.resource) : undefined;
  if (!r) return {};
  const member = (ids: string[] | undefined) =>
    ids?.map((id) => op(ctx, id)!).find((o) => o.path.endsWith('}')) ?? op(ctx, ids?.[0]);
  return {
    key: `${r.service}/${r.name}`,
    create: op(ctx, r.operations.create?.[0]),
    show: member(r.operations.show),
    update: member(r.operations.update),
    list: op(ctx, r.operations.list?.[0]),
    delete: member(r.operations.delete),
  };
}

/** Whether a list answer holds the item with `id` (undefined: the answer says nothing either way). */
export function listHolds(reply: Reply | undefined, id: string): boolean | undefined {
  if (!reply || reply.status !== 200) return undefined;
  return listedItems(reply).some((item) => item.id === id);
}

/** The memo key of a resource's lifecycle (`<service>/<name>`): the run's scheduler reads it too. */
export function lifecycleMemo(key: string): string {
  return `lifecycle ${key}`;
}

export function lifecycle(ctx: CheckContext, operation: Operation = ctx.operation): Promise<Lifecycle> {
  const ops = lifecycleOperations(ctx, operation);
  return ctx.memo(lifecycleMemo(ops.key ?? operation.id), async () => {
    const state: Lifecycle = { ...ops, createBody: {}, updateBody: {}, notes: [] };
    if (!ops.create) {
      state.notTested = `the catalog has no operation that creates a ${ops.key ?? 'resource'} for ${operation.id}`;
      return state;
    }
    const planner = plannerFor(ctx);
    const [service, name] = ops.key!.split('/') as [Operation['service'], string];
    // An instance of the lifecycle's own, beneath parents of its own where the suite makes them (a
    // metadata key's lifecycle does not add to and remove from the shared volume).
    const purpose = lifecyclePurpose(ops.key!);
    const own = await obtain(ctx, planner.obtainOf(service, name, true), purpose);
    if (isNotTested(own)) {
      // The create request itself refused (a reply of the create operation): a finding; else a prerequisite.
      if (own.refusedBy === ops.create.id) {
        state.refused = own.notTested;
        state.created = own.reply;
      } else state.notTested = own.notTested;
      state.problemReply = own.reply;
      return state;
    }
    const instance: Instance = own;
    state.id = instance.id;
    state.created = instance.made;
    if (instance.note) state.notes.push(instance.note);
    state.createBody = instance.sent ?? {};
    if (instance.swept) state.swept = instance.swept;
    const target = await prepare(ctx, ops.show ?? ops.create, [], purpose);
    if (isNotTested(target)) {
      state.notTested = target.notTested;
      return state;
    }
    if (!ops.show) return state;
    const showUrl = target.url;
    if (instance.unsettled) state.unsettled = `the created ${name} was ${instance.unsettled}`;
    // The reads after a step do not wait for each other: the show and the list, together.
    const listed = async (): Promise<Reply | undefined> => {
      const list = ops.list ? await prepare(ctx, ops.list, [], purpose) : undefined;
      return list && !isNotTested(list) ? ctx.client.send({ method: 'GET', url: list.url }) : undefined;
    };
    [state.shown, state.listedAfterCreate] = await Promise.all([showMember(ctx, showUrl), listed()]);
    if (ops.update && !state.unsettled) {
      const update = await prepare(ctx, ops.update, [], purpose);
      if (!isNotTested(update)) {
        const payload = requestPayload(
          ops.update,
          runTag(),
          'update',
          update.refs,
          new Set([...update.optionalRefs, ...Object.keys(update.refs)]),
        );
        state.updateBody =
          payload.json && typeof payload.json === 'object' && !Array.isArray(payload.json)
            ? (payload.json as Record<string, unknown>)
            : {};
        state.updated = await ctx.client.send({ method: ops.update.method, url: update.url, ...payload });
        state.shownAfterUpdate = await showMember(ctx, showUrl);
      }
    }
    if (ops.delete && !state.unsettled) {
      const del = await prepare(ctx, ops.delete, [], purpose);
      if (!isNotTested(del)) {
        state.deleted = await ctx.client.send({ method: 'DELETE', url: del.url });
        [state.shownAfterDelete, state.listedAfterDelete] = await Promise.all([
          ctx.client.send({ method: 'GET', url: showUrl }),
          listed(),
        ]);
      }
    }
    return state;
  });
}

/** The replies of the lifecycle an operation's body checks read. */
export function lifecycleReplies(state: Lifecycle, operation: Operation): Reply[] {
  const of = (...rs: (Reply | undefined)[]) => rs.filter((r): r is Reply => !!r);
  if (operation.id === state.create?.id) return of(state.created);
  if (operation.id === state.update?.id) return of(state.updated);
  if (operation.id === state.show?.id) return of(state.shown, state.shownAfterUpdate);
  if (operation.id === state.delete?.id) return of(state.deleted);
  return [];
}

export { resource };
