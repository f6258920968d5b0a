// The scheduler that runs units ahead of their tests: readers a few at a time, each writer alone at
// its place in the order, every family's outcome handed to its test once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Family, Operation, Requirement } from '../../src/catalog/model.ts';
import { RunAhead, type Unit } from '../../src/run/ahead.ts';

const op = (id: string) => ({ id }) as Operation;
const unit = (id: string, families: Family[] = ['schema']): Unit => ({
  operation: op(id),
  families,
  groups: new Map(families.map((f) => [f, [] as Requirement[]])),
});

function harness(lanes: number, writers: Set<string>, delay = (id: string) => (id.length % 3) + 1) {
  const log: string[] = [];
  let running = new Set<string>();
  const violations: string[] = [];
  const ahead = new RunAhead(
    lanes,
    async (operation, family) => {
      const id = operation.id;
      if (writers.has(id) && running.size > 0) violations.push(`${id} started beside ${[...running]}`);
      for (const other of running) if (writers.has(other)) violations.push(`${id} started beside the writer ${other}`);
      running.add(id);
      if (running.size > lanes) violations.push(`${running.size} units at once`);
      log.push(`start ${id} ${family}`);
      await new Promise((r) => setTimeout(r, delay(id)));
      running.delete(id);
      log.push(`end ${id} ${family}`);
      if (id === 'boom') throw new Error('boom');
      return [{ requirementId: `${id}-${family}` }] as never;
    },
    (u) => writers.has(u.operation.id),
  );
  return {
    ahead,
    log,
    violations,
    get running() {
      return running;
    },
    reset() {
      running = new Set();
    },
  };
}

describe('RunAhead', () => {
  it('runs readers together up to the bound and each writer alone, in order', async () => {
    const ids = ['r1', 'r2', 'r3', 'r4', 'w1', 'r5', 'r6', 'w2', 'w3', 'r7'];
    const h = harness(3, new Set(['w1', 'w2', 'w3']));
    h.ahead.plan(ids.map((id) => unit(id)));
    for (const id of ids)
      assert.deepEqual((await h.ahead.take(op(id), 'schema'))!.results, [{ requirementId: `${id}-schema` }]);
    await h.ahead.settled();
    assert.deepEqual(h.violations, []);
    assert.equal(h.ahead.peak, 3);
    const at = (what: string) => h.log.indexOf(what);
    for (const r of ['r1', 'r2', 'r3', 'r4'])
      assert.ok(at(`end ${r} schema`) < at('start w1 schema'), `${r} ends before w1 starts`);
    assert.ok(at('end w1 schema') < at('start r5 schema'));
    assert.ok(at('end w2 schema') < at('start w3 schema'));
  });

  it("schedules each family on its own: an operation's writing family waits for its reading ones; each outcome is handed once; an error is an outcome too", async () => {
    const writesOf = new Set(['a stateful']);
    const log: string[] = [];
    const ahead = new RunAhead(
      4,
      async (operation, family) => {
        log.push(`start ${operation.id} ${family}`);
        await new Promise((r) => setTimeout(r, family === 'schema' ? 5 : 1));
        log.push(`end ${operation.id} ${family}`);
        if (operation.id === 'boom') throw new Error('boom');
        return [];
      },
      (u) => u.families.some((f) => writesOf.has(`${u.operation.id} ${f}`)),
    );
    ahead.plan([unit('a', ['schema', 'headers', 'stateful']), unit('boom'), unit('a', ['schema', 'headers'])]);
    assert.ok(ahead.take(op('a'), 'schema'));
    assert.equal(ahead.take(op('a'), 'schema'), undefined, 'taken once; the planned duplicate was dropped');
    const failed = await ahead.take(op('boom'), 'schema')!;
    assert.match(String(failed.error), /boom/);
    await ahead.settled();
    assert.ok(
      log.indexOf('start a headers') < log.indexOf('end a schema'),
      'reading families of one operation run together',
    );
    assert.ok(
      log.indexOf('end a schema') < log.indexOf('start a stateful') &&
        log.indexOf('end a headers') < log.indexOf('start a stateful'),
    );
    assert.ok(log.indexOf('end a stateful') < log.indexOf('start boom schema'), 'what follows a writer waits for it');
  });

  it('a writer planned first waits for nothing and holds back what follows', async () => {
    const h = harness(4, new Set(['w']));
    h.ahead.plan([unit('w'), unit('r1'), unit('r2')]);
    await h.ahead.settled();
    assert.deepEqual(h.violations, []);
    assert.equal(h.log[0], 'start w schema');
    assert.equal(h.log[1], 'end w schema');
  });
});
