// Request plans: for every operation, how the suite obtains a valid request. Each path parameter and
// each required request field that refers to a resource gets a source — the session's project, an
// instance created through the catalog's own create operation, one listed from the target, an id
// named in the configuration, upstream's create request or any value of the suite's own where a
// reviewed decision says so — and the resources to obtain first, dependencies before dependants.
// Pure: reads the catalog and the resource model; `src/checks/plans/` carries the plans out.
import type { Catalog, Decision, Field, Operation, Provision, Service } from '../catalog/model.ts';
import { resourceModel, type Reference, type Resource, type ResourceModel, type Role } from './resources.ts';

export type ValueSource =
  | { kind: 'project' }
  /** Created with the catalog's create operation of that resource. */
  | { kind: 'created'; operation: string }
  /** Made to exist by a PUT on the member itself (a tag, a metadata key): the value is the suite's own. */
  | { kind: 'upserted'; operation: string }
  /** Created with the request a reviewed decision gives (a resource no page creates). */
  | { kind: 'provided'; decision: string; create: NonNullable<Provision['create']>; anyValueIfNotServed: boolean }
  /** The first item the target lists. */
  | { kind: 'listed'; operation: string }
  /** Named in the configuration (`OS_SERVER_ID`, clouds.yaml `server_id`). */
  | { kind: 'setting'; setting: string; value: string }
  /** A value of the suite's own (`cac-…`), accepted as a reviewed decision says. */
  | { kind: 'any-value'; decision: string }
  | { kind: 'unavailable'; reason: string };

/** A resource the plan obtains, and how. */
export interface Obtain {
  /** `<service>/<name>`. */
  key: string;
  service: Service;
  resource: string;
  source: ValueSource;
  /** Keys of the resources it needs first (its parent, the references its create sends). */
  needs: string[];
}

export interface Binding {
  /** Path parameter or request field name. */
  name: string;
  in: Field['in'];
  /** The key of the resource that gives the value, or `project`. */
  from: string;
  /** The field of that resource that gives the value (`id`, or `name` for a `{stack_name}`). */
  field: string;
}

export interface RequestPlan {
  operation: string;
  role: Role;
  resource?: string;
  /** Whether sending the operation changes the target. */
  writes: boolean;
  /**
   * The operation acts on an instance of its own (a delete, an action, any write beneath a parent the
   * suite makes): not shared with others. The instance's parents the suite makes are its own too
   * (`own`), so a metadata key written lives in a volume of its own, not in the shared one.
   */
  ownInstance: boolean;
  /** Keys of `order` obtained as the operation's own when it has one (`ownInstance`, or a purpose of a check's). */
  own: string[];
  bindings: Binding[];
  /** Everything to obtain, in dependency order (the last one is the operation's own resource, if any). */
  order: Obtain[];
  /** Why the operation cannot be asked: the first prerequisite the suite cannot obtain. */
  notTested?: string;
  /**
   * The path parameter a PUT that makes its own member is sent with (`tag` of `…/tags/{tag}`): a
   * name of the suite's own, since the request itself creates the member.
   */
  ownName?: string;
}

export interface PlanOptions {
  /** Read-only mode: only list and show, over what the target already has. */
  readOnly: boolean;
  /** Ids named in the configuration, by resource name (`server` → `0b7c…`). */
  existing: Readonly<Record<string, string>>;
}

/** The setting that names an existing resource: `server` → `OS_SERVER_ID`. */
export function settingName(resource: string): string {
  return `OS_${resource.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_ID`;
}

/** Its clouds.yaml key: `server` → `server_id`. */
export function cloudsKey(resource: string): string {
  return `${resource.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_id`;
}

const keyOf = (service: Service, name: string) => `${service}/${name}`;

export class Planner {
  readonly model: ResourceModel;
  private readonly ops: Map<string, Operation>;
  private readonly provisions: { decision: Decision; provision: Provision }[];

  constructor(
    catalog: Pick<Catalog, 'operations' | 'decisions'>,
    private readonly options: PlanOptions,
  ) {
    this.model = resourceModel(catalog);
    this.ops = new Map(catalog.operations.map((o) => [o.id, o]));
    this.provisions = catalog.decisions.flatMap((decision) =>
      (decision.provide ?? []).map((provision) => ({ decision, provision })),
    );
  }

  resource(service: Service, name: string): Resource | undefined {
    return this.model.resources.find((r) => r.service === service && r.name === name);
  }

  /**
   * How one instance of a resource is obtained, before its own needs. A configured id serves every
   * need but one: with `removed`, the instance a delete removes, it is the suite's own where a page
   * creates one (the configured resource is the user's and stays).
   */
  source(service: Service, name: string, removed = false): ValueSource {
    const configured = this.options.existing[name];
    if (configured && !(removed && this.resource(service, name)?.operations.create?.[0])) {
      return { kind: 'setting', setting: settingName(name), value: configured };
    }
    const r = this.resource(service, name);
    const list = r?.operations.list?.[0];
    const provided = this.provisions.find((p) => p.provision.resource === name && p.provision.service === service);
    const unnamed = `name an existing one with ${settingName(name)} (clouds.yaml: ${cloudsKey(name)})`;
    if (this.options.readOnly) {
      if (list) return { kind: 'listed', operation: list };
      return { kind: 'unavailable', reason: `read-only mode: no page lists a ${name} to use; ${unnamed}` };
    }
    const create = r?.operations.create?.[0];
    if (create) return { kind: 'created', operation: create };
    // A member whose id is a word of the suite's own and whose PUT makes it (`tags/{tag}`). A member
    // named by an id (`{volume_id}`) is not: the service assigns ids, and a PUT there updates one.
    const upsert = r?.operations.update?.find(
      (id) => this.ops.get(id)!.method === 'PUT' && this.ops.get(id)!.path.endsWith(`{${r.idParams.at(-1)}}`),
    );
    if (
      r &&
      upsert &&
      r.idParams.length > 0 &&
      !/(?:^|_)u?u?id$/i.test(r.idParams.at(-1)!) &&
      !this.model.references.some((x) => x.resource === name && x.in !== 'path')
    ) {
      return { kind: 'upserted', operation: upsert };
    }
    if (provided?.provision.create)
      return {
        kind: 'provided',
        decision: provided.decision.id,
        create: provided.provision.create,
        anyValueIfNotServed: !!provided.provision.anyValue,
      };
    if (provided?.provision.anyValue) return { kind: 'any-value', decision: provided.decision.id };
    if (list) return { kind: 'listed', operation: list };
    return { kind: 'unavailable', reason: `no page creates or lists a ${name}; ${unnamed}` };
  }

  /** What obtaining a resource needs first: its parent, and the required references its create sends. */
  private needs(service: Service, name: string, source: ValueSource): Reference[] {
    const r = this.resource(service, name);
    const parentParams = r?.parent ? this.parentReferences(service, r) : [];
    if (source.kind === 'created' || source.kind === 'upserted') {
      return [...parentParams, ...this.sent(source.operation).filter((x) => x.in !== 'path')];
    }
    if (source.kind === 'listed') return parentParams;
    return [];
  }

  private parentReferences(service: Service, r: Resource): Reference[] {
    const op = [...Object.values(r.operations)].flat()[0];
    return op
      ? this.sent(op).filter(
          (x) => x.in === 'path' && x.resource !== r.name && x.resource !== 'project' && x.service === service,
        )
      : [];
  }

  /** References an operation sends: every path parameter, required request fields and body references. */
  sent(operation: string): Reference[] {
    return this.model.references.filter(
      (x) => x.operation === operation && (x.in === 'path' || (x.in === 'body' && x.required)),
    );
  }

  /** How one resource is obtained and what it needs first. */
  obtainOf(service: Service, name: string, removed = false): Obtain {
    const source = this.source(service, name, removed);
    const needs = this.needs(service, name, source).filter((x) => x.resource !== 'project');
    return {
      key: keyOf(service, name),
      service,
      resource: name,
      source,
      needs: [...new Set(needs.map((n) => keyOf(n.service, n.resource)))],
    };
  }

  /** Dependency order of everything `refs` need, each resource once. */
  private order(refs: Reference[], removed?: string): { order: Obtain[]; missing?: string } {
    const order: Obtain[] = [];
    const seen = new Set<string>();
    let missing: string | undefined;
    const visit = (service: Service, name: string, path: string[]) => {
      const key = keyOf(service, name);
      if (seen.has(key) || path.includes(key)) return;
      const obtain = this.obtainOf(service, name, key === removed);
      if (obtain.source.kind === 'unavailable') missing ??= obtain.source.reason;
      for (const need of obtain.needs) {
        const [s, n] = need.split('/') as [Service, string];
        visit(s, n, [...path, key]);
      }
      seen.add(key);
      order.push(obtain);
    };
    for (const ref of refs) if (ref.resource !== 'project') visit(ref.service, ref.resource, []);
    return { order, ...(missing ? { missing } : {}) };
  }

  /** An operation's plan, made once per planner (plans are read, never changed). */
  plan(operation: string): RequestPlan {
    let plan = this.made.get(operation);
    if (!plan) this.made.set(operation, (plan = this.makePlan(operation)));
    return plan;
  }

  private readonly made = new Map<string, RequestPlan>();

  private makePlan(operation: string): RequestPlan {
    const op = this.ops.get(operation);
    const place = this.model.places.get(operation);
    if (!op || !place) throw new Error(`no operation ${operation} in the catalog`);
    const refs = this.sent(operation);
    const writes = op.method !== 'GET' && op.method !== 'HEAD';
    const bindings: Binding[] = refs.map((x) => ({
      name: x.name,
      in: x.in,
      from: x.resource === 'project' ? 'project' : keyOf(x.service, x.resource),
      field: /_name$/.test(x.name) ? 'name' : 'id',
    }));
    // A create makes its own resource, and so does the PUT that makes a member under a name of the
    // suite's own (`…/tags/{tag}`); every other operation on a member needs one.
    const source = place.resource && place.role === 'update' ? this.source(op.service, place.resource) : undefined;
    const upserts = source?.kind === 'upserted' && source.operation === operation;
    const makesOwn = place.role === 'create' || upserts;
    const ownRefs = makesOwn ? refs.filter((x) => !(x.in === 'path' && x.resource === place.resource)) : refs;
    const ownName = upserts ? this.resource(op.service, place.resource!)?.idParams.at(-1) : undefined;
    const removed = place.role === 'delete' && place.resource ? keyOf(op.service, place.resource) : undefined;
    const { order, missing } = this.order(ownRefs, removed);
    const own = place.resource
      ? this.ownChain(op.service, place.resource, order, makesOwn ? operation : undefined)
      : [];
    const plan: RequestPlan = {
      operation,
      role: place.role,
      ...(place.resource ? { resource: place.resource } : {}),
      writes,
      // A delete and an action act on an instance of their own; so does a write beneath a parent the
      // suite makes, and a create naming an instance it may change (a transfer's volume).
      ownInstance:
        place.role === 'delete' ||
        place.role === 'action' ||
        (writes &&
          own.some(
            (k) =>
              k !== keyOf(op.service, place.resource!) &&
              (makesOwn || this.parents(op.service, place.resource!).includes(k)),
          )),
      own,
      bindings,
      order,
      ...(ownName ? { ownName } : {}),
    };
    if (this.options.readOnly && writes) plan.notTested = `read-only mode: ${op.method} ${op.path} changes the target`;
    else if (missing) plan.notTested = missing;
    return plan;
  }

  /**
   * The resource and those of its parents that can be an operation's own: from the topmost parent
   * down, each from the first one the suite makes (created, provided) on, whether made or listed
   * beneath it. A parent only listed or configured, with none made above it, is the same instance
   * for everyone: shared. Besides its parents, what the create of an instance of the chain names in
   * its body and makes with the catalog's own create is of the chain too: the create may change it
   * (a transfer leaves its volume awaiting it), so a transfer of the suite's own is of a volume of its
   * own. What a decision provides (a software config) stays one shared instance. Only keys of
   * `order` (and the resource's own key) are given. `create` is the operation when it makes the
   * resource itself.
   */
  private ownChain(service: Service, name: string, order: Obtain[], create?: string): string[] {
    const leaf = keyOf(service, name);
    const chain = [...this.parents(service, name)].reverse();
    const byKey = new Map(order.map((o) => [o.key, o]));
    const own: string[] = [];
    let made = false;
    for (const key of chain) {
      const o = byKey.get(key);
      if (o && (o.source.kind === 'created' || o.source.kind === 'provided')) made = true;
      if (made && o) own.push(key);
    }
    const makers = [...own, leaf].map((key) => {
      const s = byKey.get(key)?.source;
      return key === leaf && create !== undefined ? create : s?.kind === 'created' ? s.operation : undefined;
    });
    const named = new Set<string>();
    for (const maker of makers) {
      if (maker === undefined) continue;
      for (const x of this.sent(maker)) {
        const o = x.in === 'body' && x.resource !== 'project' ? byKey.get(keyOf(x.service, x.resource)) : undefined;
        if (o?.source.kind === 'created' && !own.includes(o.key)) named.add(o.key);
      }
    }
    return [...named, ...own, leaf];
  }

  /** The parents of a resource, nearest first, as `<service>/<name>` keys (the model's chain, read once). */
  parents(service: Service, name: string): readonly string[] {
    const key = keyOf(service, name);
    let keys = this.ancestry.get(key);
    if (!keys) {
      keys = [];
      for (
        let r = this.resource(service, this.resource(service, name)?.parent ?? ''), guard = 0;
        r && guard < 16;
        r = r.parent ? this.resource(service, r.parent) : undefined, guard++
      )
        keys.push(keyOf(service, r.name));
      this.ancestry.set(key, keys);
    }
    return keys;
  }

  private readonly ancestry = new Map<string, string[]>();

  plans(): RequestPlan[] {
    return [...this.ops.keys()].map((id) => this.plan(id));
  }
}

/** The plans of a catalog, as a reader prints them (`npm run plans`). */
export function describePlan(plan: RequestPlan): string {
  const how = (o: Obtain): string => {
    const s = o.source;
    switch (s.kind) {
      case 'project':
        return 'the session project';
      case 'created':
        return `created with ${s.operation}`;
      case 'upserted':
        return `made with ${s.operation}`;
      case 'provided':
        return `created with ${s.create.method} ${s.create.path} (decision ${s.decision})`;
      case 'listed':
        return `the first listed by ${s.operation}`;
      case 'setting':
        return `named by ${s.setting}`;
      case 'any-value':
        return `a value of the suite's own (decision ${s.decision})`;
      case 'unavailable':
        return `unavailable: ${s.reason}`;
    }
  };
  const lines = [
    `${plan.operation} (${plan.role}${plan.resource ? ` of ${plan.resource}` : ''})${plan.notTested ? ` — not tested: ${plan.notTested}` : ''}`,
  ];
  for (const o of plan.order)
    lines.push(`  ${o.key}: ${how(o)}${o.needs.length ? ` after ${o.needs.join(', ')}` : ''}`);
  for (const b of plan.bindings)
    lines.push(
      `  ${b.in} ${b.name} ← ${b.from === 'project' ? 'project id' : b.name === plan.ownName ? "a name of the suite's own (the PUT makes it)" : `${b.from}.${b.field}`}`,
    );
  return lines.join('\n');
}
