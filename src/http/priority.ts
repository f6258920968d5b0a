// Which requests go first when a service's in-flight bound makes them wait: a request carries the
// standing of the work that sent it, through the async calls it makes. The scheduler of src/run
// gives each family, as it starts, the number of families still queued behind it (that conflict with
// it), so the work others wait for is not starved by work nothing waits for.
import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<number>();

/** Runs `fn` with requests it sends (directly or through anything it awaits) at `priority` (higher first). */
export function withPriority<T>(priority: number, fn: () => T): T {
  return current.run(priority, fn);
}

/** The priority of the work running now; 0 outside any. */
export function currentPriority(): number {
  return current.getStore() ?? 0;
}
