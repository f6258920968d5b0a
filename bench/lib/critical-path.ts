// The longest chain of requests that depend on each other, read from a sequential run of the whole
// catalog (src/run/engine.ts) that counts the requests of each family of checks on each operation (a
// unit here). A unit is a chain: its checks await each answer before the next request, and the
// prerequisites it is first to need are created inside it, in dependency order. Units do not wait on
// each other's answers (shared responses and prerequisites are memoised, so whichever unit asks first
// makes them), so the longest chain is the largest unit, plus the cleanup at the end: its layers one
// after another (src/run/resources.ts), each as long as its largest service's share of it over `lanes`
// (the client's bound), or one delete after another where the layers are not known. `scheduled` is the same under the suite's ordering rule
// (src/run/ahead.ts): a unit starts once no earlier unit, queued or running, conflicts with its
// footprint, at most `lanes` running per service; a shared step (memo) counts as done once the unit
// that started it in the sequential run has started. What that rule adds over the data dependencies
// shows as the difference between the two. `bound` is what no schedule under the client's bound can
// beat, whatever the dependencies: the busiest service's requests over `lanes`, plus the cleanup.
import { TouchSet, touchOf, WHOLE, type Footprint, type Touch } from '../../src/run/ahead.ts';

export interface UnitCount {
  operation: string;
  /** Units of different services are bounded apart (src/run/ahead.ts RunAhead). */
  service?: string;
  requests: number;
  writes: boolean;
  /** What it reads and writes; absent: its whole service, written if it writes. */
  footprint?: Footprint;
  /** The shared steps (memo keys) it was first to start in the sequential run. */
  started?: string[];
}

export interface CriticalPath {
  /** Requests on the longest chain: the largest unit plus the cleanup's path. */
  chain: number;
  largest?: UnitCount;
  /** Deletes at the end. */
  cleanup: number;
  /** Request-times of the cleanup: its layers one after another, each bounded by `lanes` per service. */
  cleanupPath: number;
  /** Requests in all (the sequential path). */
  total: number;
  /** The makespan, in requests, of the units under the ordering rule, plus the cleanup. */
  scheduled: number;
  /** Request-times at least, at `lanes` per service: the busiest service's requests over `lanes`, plus the cleanup's path. */
  bound: number;
  /** The service of that bound and its requests. */
  busiest?: { service: string; requests: number };
}

/** Makespan in request-times of `units` run as RunAhead runs them with `lanes` per service. */
export function scheduledMakespan(units: readonly UnitCount[], lanes: number): number {
  const done = new Set<string>();
  const footprintOf = (u: UnitCount): Footprint =>
    u.footprint ?? { access: [{ key: `${u.service ?? 'all'}/${WHOLE}`, mode: u.writes ? 'write' : 'read' }] };
  let t = 0;
  let running: { end: number; touch: Touch; service: string }[] = [];
  let queue = [...units];
  for (;;) {
    // Start, in order, what the rule allows at time t.
    const earlier = new TouchSet();
    for (const r of running) earlier.add(r.touch);
    const left: UnitCount[] = [];
    for (const next of queue) {
      const touch = touchOf(footprintOf(next), (m) => done.has(m));
      const service = next.service ?? 'all';
      if (running.filter((r) => r.service === service).length < lanes && !earlier.conflicts(touch)) {
        running.push({ end: t + next.requests, touch, service });
        for (const m of next.started ?? []) done.add(m);
      } else left.push(next);
      earlier.add(touch);
    }
    queue = left;
    if (running.length === 0) return t;
    t = Math.min(...running.map((r) => r.end));
    running = running.filter((r) => r.end > t);
  }
}

/** Request-times of a cleanup in layers (each layer: the service of each delete), `lanes` at once per service. */
export function cleanupPath(layers: readonly (readonly string[])[], lanes: number): number {
  let t = 0;
  for (const layer of layers) {
    const per = new Map<string, number>();
    for (const s of layer) per.set(s, (per.get(s) ?? 0) + 1);
    t += Math.max(0, ...[...per.values()].map((n) => Math.ceil(n / lanes)));
  }
  return t;
}

export function criticalPath(
  units: readonly UnitCount[],
  totalRequests: number,
  lanes: number,
  /** The cleanup's layers; absent: one delete after another. */
  layers?: readonly (readonly string[])[],
): CriticalPath {
  const inUnits = units.reduce((a, u) => a + u.requests, 0);
  const cleanup = Math.max(0, totalRequests - inUnits);
  const tail = layers ? cleanupPath(layers, lanes) : cleanup;
  const largest = units.reduce<UnitCount | undefined>((a, u) => (!a || u.requests > a.requests ? u : a), undefined);
  const perService = new Map<string, number>();
  for (const u of units) perService.set(u.service ?? 'all', (perService.get(u.service ?? 'all') ?? 0) + u.requests);
  const busiest = [...perService].reduce<[string, number] | undefined>(
    (a, e) => (!a || e[1] > a[1] ? e : a),
    undefined,
  );
  return {
    bound: Math.ceil((busiest?.[1] ?? 0) / lanes) + tail,
    ...(busiest ? { busiest: { service: busiest[0], requests: busiest[1] } } : {}),
    chain: (largest?.requests ?? 0) + tail,
    ...(largest ? { largest } : {}),
    cleanup,
    cleanupPath: tail,
    total: totalRequests,
    scheduled: scheduledMakespan(units, lanes) + tail,
  };
}
