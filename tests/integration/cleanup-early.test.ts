// The cleanup begins while the units planned ahead run (src/run/worker.ts cleanupWhenDone): each
// service's deletes once no unit left touches it, the rest when the last is done, while their tests may
// still be reported; it deletes what the run made, keeps the tests' request counts free of its deletes,
// and a family that was not run ahead is refused afterwards rather than run against deleted
// prerequisites.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog, loadSchemas } from '../../src/catalog/load.ts';
import { SchemaRegistry } from '../../src/checks/ajv.ts';
import { connect } from '../../src/config/connect.ts';
import { loadConfiguration } from '../../src/config/load.ts';
import { FAMILY_ORDER, groupRequirements } from '../../src/run/titles.ts';
import { checkRequests, checkState, cleanedUp, cleanupWhenDone, closeWorker } from '../../src/run/worker.ts';
import { startReferenceTarget } from '../../src/target/server.ts';

describe('the cleanup while the units run', () => {
  it('waits for the units, deletes what they made, and counts none of its deletes as the tests’', async () => {
    const catalog = loadCatalog();
    const target = await startReferenceTarget({ port: 0 });
    try {
      const session = await connect(loadConfiguration({ env: {}, dotenv: false }), { embedded: target.login });
      const state = await checkState(
        catalog,
        new SchemaRegistry(loadSchemas()),
        { ...session, limits: { ...session.limits, concurrency: 4 } },
        { transport: 'guarded' },
      );
      const ops = catalog.operations.filter((o) => ['volume-extend', 'image-tag-update', 'stack-show'].includes(o.id));
      const units = ops.map((operation) => {
        const groups = groupRequirements(catalog.requirements, operation.id);
        return { operation, groups, families: FAMILY_ORDER.filter((f) => groups.has(f)) };
      });
      state.ahead!.plan(units);
      cleanupWhenDone(state);
      assert.equal(cleanedUp(state), false, 'not while units are running');
      const outcomes = await Promise.all(
        units.flatMap((u) => u.families.map((f) => state.ahead!.take(u.operation, f)!)),
      );
      assert.ok(outcomes.every((o) => o.error === undefined && o.results!.length > 0));
      assert.ok(state.resources.size > 0, 'the units made resources');
      await state.cleanup;
      assert.equal(cleanedUp(state), true);
      assert.equal(state.resources.size, 0, 'everything made is deleted');
      assert.ok(state.resources.sent.sent > 0);
      assert.equal(checkRequests(state).sent, state.client.stats.sent - state.resources.sent.sent, 'deletes apart');
      // A family that was not run ahead is not run now: its prerequisites are gone.
      assert.equal(state.ahead!.take(ops[0]!, units[0]!.families[0]!), undefined);
      await closeWorker(state);
      assert.equal(state.resources.size, 0);
    } finally {
      await target.close();
    }
  });
});
