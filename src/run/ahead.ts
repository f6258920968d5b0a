// Running the conformance units ahead of the tests that report them, a bounded number at a time, so
// that requests that do not depend on each other are in flight together while Playwright still
// reports one test after another. A test's unit is an operation's families; each family is scheduled
// on its own, in the order the tests take them (FAMILY_ORDER within an operation: reads first).
//
// What may run together is decided by footprints (src/run/footprint.ts): the resources a family
// reads and the ones it writes, each `<service>/<resource>` of the resource model, or a whole service
// (`<service>/*`) where the plans cannot say. Two families conflict iff one writes what the other
// reads or writes. A family starts once no family planned before it, still queued or running,
// conflicts with it, so every family sees the writes a sequential run shows it, and a family that
// writes waits for every earlier one that reads or writes what it writes. A write may last only until
// a shared step is done (`unless`: the memo of a shared prerequisite, a resource's lifecycle): whoever
// asks first makes it, and that is the first family in the order that may, since each of them writes
// until then; once made, the later ones only read. A running family keeps the footprint it started
// with. Families that read share what they fetch (the memo of src/checks), whichever asks first.
// Bounds: at most `lanes` families running per service (the worker sets none: a family waiting for a
// shared prerequisite sends nothing, and the HTTP client's bound per service, CONFORMANCE_CONCURRENCY,
// is what the target sees). A family's requests wait for a slot at the priority of the number of
// families queued behind it when it started (src/http/priority.ts): the work others wait for goes
// before work nothing waits for.
import type { Family, Operation, Requirement } from '../catalog/model.ts';
import type { Reply } from '../http/client.ts';
import type { RequirementResult } from '../results/model.ts';
import { withPriority } from '../http/priority.ts';

export interface Unit {
  operation: Operation;
  /** The families of the unit, in the order they run. */
  families: Family[];
  groups: Map<Family, Requirement[]>;
}

/**
 * How a family touches a key: `read`; `write` (changes it); `member` (makes, changes or deletes
 * members of a collection, each its own: conflicts with a read or a write of the collection, not with
 * another member access).
 */
export type Mode = 'read' | 'write' | 'member';

/** One thing a family touches: a collection or an instance (src/run/footprint.ts), or `<service>/*`. */
export interface Access {
  key: string;
  mode: Mode;
  /** Touched only until this shared step is done or under way (a memo key of src/checks). */
  unless?: string;
}

export interface Footprint {
  access: Access[];
}

/** What a footprint touches now, given the shared steps done: each key once, by its strongest mode. */
export interface Touch {
  reads: Set<string>;
  members: Set<string>;
  writes: Set<string>;
}

export const WHOLE = '*';
const serviceOf = (key: string) => key.slice(0, key.indexOf('/'));
const isWhole = (key: string) => key.endsWith(`/${WHOLE}`);

const services = new WeakMap<Touch, string[]>();

/** The services a touch reaches (`<service>/…` keys). */
function servicesOf(t: Touch): string[] {
  let got = services.get(t);
  if (!got) {
    const all = new Set<string>();
    for (const keys of [t.reads, t.members, t.writes]) for (const k of keys) all.add(serviceOf(k));
    services.set(t, (got = [...all]));
  }
  return got;
}

export function touchOf(footprint: Footprint, done: (memo: string) => boolean = () => false): Touch {
  const reads = new Set<string>();
  const members = new Set<string>();
  const writes = new Set<string>();
  for (const a of footprint.access) {
    if (a.unless !== undefined && done(a.unless)) continue;
    (a.mode === 'write' ? writes : a.mode === 'member' ? members : reads).add(a.key);
  }
  for (const w of writes) {
    members.delete(w);
    reads.delete(w);
  }
  // Reading a collection and changing members of it: a write of it.
  for (const m of members)
    if (reads.has(m)) {
      writes.add(m);
      members.delete(m);
      reads.delete(m);
    }
  return { reads, members, writes };
}

/** Whether `key` meets one of `keys`: the same key, or either is its service's whole. */
function meets(keys: ReadonlySet<string>, key: string, wholes: ReadonlySet<string>): boolean {
  if (keys.has(key)) return true;
  const service = serviceOf(key);
  if (wholes.has(service)) return true;
  if (isWhole(key)) for (const k of keys) if (serviceOf(k) === service) return true;
  return false;
}

class Keys {
  readonly keys = new Set<string>();
  readonly wholes = new Set<string>();
  add(key: string): void {
    this.keys.add(key);
    if (isWhole(key)) this.wholes.add(serviceOf(key));
  }
  meets(key: string): boolean {
    return meets(this.keys, key, this.wholes);
  }
}

/** Everything some families touch, to ask at once whether another conflicts with any of them. */
export class TouchSet {
  private readonly reads = new Keys();
  private readonly members = new Keys();
  private readonly writes = new Keys();

  add(t: Touch): void {
    for (const k of t.reads) this.reads.add(k);
    for (const k of t.members) this.members.add(k);
    for (const k of t.writes) this.writes.add(k);
  }

  /** Two families conflict iff one writes what the other touches, or one reads what the other changes members of. */
  conflicts(t: Touch): boolean {
    for (const k of t.writes) if (this.writes.meets(k) || this.members.meets(k) || this.reads.meets(k)) return true;
    for (const k of t.members) if (this.writes.meets(k) || this.reads.meets(k)) return true;
    for (const k of t.reads) if (this.writes.meets(k) || this.members.meets(k)) return true;
    return false;
  }
}

export function conflict(a: Touch, b: Touch): boolean {
  const set = new TouchSet();
  set.add(a);
  return set.conflicts(b);
}

export interface FamilyOutcome {
  results?: RequirementResult[];
  error?: unknown;
  /** Every reply the family's checks rested on, for the test to attach. */
  touched: Reply[];
}

export type RunFamilyFn = (
  operation: Operation,
  family: Family,
  requirements: Requirement[],
  touched: (reply: Reply) => void,
) => Promise<RequirementResult[]>;

interface Planned {
  unit: Unit;
  footprint: Footprint;
  /** What it touched when it started (a running family keeps it). */
  touch?: Touch;
  /** How many families were queued behind it when it started: its requests' priority. */
  blocks?: number;
  /** What it touches now, and the shared steps not yet done it was read with (they only ever get done). */
  now?: { touch: Touch; pending: string[] };
  outcomes: Map<Family, { promise: Promise<FamilyOutcome>; resolve: (o: FamilyOutcome) => void }>;
}

export function unitKey(operation: Operation, family: Family): string {
  return `${operation.id}\u0000${family}`;
}

/**
 * Runs planned families as their footprints allow, at most `lanes` at once per service (services are
 * bounded apart, as the HTTP client bounds requests in flight per service; a family whose footprint
 * reaches into another service still waits for what conflicts with it there).
 */
export class RunAhead {
  private readonly queue: Planned[] = [];
  private readonly byKey = new Map<string, Promise<FamilyOutcome>>();
  private readonly planned = new Set<string>();
  private readonly running = new Set<Planned>();
  private readonly runningIn = new Map<string, number>();
  private readonly peakIn = new Map<string, number>();
  private readonly idle: Array<() => void> = [];
  private readonly idleIn: Array<{ service: string; resolve: () => void }> = [];

  constructor(
    readonly lanes: number,
    private readonly runFamily: RunFamilyFn,
    private readonly footprint: (unit: Unit) => Footprint,
    /** Whether a shared step (a memo key) is done or under way: a write `unless` it is over. */
    private readonly done: (memo: string) => boolean = () => false,
  ) {}

  /** The most families that ran at once within one service. */
  get peak(): number {
    return Math.max(1, ...this.peakIn.values());
  }

  /** Queues the families of the units not planned before, in order; the first ones start at once. */
  plan(units: readonly Unit[]): void {
    const items = units.flatMap((u) =>
      u.families.map((family) => ({ operation: u.operation, families: [family], groups: u.groups })),
    );
    for (const unit of items) {
      const keys = unit.families.map((f) => unitKey(unit.operation, f));
      if (keys.some((k) => this.planned.has(k))) continue;
      const outcomes: Planned['outcomes'] = new Map();
      for (const family of unit.families) {
        let resolve!: (o: FamilyOutcome) => void;
        const promise = new Promise<FamilyOutcome>((r) => (resolve = r));
        outcomes.set(family, { promise, resolve });
        this.byKey.set(unitKey(unit.operation, family), promise);
      }
      for (const k of keys) this.planned.add(k);
      this.queue.push({ unit, footprint: this.footprint(unit), outcomes });
    }
    this.pump();
  }

  /** The outcome of a planned family, once (a second take runs it afresh); undefined when not planned. */
  take(operation: Operation, family: Family): Promise<FamilyOutcome> | undefined {
    const key = unitKey(operation, family);
    const outcome = this.byKey.get(key);
    this.byKey.delete(key);
    return outcome;
  }

  /** Resolves when nothing is queued or running. */
  settled(): Promise<void> {
    if (this.queue.length === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /**
   * Resolves when no family queued or running touches anything of `service` (a key `<service>/…`),
   * whatever service its operation is of: what the run made there is no longer needed.
   */
  settledFor(service: string): Promise<void> {
    if (!this.touching().has(service)) return Promise.resolve();
    return new Promise((resolve) => this.idleIn.push({ service, resolve }));
  }

  /** The services some family queued or running touches (the queued ones' touches given, else read). */
  private touching(queued?: readonly Touch[]): Set<string> {
    const services = new Set<string>();
    const add = (t: Touch) => {
      for (const service of servicesOf(t)) services.add(service);
    };
    for (const r of this.running) add(r.touch!);
    for (const t of queued ?? this.queue.map((q) => this.touchNow(q))) add(t);
    return services;
  }

  /** What a queued family touches now: read again only once a shared step it was read with is done. */
  private touchNow(planned: Planned): Touch {
    const now = planned.now;
    if (now && !now.pending.some((memo) => this.done(memo))) return now.touch;
    const pending = new Set<string>();
    for (const a of planned.footprint.access) if (a.unless !== undefined && !this.done(a.unless)) pending.add(a.unless);
    planned.now = { touch: touchOf(planned.footprint, this.done), pending: [...pending] };
    return planned.now.touch;
  }

  /** Starts, in order, every queued family that no earlier one (running or queued) conflicts with. */
  private pump(): void {
    const earlier = new TouchSet();
    for (const r of this.running) earlier.add(r.touch!);
    const started: Planned[] = [];
    const touches: Touch[] = [];
    for (let i = 0; i < this.queue.length; i++) {
      const next = this.queue[i]!;
      const touch = this.touchNow(next);
      const service = next.unit.operation.service;
      if ((this.runningIn.get(service) ?? 0) < this.lanes && !earlier.conflicts(touch)) {
        this.queue.splice(i--, 1);
        next.touch = touch;
        this.admit(next);
        started.push(next);
      } else touches.push(touch);
      earlier.add(touch);
    }
    for (const next of started) {
      const mine = new TouchSet();
      mine.add(next.touch!);
      next.blocks = touches.reduce((n, t) => n + (mine.conflicts(t) ? 1 : 0), 0);
      this.launch(next);
    }
    if (this.running.size === 0 && this.queue.length === 0) for (const resolve of this.idle.splice(0)) resolve();
    if (this.idleIn.length > 0) {
      const touching = this.touching(touches);
      for (const w of this.idleIn.splice(0)) {
        if (touching.has(w.service)) this.idleIn.push(w);
        else w.resolve();
      }
    }
  }

  /** Counts a family as running in its service. */
  private admit(planned: Planned): void {
    const service = planned.unit.operation.service;
    this.running.add(planned);
    const now = (this.runningIn.get(service) ?? 0) + 1;
    this.runningIn.set(service, now);
    this.peakIn.set(service, Math.max(this.peakIn.get(service) ?? 0, now));
  }

  private launch(planned: Planned): void {
    const service = planned.unit.operation.service;
    void (async () => {
      for (const family of planned.unit.families) {
        const touched: Reply[] = [];
        const slot = planned.outcomes.get(family)!;
        try {
          const results = await withPriority(planned.blocks ?? 0, () =>
            this.runFamily(planned.unit.operation, family, planned.unit.groups.get(family)!, (reply) =>
              touched.push(reply),
            ),
          );
          slot.resolve({ results, touched });
        } catch (error) {
          slot.resolve({ error, touched });
        }
      }
      this.running.delete(planned);
      this.runningIn.set(service, this.runningIn.get(service)! - 1);
      this.pump();
    })();
  }
}
