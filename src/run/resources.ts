// Everything a worker created, deleted when the worker ends, in layers: a resource goes once
// everything made after it with it (a deployment with its config, a transfer with its volume, as the
// tracker was told: CreatedResource.needs) is gone, and what was made after it with unknown needs too,
// so the order is newest first wherever nothing says otherwise. When the run's concurrency is above 1
// each delete is sent as soon as those it waits for are answered (the HTTP client keeps its bound on
// requests in flight per service), else one after another, layer by layer.
// A failed delete is reported, never thrown: the run's verdict stands.
import type { TargetClient } from '../http/client.ts';
import type { CreatedResource } from '../checks/model.ts';

const nameOf = (r: CreatedResource) => (r.key ? `${r.key} ${r.id}` : undefined);

/** Whether `later` (made after `r`) must be gone before `r`: it used `r`, or what it used is unknown. */
const needs = (later: CreatedResource, r: CreatedResource) =>
  later.needs === undefined || (nameOf(r) !== undefined && later.needs.includes(nameOf(r)!));

/** The layers of a cleanup, newest first: each is deleted once the ones before it are. */
export function cleanupLayers(created: readonly CreatedResource[]): CreatedResource[][] {
  let remaining = [...created];
  const layers: CreatedResource[][] = [];
  while (remaining.length > 0) {
    const blocked = (r: CreatedResource, i: number) => remaining.slice(i + 1).some((later) => needs(later, r));
    const layer = remaining.filter((r, i) => !blocked(r, i));
    layers.push(layer.reverse());
    remaining = remaining.filter((r) => !layer.includes(r));
  }
  return layers;
}

/** What must be gone before each resource is deleted: everything made after it that needs it. */
export function blockers(created: readonly CreatedResource[]): Map<CreatedResource, CreatedResource[]> {
  return new Map(created.map((r, i) => [r, created.slice(i + 1).filter((later) => needs(later, r))]));
}

export class ResourceTracker {
  private readonly created: CreatedResource[] = [];
  /** The layers of the last cleanup: the services (key prefix) of its deletes, for the benchmarks. */
  lastLayers: string[][] = [];

  track(resource: CreatedResource): void {
    if (!this.created.some((r) => r.deleteUrl === resource.deleteUrl)) this.created.push(resource);
  }

  get size(): number {
    return this.created.length;
  }

  /**
   * Deletes everything; returns one line per resource that could not be deleted. `together`: the
   * deletes of a layer are sent at once (the client bounds them per service); else one after another,
   * layer by layer, as a concurrency of 1 asks.
   */
  async cleanup(client: TargetClient, options: { together?: boolean } = {}): Promise<string[]> {
    const layers = cleanupLayers(this.created);
    this.lastLayers = layers.map((layer) => layer.map((r) => r.key?.split('/')[0] ?? ''));
    const send = (r: CreatedResource) => client.send({ method: 'DELETE', url: r.deleteUrl });
    const replies = new Map<CreatedResource, Awaited<ReturnType<typeof send>>>();
    if (options.together) {
      // Each delete is sent as soon as what blocks it is gone, not when its whole layer is.
      const blocks = blockers(this.created);
      const deleted = new Map<CreatedResource, Promise<void>>();
      const remove = (r: CreatedResource): Promise<void> => {
        let done = deleted.get(r);
        if (!done) {
          done = Promise.all(blocks.get(r)!.map(remove)).then(async () => {
            replies.set(r, await send(r));
          });
          deleted.set(r, done);
        }
        return done;
      };
      await Promise.all(this.created.map(remove));
    } else for (const layer of layers) for (const r of layer) replies.set(r, await send(r));
    // Reported in the layers' order, whichever answer came first.
    const problems: string[] = [];
    for (const r of layers.flat()) {
      const reply = replies.get(r)!;
      if (reply.status === undefined || (reply.status >= 300 && reply.status !== 404)) {
        problems.push(`could not delete ${r.kind} ${r.id}: ${reply.status ?? reply.error}`);
      }
    }
    this.created.length = 0;
    return problems;
  }
}
