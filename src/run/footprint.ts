// The footprint of a scheduled family (src/run/ahead.ts): the resources its checks may read and the
// ones they may write, read from the resource model and the request plans alone (src/plans), never
// from operation names. Keys are `<service>/<resource>`; a resource beneath a parent brings its
// ancestors (a metadata key written changes the volume's show; a stack's resources are the stack's).
//
// A family on an operation touches
// - the operation's own resource and every prerequisite the plans of that resource's operations
//   obtain (the checks send the resource's create, show, list, update and delete as its lifecycle, the
//   stored replies and the filters' views need them), with their ancestors: read;
// - when a check of the family writes (src/run/worker.ts unitWrites): all of that, written (a write
//   may change what it names, as a transfer changes its volume's status);
// - otherwise, writes that last only until a shared step is done, whichever family asks first: the
//   shared instance of each prerequisite the plans create (its memo), and the resource's own lifecycle
//   and stored replies, which create, update and delete instances of their own.
// An operation the model places on no resource touches its whole service (`<service>/*`).
import type { Operation } from '../catalog/model.ts';
import { lifecycleMemo } from '../checks/lifecycle.ts';
import { obtainMemo } from '../checks/plans/obtain.ts';
import { storedRepliesMemo } from '../checks/stored.ts';
import type { Planner } from '../plans/request-plan.ts';
import { WHOLE, type Access, type Footprint } from './ahead.ts';

const CREATED = new Set(['created', 'upserted', 'provided']);

export function footprintOf(planner: Planner, operation: Operation, writes: boolean): Footprint {
  const service = operation.service;
  const place = planner.model.places.get(operation.id);
  const own = place?.resource ? planner.resource(service, place.resource) : undefined;
  if (!own) return { access: [{ key: `${service}/${WHOLE}`, write: writes || createsAny(planner, [operation.id]) }] };

  const withAncestors = (s: Operation['service'], name: string): string[] => {
    const keys: string[] = [];
    for (
      let r = planner.resource(s, name), guard = 0;
      r && guard < 16;
      r = r.parent ? planner.resource(s, r.parent) : undefined, guard++
    )
      keys.push(`${s}/${r.name}`);
    return keys.length ? keys : [`${s}/${name}`];
  };
  const access: Access[] = [];
  const add = (keys: string[], write: boolean, unless?: string) => {
    for (const key of keys) access.push({ key, write, ...(unless !== undefined ? { unless } : {}) });
  };

  const ownKey = `${service}/${own.name}`;
  const ownKeys = withAncestors(service, own.name);
  add(ownKeys, writes);
  // The operation's own request plan: its prerequisites, made by whichever family asks first.
  for (const o of planner.plan(operation.id).order) {
    const keys = withAncestors(o.service, o.resource);
    add(keys, writes || CREATED.has(o.source.kind), writes ? undefined : obtainMemo(o.key));
  }
  // The resource's lifecycle and stored replies send its other operations, with their prerequisites,
  // once per resource: a family writes all of that until both are done (or under way elsewhere).
  const steps = [
    ...(own.operations.create?.length ? [lifecycleMemo(ownKey)] : []),
    ...(own.operations.create?.length || own.operations.update?.length ? [storedRepliesMemo(ownKey)] : []),
  ];
  const others = Object.values(own.operations)
    .flat()
    .filter((id) => id !== operation.id)
    .flatMap((id) => planner.plan(id).order.map((o) => withAncestors(o.service, o.resource)));
  for (const step of steps) for (const keys of [ownKeys, ...others]) add(keys, true, writes ? undefined : step);
  return { access };
}

function createsAny(planner: Planner, ids: string[]): boolean {
  return ids.some((id) => planner.plan(id).order.some((o) => CREATED.has(o.source.kind)));
}
