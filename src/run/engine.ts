// The checks over a whole catalog without Playwright's runner: the worker's own state and runner
// (src/run/worker.ts: the same registry, schemas, guarded transport and runChecks), operation by
// operation and family by family, as the spec files run them. Used by the mutation matrix (dozens of
// runs in minutes) and by benchmarks.
import type { Catalog } from '../catalog/model.ts';
import { SchemaRegistry } from '../checks/ajv.ts';
import type { RequirementResult } from '../results/model.ts';
import type { TargetSession } from '../session/model.ts';
import { FAMILY_ORDER, groupRequirements } from './titles.ts';
import { checkState, runChecks } from './worker.ts';

export interface EngineRun {
  results: RequirementResult[];
  requests: number;
  cleanupProblems: string[];
}

export async function runCatalog(catalog: Catalog, schemas: object[], session: TargetSession): Promise<EngineRun> {
  const state = await checkState(catalog, new SchemaRegistry(schemas), session, { transport: 'guarded' });
  let requests = 0;
  state.client.onExchange = () => requests++;
  const results: RequirementResult[] = [];
  try {
    for (const operation of catalog.operations) {
      const groups = groupRequirements(catalog.requirements, operation.id);
      for (const family of FAMILY_ORDER) {
        const reqs = groups.get(family);
        if (!reqs) continue;
        results.push(...(await runChecks(state, operation, family, reqs, () => undefined)));
      }
    }
    const cleanupProblems = await state.resources.cleanup(state.client);
    return { results, requests, cleanupProblems };
  } finally {
    await state.transport.close();
    await state.dispose();
  }
}
