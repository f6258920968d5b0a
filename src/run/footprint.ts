// The footprint of a scheduled family (src/run/ahead.ts): the resources its checks may read and the
// ones they may change, read from the resource model and the request plans alone (src/plans), never
// from operation names. Two grains, both `<service>/<resource>…` keys:
// - a collection (`block-storage/volume`): its members and what they hold, as a list shows them.
//   A list reads it; a family that makes, changes or deletes any member touches it as a `member`
//   access, which conflicts with a list but not with another member access (two families making
//   volumes of their own do not see each other; a list would);
// - one instance (`block-storage/volume#shared`): the instance every request that only needs one to
//   exist shares, or one of a family's own (`#own <operation>` for a delete or an action,
//   `#lifecycle`, `#write-shown`, as src/checks/plans/obtain.ts names their purposes). A show reads
//   the shared instance; a write changes what it acts on and what it names (a transfer changes its
//   volume's status). An instance beneath a parent lives in the parent's instance (a metadata key
//   written changes the volume's show): it reads or writes that instance too.
//
// A family on an operation touches
// - what its operation touches: a list reads its collection, every instance the plan obtains is read;
//   when a check of the family writes (src/run/worker.ts unitWrites), the instances the operation acts
//   on or names are written, and their collections touched as members;
// - writes that last only until a shared step is done, whichever family asks first (`unless`): making
//   the shared instance of a prerequisite (a new member of its collection, a change to its parent),
//   and the resource's own lifecycle and stored replies, which make, change and delete instances of
//   their own and may change the shared one.
// An operation the model places on no resource touches its whole service (`<service>/*`).
import type { Family, Operation } from '../catalog/model.ts';
import { lifecycleMemo } from '../checks/lifecycle.ts';
import { obtainMemo } from '../checks/plans/obtain.ts';
import { storedRepliesMemo } from '../checks/stored.ts';
import type { Obtain, Planner } from '../plans/request-plan.ts';
import { WHOLE, type Access, type Footprint, type Mode } from './ahead.ts';

const CREATED = new Set(['created', 'upserted', 'provided']);
const SHARED = 'shared';

/** The key of one instance of a collection: `<service>/<resource>#<purpose>`. */
export const instanceKey = (collection: string, purpose: string) => `${collection}#${purpose}`;

export function footprintOf(
  planner: Planner,
  operation: Operation,
  writes: boolean,
  families: readonly Family[] = [],
): Footprint {
  const shown = families.includes('stateful');
  const service = operation.service;
  const place = planner.model.places.get(operation.id);
  const own = place?.resource ? planner.resource(service, place.resource) : undefined;
  if (!own) {
    const plan = planner.plan(operation.id);
    const creates = plan.order.some((o) => CREATED.has(o.source.kind));
    return { access: [{ key: `${service}/${WHOLE}`, mode: writes || creates ? 'write' : 'read' }] };
  }
  const access: Access[] = [];
  const add = (key: string, mode: Mode, unless?: string) =>
    access.push({ key, mode, ...(unless !== undefined ? { unless } : {}) });

  /** The parents of a resource, nearest first, as `<service>/<name>` keys. */
  const parents = (s: Operation['service'], name: string): string[] => {
    const keys: string[] = [];
    for (
      let r = planner.resource(s, planner.resource(s, name)?.parent ?? ''), guard = 0;
      r && guard < 16;
      r = r.parent ? planner.resource(s, r.parent) : undefined, guard++
    )
      keys.push(`${s}/${r.name}`);
    return keys;
  };
  /** An instance read: its parents' shared instances hold it. */
  const read = (o: Pick<Obtain, 'key' | 'service' | 'resource'>, purpose: string, unless?: string) => {
    add(instanceKey(o.key, purpose), 'read', unless);
    for (const p of parents(o.service, o.resource)) add(instanceKey(p, SHARED), 'read', unless);
  };
  /** An instance made, changed or deleted: a member of its collection, and a change to its parents. */
  const write = (o: Pick<Obtain, 'key' | 'service' | 'resource'>, purpose: string | undefined, unless?: string) => {
    if (purpose !== undefined) add(instanceKey(o.key, purpose), 'write', unless);
    add(o.key, 'member', unless);
    for (const p of parents(o.service, o.resource)) {
      add(instanceKey(p, SHARED), 'write', unless);
      add(p, 'member', unless);
    }
  };
  /** The prerequisites of a plan: read, and the shared ones made by whichever family asks first. */
  const prerequisites = (order: Obtain[], unless?: (o: Obtain) => string | undefined) => {
    for (const o of order) {
      read(o, SHARED, unless?.(o));
      if (CREATED.has(o.source.kind)) write(o, undefined, unless?.(o) ?? obtainMemo(o.key));
    }
  };

  const ownKey = `${service}/${own.name}`;
  const ownObtain = { key: ownKey, service, resource: own.name };
  const plan = planner.plan(operation.id);
  // A list reads its collection, and so does any other read that names no member (a summary of it).
  if (place?.role === 'list' || (!writes && !plan.order.some((o) => o.key === ownKey))) {
    add(ownKey, 'read');
    for (const p of parents(service, own.name)) add(instanceKey(p, SHARED), 'read');
  }
  if (!writes) prerequisites(plan.order);
  else {
    // What the operation acts on (its own resource) and what it names (its bindings) may change;
    // the rest of its prerequisites are read, or made by whichever family asks first.
    const named = new Set(plan.bindings.map((b) => b.from));
    for (const o of plan.order) {
      const isOwn = o.key === ownKey;
      if (isOwn || named.has(o.key)) write(o, isOwn && plan.ownInstance ? `own ${operation.id}` : SHARED);
      else {
        read(o, SHARED);
        if (CREATED.has(o.source.kind)) write(o, undefined, obtainMemo(o.key));
      }
    }
    // A create makes a member; the stateful family's write that is shown again (writeThenShow of
    // src/checks/families/stateful.ts) makes an instance of its own to write, shared by the
    // operations of the resource.
    write(ownObtain, shown ? 'write-shown' : undefined);
  }
  // The resource's lifecycle and stored replies send its other operations, with their prerequisites,
  // once per resource: until both are done (or under way elsewhere), a family may be the one to.
  // The lifecycle makes, changes and deletes an instance of its own; the stored replies make one with
  // the create and change the shared one with the update.
  const steps: [string, string | undefined][] = [
    ...(own.operations.create?.length ? [[lifecycleMemo(ownKey), 'lifecycle'] as [string, string]] : []),
    ...(own.operations.create?.length || own.operations.update?.length
      ? [
          [storedRepliesMemo(ownKey), own.operations.update?.length ? SHARED : undefined] as [
            string,
            string | undefined,
          ],
        ]
      : []),
  ];
  const others = Object.values(own.operations)
    .flat()
    .filter((id) => id !== operation.id)
    .flatMap((id) => planner.plan(id).order);
  for (const [step, instance] of steps) {
    write(ownObtain, instance, step);
    prerequisites(others, () => step);
  }
  return { access };
}
