// What no schedule under the client's bound can beat, read from a sequential run of the whole catalog
// (src/run/engine.ts) that counts the requests of each family of checks on each operation (a unit
// here): the busiest service's requests over `lanes` (the client's bound per service), plus the
// cleanup at the end, its layers one after another (src/run/resources.ts), each as long as its
// largest service's share of it over `lanes`, or one delete after another where the layers are not
// known. The longest chain of requests that depend on each other is measured apart (./depth.ts).
export interface UnitCount {
  operation: string;
  /** Units of different services are bounded apart (src/run/ahead.ts RunAhead). */
  service?: string;
  requests: number;
}

export interface RequestBound {
  /** Deletes at the end. */
  cleanup: number;
  /** Request-times of the cleanup: its layers one after another, each bounded by `lanes` per service. */
  cleanupPath: number;
  /** Requests in all (the sequential path). */
  total: number;
  /** Request-times at least, at `lanes` per service: the busiest service's requests over `lanes`, plus the cleanup's path. */
  bound: number;
  /** The service of that bound and its requests. */
  busiest?: { service: string; requests: number };
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

export function requestBound(
  units: readonly UnitCount[],
  totalRequests: number,
  lanes: number,
  /** The cleanup's layers; absent: one delete after another. */
  layers?: readonly (readonly string[])[],
): RequestBound {
  const inUnits = units.reduce((a, u) => a + u.requests, 0);
  const cleanup = Math.max(0, totalRequests - inUnits);
  const tail = layers ? cleanupPath(layers, lanes) : cleanup;
  const perService = new Map<string, number>();
  for (const u of units) perService.set(u.service ?? 'all', (perService.get(u.service ?? 'all') ?? 0) + u.requests);
  const busiest = [...perService].reduce<[string, number] | undefined>(
    (a, e) => (!a || e[1] > a[1] ? e : a),
    undefined,
  );
  return {
    bound: Math.ceil((busiest?.[1] ?? 0) / lanes) + tail,
    ...(busiest ? { busiest: { service: busiest[0], requests: busiest[1] } } : {}),
    cleanup,
    cleanupPath: tail,
    total: totalRequests,
  };
}
