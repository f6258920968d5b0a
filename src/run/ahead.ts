// Running the conformance units ahead of the tests that report them, a bounded number at a time, so
// that requests that do not depend on each other are in flight together while Playwright still
// reports one test after another. A test's unit is an operation's families; each family is scheduled
// on its own, in the order the tests take them (FAMILY_ORDER within an operation: reads first).
//
// What may run together: families that only read. A family with a check that writes (creates,
// updates, deletes, acts, or provokes a write the target should refuse) is a barrier: it starts once
// every family before it has finished and nothing starts until it has, so each family sees the same
// writes before it as in a sequential run; families that read share what they fetch (the memo of
// src/checks), whichever asks first. The bound on requests in flight per service is the HTTP
// client's (CONFORMANCE_CONCURRENCY); this one bounds families, with the same number. Services are
// scheduled apart (ServiceRunAhead): a write holds back only its own service.
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

export type RunFamilyFn = (
  operation: Operation,
  family: Family,
  requirements: Requirement[],
  touched: (reply: Reply) => void,
) => Promise<RequirementResult[]>;

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
          const results = await this.runFamily(
            planned.unit.operation,
            family,
            planned.unit.groups.get(family)!,
            (reply) => touched.push(reply),
          );
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

/**
 * One RunAhead per service: the services' resources are apart (a write to one never changes what
 * another lists), so a family that writes holds back only its own service's, and each service has
 * its own `lanes`, as the HTTP client has its own in-flight bound per service.
 */
export class ServiceRunAhead {
  private readonly services = new Map<string, RunAhead>();

  constructor(
    readonly lanes: number,
    private readonly runFamily: RunFamilyFn,
    private readonly writes: (unit: Unit) => boolean,
  ) {}

  private of(service: string): RunAhead {
    let ahead = this.services.get(service);
    if (!ahead) this.services.set(service, (ahead = new RunAhead(this.lanes, this.runFamily, this.writes)));
    return ahead;
  }

  plan(units: readonly Unit[]): void {
    const byService = new Map<string, Unit[]>();
    for (const u of units) byService.set(u.operation.service, [...(byService.get(u.operation.service) ?? []), u]);
    for (const [service, list] of byService) this.of(service).plan(list);
  }

  take(operation: Operation, family: Family): Promise<FamilyOutcome> | undefined {
    return this.services.get(operation.service)?.take(operation, family);
  }

  async settled(): Promise<void> {
    await Promise.all([...this.services.values()].map((a) => a.settled()));
  }

  /** The most families that ran at once within one service. */
  get peak(): number {
    return Math.max(1, ...[...this.services.values()].map((a) => a.peak));
  }
}
