// The checks over a whole catalog without Playwright's runner: the same registry, schemas and HTTP
// client (through a Playwright APIRequestContext), operation by operation and family by family, as the
// spec files run them. Used by the mutation matrix (dozens of runs in minutes) and by benchmarks.
import { request } from '@playwright/test';
import type { Catalog } from '../catalog/model.ts';
import { SchemaRegistry } from '../checks/ajv.ts';
import { checkContext, decisionIndex } from '../checks/context.ts';
import { runFamily } from '../checks/run-family.ts';
import { TargetClient } from '../http/client.ts';
import { PlaywrightTransport } from '../http/playwright-transport.ts';
import type { RequirementResult } from '../results/model.ts';
import type { TargetSession } from '../session/model.ts';
import { ResourceTracker } from './resources.ts';
import { FAMILY_ORDER, groupRequirements } from './titles.ts';

export interface EngineRun {
  results: RequirementResult[];
  requests: number;
  cleanupProblems: string[];
}

export async function runCatalog(catalog: Catalog, schemas: object[], session: TargetSession): Promise<EngineRun> {
  const context = await request.newContext({ maxRedirects: 0, ignoreHTTPSErrors: session.tls.insecure });
  const client = new TargetClient(session, new PlaywrightTransport(context, true));
  let requests = 0;
  client.onExchange = () => requests++;
  const registry = new SchemaRegistry(schemas);
  const decisions = decisionIndex(catalog);
  const memo = new Map<string, Promise<unknown>>();
  const resources = new ResourceTracker();
  const results: RequirementResult[] = [];
  try {
    for (const operation of catalog.operations) {
      const groups = groupRequirements(catalog.requirements, operation.id);
      for (const family of FAMILY_ORDER) {
        const reqs = groups.get(family);
        if (!reqs) continue;
        const ctx = checkContext({ catalog, operation, session, client, schemas: registry, decisions, memo, track: (r) => resources.track(r) });
        results.push(...(await runFamily(ctx, family, reqs)));
      }
    }
    const cleanupProblems = await resources.cleanup(client);
    return { results, requests, cleanupProblems };
  } finally {
    await context.dispose();
  }
}
