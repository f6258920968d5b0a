// Running the conformance units (an operation's families, in the order the tests take them) ahead of
// the tests that report them, a bounded number at a time, so that requests that do not depend on each
// other are in flight together while Playwright still reports one test after another.
//
// What may run together: units that only read. A unit with a check that writes (creates, updates,
// deletes, acts, or provokes a write the target should refuse) is a barrier: it starts once every
// unit before it has finished and nothing starts until it has, so each unit sees the same writes
// before it as in a sequential run. Within a unit the families run in order, as they always did. The
// bound on requests in flight per service is the HTTP client's (CONFORMANCE_CONCURRENCY); this one
// bounds units, with the same number.
import type { Family, Operation, Requirement } from '../catalog/model.ts';
import type { Reply } from '../http/client.ts';
import type { RequirementResult } from '../results/model.ts';

export interface Unit {
  operation: Operation;
  /** The families of the unit, in the order they run. */
  families: Family[];
  groups: Map<Family, Requirement[]>;
}

export interface FamilyOutcome {
  results?: RequirementResult[];
  error?: unknown;
  /** Every reply the family's checks rested on, for the test to attach. */
  touched: Reply[];
}

export type RunFamilyFn = (operation: Operation, family: Family, requirements: Requirement[], touched: (reply: Reply) => void) => Promise<RequirementResult[]>;

interface Planned {
  unit: Unit;
  writes: boolean;
  outcomes: Map<Family, { promise: Promise<FamilyOutcome>; resolve: (o: FamilyOutcome) => void }>;
}

export function unitKey(operation: Operation, family: Family): string {
  return `${operation.id}\u0000${family}`;
}

export class RunAhead {
  private readonly queue: Planned[] = [];
  private readonly byKey = new Map<string, Promise<FamilyOutcome>>();
  private readonly planned = new Set<string>();
  private running = 0;
  /** The most units that ran at once. */
  peak = 0;
  private writerRunning = false;
  private readonly idle: Array<() => void> = [];

  constructor(
    readonly lanes: number,
    private readonly runFamily: RunFamilyFn,
    private readonly writes: (unit: Unit) => boolean,
  ) {}

  /** Queues the units not planned before, in order; the first ones start at once. */
  plan(units: readonly Unit[]): void {
    for (const unit of units) {
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
      this.queue.push({ unit, writes: this.writes(unit), outcomes });
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
    if (this.queue.length === 0 && this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      if (this.writerRunning) return;
      if (next.writes ? this.running > 0 : this.running >= this.lanes) return;
      this.queue.shift();
      this.start(next);
    }
    if (this.running === 0) for (const resolve of this.idle.splice(0)) resolve();
  }

  private start(planned: Planned): void {
    this.running++;
    this.peak = Math.max(this.peak, this.running);
    if (planned.writes) this.writerRunning = true;
    void (async () => {
      for (const family of planned.unit.families) {
        const touched: Reply[] = [];
        const slot = planned.outcomes.get(family)!;
        try {
          const results = await this.runFamily(planned.unit.operation, family, planned.unit.groups.get(family)!, (reply) => touched.push(reply));
          slot.resolve({ results, touched });
        } catch (error) {
          slot.resolve({ error, touched });
        }
      }
      this.running--;
      if (planned.writes) this.writerRunning = false;
      this.pump();
    })();
  }
}
