// Everything a worker created, deleted when the worker ends (newest first, so a deployment goes
// before the config it uses). A failed delete is reported, never thrown: the run's verdict stands.
import type { TargetClient } from '../http/client.ts';
import type { CreatedResource } from '../checks/model.ts';

export class ResourceTracker {
  private readonly created: CreatedResource[] = [];

  track(resource: CreatedResource): void {
    if (!this.created.some((r) => r.deleteUrl === resource.deleteUrl)) this.created.push(resource);
  }

  get size(): number {
    return this.created.length;
  }

  /** Deletes everything; returns one line per resource that could not be deleted. */
  async cleanup(client: TargetClient): Promise<string[]> {
    const problems: string[] = [];
    for (const r of this.created.reverse()) {
      const reply = await client.send({ method: 'DELETE', url: r.deleteUrl });
      if (reply.status === undefined || (reply.status >= 300 && reply.status !== 404)) {
        problems.push(`could not delete ${r.kind} ${r.id}: ${reply.status ?? reply.error}`);
      }
    }
    this.created.length = 0;
    return problems;
  }
}
