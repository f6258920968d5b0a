// Everything a worker created, deleted when the worker ends, in layers: a resource goes once
// everything made after it with it (a deployment with its config, a transfer with its volume, as the
// tracker was told: CreatedResource.needs) is gone, and what was made after it with unknown needs too,
// so the order is newest first wherever nothing says otherwise. The deletes of one layer are sent
// together when the run's concurrency is above 1 (the HTTP client keeps its bound on requests in
// flight per service), else one after another.
// A failed delete is reported, never thrown: the run's verdict stands.
import type { TargetClient } from '../http/client.ts';
import type { CreatedResource } from '../checks/model.ts';

/** The layers of a cleanup, newest first: each is deleted once the ones before it are. */
export function cleanupLayers(created: readonly CreatedResource[]): CreatedResource[][] {
  const name = (r: CreatedResource) => (r.key ? `${r.key} ${r.id}` : undefined);
  let remaining = [...created];
  const layers: CreatedResource[][] = [];
  while (remaining.length > 0) {
    const blocked = (r: CreatedResource, i: number) =>
      remaining
        .slice(i + 1)
        .some((later) => later.needs === undefined || (name(r) !== undefined && later.needs.includes(name(r)!)));
    const layer = remaining.filter((r, i) => !blocked(r, i));
    layers.push(layer.reverse());
    remaining = remaining.filter((r) => !layer.includes(r));
  }
  return layers;
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
    const problems: string[] = [];
    const layers = cleanupLayers(this.created);
    this.lastLayers = layers.map((layer) => layer.map((r) => r.key?.split('/')[0] ?? ''));
    for (const layer of layers) {
      const send = (r: CreatedResource) => client.send({ method: 'DELETE', url: r.deleteUrl });
      const replies: Awaited<ReturnType<typeof send>>[] = [];
      if (options.together) replies.push(...(await Promise.all(layer.map(send))));
      else for (const r of layer) replies.push(await send(r));
      layer.forEach((r, i) => {
        const reply = replies[i]!;
        if (reply.status === undefined || (reply.status >= 300 && reply.status !== 404)) {
          problems.push(`could not delete ${r.kind} ${r.id}: ${reply.status ?? reply.error}`);
        }
      });
    }
    this.created.length = 0;
    return problems;
  }
}
