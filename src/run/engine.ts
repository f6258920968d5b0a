// The checks over a whole catalog without Playwright's runner: the worker's own state and runner
// (src/run/worker.ts: the same registry, schemas, guarded transport and runChecks), operation by
// operation and family by family, as the spec files run them. Used by the mutation matrix (dozens of
// runs in minutes) and by benchmarks.
import type { Catalog, Family } from '../catalog/model.ts';
import { SchemaRegistry } from '../checks/ajv.ts';
import type { RequirementResult } from '../results/model.ts';
import type { TargetSession } from '../session/model.ts';
import { FAMILY_ORDER, groupRequirements } from './titles.ts';
import type { Reply } from '../http/client.ts';
import type { Unit } from './ahead.ts';
import { checkState, deleteAhead, runAhead, runChecks } from './worker.ts';

export interface EngineRun {
  results: RequirementResult[];
  requests: number;
  cleanupProblems: string[];
  /** The layers of the cleanup (src/run/resources.ts): the service of each delete. */
  cleanupLayers: string[][];
  /** The most units (an operation's families) that ran at once: 1 in a sequential run. */
  peakUnits: number;
  /** Per family of each operation, in order: the requests it sent (only in a sequential run). */
  units: { operation: string; service: string; family: Family; requests?: number }[];
}

export interface EngineOptions {
  /**
   * Only these operations' checks run (their requirements alone get results); prerequisites their
   * request plans need are still obtained through the catalog's own operations, as in a full run.
   */
  operations?: ReadonlySet<string>;
  /**
   * Families start at once, each waiting only for the answers it shares with others (memoised
   * prerequisites and responses), with no order between them: what the benchmarks measure the run's
   * dependency depth with. Verdicts of such a run are not those of a sequential one.
   */
  unordered?: boolean;
}

export async function runCatalog(
  catalog: Catalog,
  schemas: object[] | SchemaRegistry,
  session: TargetSession,
  options: EngineOptions = {},
): Promise<EngineRun> {
  // A registry holds only compiled schemas, so runs may share one (each compiles once per process).
  const registry = schemas instanceof SchemaRegistry ? schemas : new SchemaRegistry(schemas);
  const state = await checkState(catalog, registry, session, { transport: 'guarded' });
  if (options.unordered) state.ahead = runAhead(state, () => ({ access: [] }));
  let requests = 0;
  state.client.onExchange = () => requests++;
  const results: RequirementResult[] = [];
  try {
    const selected = options.operations;
    const unknown = [...(selected ?? [])].filter((id) => !catalog.operations.some((o) => o.id === id));
    if (unknown.length) throw new Error(`no operation ${unknown.join(', ')} in the catalog`);
    const operations = selected ? catalog.operations.filter((o) => selected.has(o.id)) : catalog.operations;
    const units: Unit[] = operations.map((operation) => {
      const groups = groupRequirements(catalog.requirements, operation.id);
      return { operation, groups, families: FAMILY_ORDER.filter((f) => groups.has(f)) };
    });
    // As the spec files do: each operation's families in order, run ahead when the concurrency allows.
    state.ahead?.plan(units);
    // As the worker does when every unit is planned ahead: each service's deletes once it is done
    // (unordered, no footprint says what a family touches: everything once every unit is).
    if (!options.unordered) deleteAhead(state);
    const perUnit: EngineRun['units'] = [];
    for (const unit of units) {
      for (const family of unit.families) {
        const before = requests;
        const ahead = state.ahead?.take(unit.operation, family);
        if (ahead) {
          const outcome = await ahead;
          if (outcome.error) throw outcome.error;
          results.push(...outcome.results!);
        } else
          results.push(
            ...(await runChecks(state, unit.operation, family, unit.groups.get(family)!, (_: Reply) => undefined)),
          );
        perUnit.push({
          operation: unit.operation.id,
          service: unit.operation.service,
          family,
          ...(state.ahead ? {} : { requests: requests - before }),
        });
      }
    }
    await state.ahead?.settled();
    const cleanupProblems = await state.resources.cleanup(state.client, { together: state.ahead !== undefined });
    return {
      results,
      requests,
      cleanupProblems,
      cleanupLayers: state.resources.lastLayers,
      peakUnits: state.ahead?.peak ?? 1,
      units: perUnit,
    };
  } finally {
    await state.transport.close();
    await state.dispose();
  }
}
