// Which requests go first when a service's in-flight bound makes them wait: a request carries the
// priority of the work that sent it (lower first), through the async calls it makes. The scheduler of
// src/run gives each family its place in the run's order, so the work the next tests wait for, and the
// work later families are ordered behind, is not starved by work planned after it.
import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<number>();

/** Runs `fn` with requests it sends (directly or through anything it awaits) at `priority`. */
export function withPriority<T>(priority: number, fn: () => T): T {
  return current.run(priority, fn);
}

/** The priority of the work running now; undefined outside any. */
export function currentPriority(): number | undefined {
  return current.getStore();
}
