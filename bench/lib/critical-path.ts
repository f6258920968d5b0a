// The longest chain of requests that depend on each other, read from a sequential run of the whole
// catalog (src/run/engine.ts) that counts the requests of each family of checks on each operation (a
// unit here). A unit is a chain: its checks await each answer before the next request, and the
// prerequisites it is first to need are created inside it, in dependency order. Units do not wait on
// each other's answers (shared responses and prerequisites are memoised, so whichever unit asks first
// makes them), so the longest chain is the largest unit, plus the cleanup at the end (deletes newest
// first, one after another). `scheduled` is the same under the suite's ordering rule
// (src/run/ahead.ts): per service, readers `lanes` at a time, each unit that writes alone at its place; what that rule adds over the data dependencies
// shows as the difference between the two.
export interface UnitCount {
  operation: string;
  /** Units of different services are scheduled apart (src/run/ahead.ts ServiceRunAhead). */
  service?: string;
  requests: number;
  writes: boolean;
}

export interface CriticalPath {
  /** Requests on the longest chain: the largest unit plus the cleanup. */
  chain: number;
  largest?: UnitCount;
  cleanup: number;
  /** Requests in all (the sequential path). */
  total: number;
  /** The makespan, in requests, of the units under the ordering rule, plus the cleanup. */
  scheduled: number;
}

/** Makespan in request-times of `units` run as RunAhead runs them with `lanes`. */
export function scheduledMakespan(units: readonly UnitCount[], lanes: number): number {
  let t = 0;
  let running: { end: number; writes: boolean }[] = [];
  const queue = [...units];
  for (;;) {
    // Start what the rule allows at time t.
    while (queue.length > 0) {
      const next = queue[0]!;
      if (running.some((r) => r.writes)) break;
      if (next.writes ? running.length > 0 : running.length >= lanes) break;
      queue.shift();
      running.push({ end: t + next.requests, writes: next.writes });
    }
    if (running.length === 0) return t;
    t = Math.min(...running.map((r) => r.end));
    running = running.filter((r) => r.end > t);
  }
}

export function criticalPath(units: readonly UnitCount[], totalRequests: number, lanes: number): CriticalPath {
  const inUnits = units.reduce((a, u) => a + u.requests, 0);
  const cleanup = Math.max(0, totalRequests - inUnits);
  const largest = units.reduce<UnitCount | undefined>((a, u) => (!a || u.requests > a.requests ? u : a), undefined);
  return {
    chain: (largest?.requests ?? 0) + cleanup,
    ...(largest ? { largest } : {}),
    cleanup,
    total: totalRequests,
    scheduled:
      Math.max(
        0,
        ...[...new Set(units.map((u) => u.service))].map((s) =>
          scheduledMakespan(
            units.filter((u) => u.service === s),
            lanes,
          ),
        ),
      ) + cleanup,
  };
}
