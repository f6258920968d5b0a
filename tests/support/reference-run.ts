// Runs the real checks of some families of one operation against the embedded reference target, with
// a defect or a variant switched on, over real HTTP on loopback: the regression tests of the verdicts.
import { loadCatalog, loadSchemas } from '../../src/catalog/load.ts';
import type { Family } from '../../src/catalog/model.ts';
import { SchemaRegistry } from '../../src/checks/ajv.ts';
import { checkContext, decisionIndex } from '../../src/checks/context.ts';
import { runFamily } from '../../src/checks/run-family.ts';
import { connect } from '../../src/config/connect.ts';
import { loadConfiguration } from '../../src/config/load.ts';
import { TargetClient } from '../../src/http/client.ts';
import { GuardedTransport } from '../../src/http/guard-transport.ts';
import type { RequirementResult } from '../../src/results/model.ts';
import { ResourceTracker } from '../../src/run/resources.ts';
import { startReferenceTarget, type ReferenceOptions, type RunningReferenceTarget } from '../../src/target/server.ts';
import { AuthWatch } from '../../src/checks/auth-watch.ts';
import type { TargetSession } from '../../src/session/model.ts';
import { startHostileServer, type HostileOptions } from './hostile-server.ts';

export const catalog = loadCatalog();
const registry = new SchemaRegistry(loadSchemas());
const decisions = decisionIndex(catalog);

/** Results of `families` of `operation` (in that order, sharing one memo) against the reference target. */
export async function runOnReference(
  operation: string,
  families: Family[],
  opts: ReferenceOptions = {},
  between?: (family: Family, target: RunningReferenceTarget, session: TargetSession) => Promise<void>,
): Promise<Record<string, RequirementResult>> {
  const target = await startReferenceTarget({ port: 0, ...opts });
  try {
    const session = await connect(loadConfiguration({ env: {}, dotenv: false }), {
      embedded: target.login,
    });
    return await runChecks(session, operation, families, between ? (f) => between(f, target, session) : undefined);
  } finally {
    await target.close();
  }
}

/** The same against a hostile server, configured as an admin_token cloud. */
export async function runOnHostile(
  options: HostileOptions,
  operation: string,
  families: Family[],
): Promise<Record<string, RequirementResult>> {
  const server = await startHostileServer(options);
  try {
    const env = {
      OS_AUTH_TYPE: 'admin_token',
      OS_TOKEN: options.token,
      OS_PROJECT_ID: server.projectId,
      OS_ORCHESTRATION_ENDPOINT_OVERRIDE: server.endpoints.orchestration,
      OS_IMAGE_ENDPOINT_OVERRIDE: server.endpoints.image,
      OS_BLOCK_STORAGE_ENDPOINT_OVERRIDE: server.endpoints['block-storage'],
    };
    const session = await connect(loadConfiguration({ env, dotenv: false }));
    return await runChecks(session, operation, families);
  } finally {
    await server.close();
  }
}

/** What runChecks saw of authentication: why the run would be incomplete, if it would. */
export const lastRun: { lost?: string } = {};

/** Runs the families in order through a watched client; `between(family)` runs before each family but the first. */
export async function runChecks(
  session: TargetSession,
  operation: string,
  families: Family[],
  between?: (family: Family) => Promise<void>,
): Promise<Record<string, RequirementResult>> {
  const client = new TargetClient(session, new GuardedTransport({ tls: session.tls }));
  const watch = new AuthWatch(session);
  client.authWatch = watch;
  delete lastRun.lost;
  const memo = new Map<string, Promise<unknown>>();
  const resources = new ResourceTracker();
  const op = catalog.operations.find((o) => o.id === operation);
  if (!op) throw new Error(`no operation ${operation}`);
  const out: Record<string, RequirementResult> = {};
  for (const [i, family] of families.entries()) {
    if (i > 0 && between) await between(family);
    const reqs = catalog.requirements.filter((r) => r.operation === operation && r.family === family);
    const ctx = checkContext({
      catalog,
      operation: op,
      session,
      client,
      schemas: registry,
      decisions,
      memo,
      track: (r) => resources.track(r),
    });
    for (const r of await runFamily(ctx, family, reqs)) out[r.requirementId.slice(operation.length + 1)] = r;
  }
  await resources.cleanup(client);
  if (watch.lost) lastRun.lost = watch.lost;
  return out;
}

/** `verdict level` of every requirement that does not pass. */
export function departing(results: Record<string, RequirementResult>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(results)
      .filter(([, r]) => r.verdict !== 'pass')
      .map(([id, r]) => [id, `${r.verdict} ${r.level}`]),
  );
}
