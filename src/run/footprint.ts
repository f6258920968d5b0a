// The footprint of a scheduled family (src/run/ahead.ts): the resources its checks may read and the
// ones they may change, read from the resource model and the request plans alone (src/plans), never
// from operation names. Two grains, both `<service>/<resource>…` keys:
// - a collection (`block-storage/volume`): its members and what they hold, as a list shows them.
//   A list reads it; a family that makes, changes or deletes any member touches it as a `member`
//   access, which conflicts with a list but not with another member access (two families making
//   volumes of their own do not see each other; a list would). Beneath a parent, a collection is one
//   parent instance's members (`block-storage/volume-metadata@block-storage/volume#shared`);
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
//   on or names are written (of its own chain where the plan gives it one: src/plans), and their
//   collections touched as members; an instance made writes what its create names too (the shared
//   transfer leaves the shared volume awaiting it; one of a family's own is of a volume of its own);
// - writes that last only until a shared step is done, whichever family asks first (`unless`): making
//   the shared instance of a prerequisite (a new member of its collection, a change to its parent),
//   and the resource's own lifecycle and stored replies (only where its create or update has a value
//   to store: `stores`), which make, change and delete instances of their own and may change the
//   shared one.
// An operation the model places on no resource touches its whole service (`<service>/*`).
import type { Family, Operation } from '../catalog/model.ts';
import { lifecycleMemo } from '../checks/lifecycle.ts';
import { lifecyclePurpose, obtainMemo, ownPurpose } from '../checks/plans/obtain.ts';
import { writeShownPurpose } from '../checks/families/stateful.ts';
import { storedRepliesMemo } from '../checks/stored.ts';
import type { Obtain, Planner, RequestPlan } from '../plans/request-plan.ts';
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
  /** Whether the stored replies send anything with this create or update (src/checks/stored.ts). */
  stores: (operation: string) => boolean = () => true,
): Footprint {
  const shown = families.includes('stateful');
  const service = operation.service;
  const place = planner.model.places.get(operation.id);
  const own = place?.resource ? planner.resource(service, place.resource) : undefined;
  const plan = planner.plan(operation.id);
  if (!own) {
    const creates = plan.order.some((o) => CREATED.has(o.source.kind));
    return { access: [{ key: `${service}/${WHOLE}`, mode: writes || creates ? 'write' : 'read' }] };
  }
  const access: Access[] = [];
  const add = (key: string, mode: Mode, unless?: string) =>
    access.push({ key, mode, ...(unless !== undefined ? { unless } : {}) });

  const parents = (s: Operation['service'], name: string) => planner.parents(s, name);
  type Where = Pick<Obtain, 'key' | 'service' | 'resource'>;
  /**
   * A collection: beneath a parent, the members of one instance of it (the metadata of the shared
   * volume, `block-storage/volume-metadata@block-storage/volume#shared`); else the whole collection.
   */
  const collectionKey = (key: string, parent: string | undefined, of: (key: string) => string) =>
    parent === undefined ? key : `${key}@${instanceKey(parent, of(parent))}`;
  /** An instance read: the shared one, in its parents' shared instances. */
  const read = (o: Where, unless?: string) => {
    add(instanceKey(o.key, SHARED), 'read', unless);
    for (const p of parents(o.service, o.resource)) add(instanceKey(p, SHARED), 'read', unless);
  };
  /**
   * An instance made, changed or deleted (of `purpose`, or a new member when undefined): a member of
   * its collection, and a change to its parents, those of `chain` of the purpose `beneath` (the
   * instance's own, or the one a new member is made under), the others shared.
   */
  const write = (
    o: Where,
    purpose: string | undefined,
    chain: readonly string[] = [],
    unless?: string,
    beneath: string | undefined = purpose,
  ) => {
    const of = (key: string) => (beneath !== undefined && chain.includes(key) ? beneath : SHARED);
    if (purpose !== undefined) add(instanceKey(o.key, purpose), 'write', unless);
    const above = parents(o.service, o.resource);
    add(collectionKey(o.key, above[0], of), 'member', unless);
    above.forEach((p, i) => {
      add(instanceKey(p, of(p)), 'write', unless);
      add(collectionKey(p, above[i + 1], of), 'member', unless);
    });
  };
  /**
   * What the request that makes an instance names besides its parents (a transfer's volume): a write
   * may change what it names, and so may the create (the volume awaits its transfer).
   */
  const namedBy = (create: string | undefined, besides: readonly string[], unless?: string) => {
    if (!create) return;
    for (const b of planner.plan(create).bindings) {
      if (b.from === 'project' || besides.includes(b.from)) continue;
      const at = b.from.indexOf('/');
      write(
        { key: b.from, service: b.from.slice(0, at) as Operation['service'], resource: b.from.slice(at + 1) },
        SHARED,
        [],
        unless,
      );
    }
  };
  const makes = (o: Obtain) =>
    o.source.kind === 'created' || o.source.kind === 'upserted' ? o.source.operation : undefined;
  /** An instance made: written, and what its create names. */
  const made = (o: Obtain, purpose: string | undefined, chain: readonly string[], unless?: string) => {
    write(o, purpose, chain, unless);
    namedBy(makes(o), [o.key, ...chain, ...parents(o.service, o.resource)], unless);
  };
  /** The prerequisites of a plan: read, and the shared ones made by whichever family asks first. */
  const prerequisites = (order: Obtain[], unless?: string) => {
    for (const o of order) {
      read(o, unless);
      if (CREATED.has(o.source.kind)) made(o, undefined, [], unless ?? obtainMemo(o.key));
    }
  };
  /** The instances a plan obtains as a purpose's own (its own chain), made by it: written. */
  const ownChain = (p: RequestPlan, purpose: string, unless?: string) => {
    for (const o of p.order) if (p.own.includes(o.key)) made(o, purpose, p.own, unless);
  };

  const ownKey = `${service}/${own.name}`;
  const ownWhere = { key: ownKey, service, resource: own.name };
  // A list reads its collection, and so does any other read that names no member (a summary of it).
  if (place?.role === 'list' || (!writes && !plan.order.some((o) => o.key === ownKey))) {
    add(
      collectionKey(ownKey, parents(service, own.name)[0], () => SHARED),
      'read',
    );
    for (const p of parents(service, own.name)) add(instanceKey(p, SHARED), 'read');
  }
  if (!writes) prerequisites(plan.order);
  else {
    // What the operation acts on (its own resource, of its own where the plan says so, with the parents
    // it makes) and what it names (its bindings) may change; the rest of its prerequisites are read,
    // or made by whichever family asks first.
    const purpose = plan.ownInstance ? ownPurpose(operation.id) : SHARED;
    const named = new Set(plan.bindings.map((b) => b.from));
    for (const o of plan.order) {
      const mine = plan.ownInstance && plan.own.includes(o.key);
      if (mine) made(o, purpose, plan.own);
      else if (o.key === ownKey || named.has(o.key)) write(o, SHARED);
      else prerequisites([o]);
    }
    // A create makes a member, beneath the parents of its chain.
    write(ownWhere, undefined, plan.ownInstance ? plan.own : [], undefined, plan.ownInstance ? purpose : undefined);
    // The stateful family's write that is shown again (writeThenShow of src/checks/families/stateful.ts)
    // makes an instance of its own to write, beneath parents of the same purpose.
    if (shown) {
      ownChain(plan, writeShownPurpose(operation.id));
      write(ownWhere, writeShownPurpose(operation.id), plan.own);
    }
  }
  // The resource's lifecycle and stored replies send its other operations, with their prerequisites,
  // once per resource: until both are done (or under way elsewhere), a family may be the one to. The
  // lifecycle makes, changes and deletes an instance of its own beneath parents of its own; the stored
  // replies write with the create and the update as those are sent (src/checks/stored.ts).
  const others = Object.values(own.operations)
    .flat()
    .filter((id) => id !== operation.id)
    .map((id) => planner.plan(id));
  if (own.operations.create?.length) {
    const step = lifecycleMemo(ownKey);
    const purpose = lifecyclePurpose(ownKey);
    ownChain(plan, purpose, step);
    write(ownWhere, purpose, plan.own, step);
    namedBy(own.operations.create[0], [ownKey, ...plan.own], step);
    for (const p of others)
      prerequisites(
        p.order.filter((o) => !p.own.includes(o.key)),
        step,
      );
  }
  const storing = [own.operations.create?.[0], own.operations.update?.[0]].filter(
    (id): id is string => id !== undefined && stores(id),
  );
  if (storing.length > 0) {
    const step = storedRepliesMemo(ownKey);
    for (const id of storing) {
      const p = planner.plan(id);
      const mine = p.ownInstance ? ownPurpose(id) : undefined;
      const chain = mine ? p.own : [];
      if (mine) ownChain(p, mine, step);
      write(ownWhere, p.role === 'create' ? undefined : (mine ?? SHARED), chain, step, mine);
      namedBy(id, [ownKey, ...chain], step);
      prerequisites(
        p.order.filter((o) => !chain.includes(o.key)),
        step,
      );
    }
    // …and show what they made or changed, beneath the same parents.
    for (const p of others)
      prerequisites(
        p.order.filter((o) => !p.own.includes(o.key)),
        step,
      );
  }
  return { access };
}
