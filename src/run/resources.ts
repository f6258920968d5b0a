// Everything a worker created, deleted when the worker ends, in layers: a resource goes once
// everything made after it with it (a deployment with its config, a transfer with its volume, as the
// tracker was told: CreatedResource.needs) is gone, and what was made after it with unknown needs too,
// so the order is newest first wherever nothing says otherwise. When the run's concurrency is above 1
// each delete is sent as soon as those it waits for are answered (the HTTP client keeps its bound on
// requests in flight per service), else one after another, layer by layer. Run ahead, the deletes may
// begin while units still run: each once its service is no longer touched (deleteWhenReady).
// A failed delete is reported, never thrown: the run's verdict stands.
import type { RequestStats, TargetClient } from '../http/client.ts';
import type { CreatedResource } from '../checks/model.ts';

const nameOf = (r: CreatedResource) => (r.key ? `${r.key} ${r.id}` : undefined);

/** The service of a resource's key (`block-storage` of `block-storage/volume`); '' when no plan keyed it. */
const serviceOf = (r: CreatedResource) => r.key?.split('/')[0] ?? '';

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

type Deleted = Awaited<ReturnType<TargetClient['send']>>;

export class ResourceTracker {
  private created: CreatedResource[] = [];
  /** The layers of the last cleanup: the services (key prefix) of its deletes, for the benchmarks. */
  lastLayers: string[][] = [];
  /** What the cleanups sent, counted apart from the checks' requests (a retried delete counts as retried). */
  readonly sent: RequestStats = { sent: 0, retried: 0, retries: 0 };
  /** Set by deleteWhenReady(): each resource's delete, begun as soon as it may be sent. */
  private early?: {
    client: TargetClient;
    ready: (service: string) => Promise<void>;
    deletes: Map<CreatedResource, Promise<Deleted>>;
  };

  track(resource: CreatedResource): void {
    if (this.created.some((r) => r.deleteUrl === resource.deleteUrl)) return;
    this.created.push(resource);
    if (this.early) void this.remove(resource);
  }

  get size(): number {
    return this.created.length;
  }

  /** Whether a cleanup has sent a delete. */
  get begun(): boolean {
    return this.sent.sent > 0;
  }

  /**
   * From now on, deletes each resource tracked (so far or later) as soon as `ready` says its service
   * is no longer needed and what was made with it is gone; cleanup() then waits for those deletes.
   */
  deleteWhenReady(client: TargetClient, ready: (service: string) => Promise<void>): void {
    this.early = { client, ready, deletes: new Map() };
    for (const r of this.created) void this.remove(r);
  }

  private remove(r: CreatedResource): Promise<Deleted> {
    const early = this.early!;
    let done = early.deletes.get(r);
    if (!done) {
      done = (async () => {
        await early.ready(serviceOf(r));
        // Whatever needs it was made by a family that touched its service: tracked by now.
        const later = this.created.slice(this.created.indexOf(r) + 1).filter((l) => needs(l, r));
        await Promise.all(later.map((l) => this.remove(l)));
        return this.send(early.client, r);
      })();
      early.deletes.set(r, done);
    }
    return done;
  }

  private async send(client: TargetClient, r: CreatedResource): Promise<Deleted> {
    this.sent.sent++;
    const reply = await client.send({ method: 'DELETE', url: r.deleteUrl });
    const retries = reply.exchange.retries?.length ?? 0;
    if (retries > 0) this.sent.retried++;
    this.sent.retries += retries;
    return reply;
  }

  /**
   * Deletes everything (or waits for the deletes deleteWhenReady() began, and any tracked since);
   * returns one line per resource that could not be deleted. `together`: each delete is sent once
   * what was made with it is gone (the client bounds them per service); else one after another, layer
   * by layer, as a concurrency of 1 asks.
   */
  async cleanup(client: TargetClient, options: { together?: boolean } = {}): Promise<string[]> {
    const replies = new Map<CreatedResource, Deleted>();
    // Together: each delete sent as soon as what blocks it is gone, not when its whole layer is.
    if (!this.early && options.together) this.deleteWhenReady(client, async () => undefined);
    const early = this.early;
    if (early) {
      // Deletes begun early, and those of anything tracked meanwhile, until none is left.
      for (let seen = -1; seen !== early.deletes.size;) {
        seen = early.deletes.size;
        await Promise.all(early.deletes.values());
      }
      for (const [r, done] of early.deletes) replies.set(r, await done);
      this.early = undefined;
    }
    // Everything tracked, those tracked while the early deletes ran too.
    const layers = cleanupLayers(this.created);
    this.lastLayers = layers.map((layer) => layer.map(serviceOf));
    if (!early) for (const layer of layers) for (const r of layer) replies.set(r, await this.send(client, r));
    // Reported in the layers' order, whichever answer came first.
    const problems: string[] = [];
    for (const r of layers.flat()) {
      const reply = replies.get(r)!;
      if (reply.status === undefined || (reply.status >= 300 && reply.status !== 404)) {
        problems.push(`could not delete ${r.kind} ${r.id}: ${reply.status ?? reply.error}`);
      }
    }
    this.created = [];
    return problems;
  }
}
