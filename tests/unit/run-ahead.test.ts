// The scheduler that runs units ahead of their tests: a family starts once no earlier one (queued or
// running) conflicts with its footprint, at most `lanes` per service; every family's outcome is handed
// to its test once. The footprints themselves are read from the real catalog's plans.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Family, Operation, Requirement } from '../../src/catalog/model.ts';
import { loadCatalog } from '../../src/catalog/load.ts';
import { conflict, RunAhead, touchOf, type Footprint, type Unit } from '../../src/run/ahead.ts';
import { unitFootprint } from '../../src/run/worker.ts';
import { currentPriority } from '../../src/http/priority.ts';

const op = (id: string, service = 's') => ({ id, service }) as Operation;
/** The footprint of a unit that touches its whole service, written if it is a writer: the old barrier. */
const whole = (writes: boolean): Footprint => ({ access: [{ key: 's/*', mode: writes ? 'write' : 'read' }] });
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
    (u) => whole(writers.has(u.operation.id)),
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

describe('RunAhead with whole-service footprints (an unknown footprint: the old barrier)', () => {
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
      (u) => whole(u.families.some((f) => writesOf.has(`${u.operation.id} ${f}`))),
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

/** `w:s/a r:s/b m:s/c w:s/d?m`: written, read or member keys; `?m` touched only until the memo m is done. */
function fp(spec: string): Footprint {
  return {
    access: spec
      .split(' ')
      .filter(Boolean)
      .map((part) => {
        const [how, rest] = part.split(':') as [string, string];
        const [key, unless] = rest.split('?') as [string, string | undefined];
        const mode = how === 'w' ? 'write' : how === 'm' ? 'member' : 'read';
        return { key, mode, ...(unless ? { unless } : {}) } as const;
      }),
  };
}

describe('admission: a family starts once no earlier family, queued or running, conflicts with it', () => {
  // given: the families in their order (id, service, footprint), lanes per service, memos done;
  // want: the ones that start at once.
  const cases: {
    name: string;
    lanes?: number;
    done?: string[];
    given: [string, string, string][];
    want: string[];
  }[] = [
    {
      name: 'a writer then a reader of the same collection: serialised',
      given: [
        ['w', 's', 'w:s/volume'],
        ['r', 's', 'r:s/volume'],
      ],
      want: ['w'],
    },
    {
      name: 'a reader then a writer of the same collection: serialised',
      given: [
        ['r', 's', 'r:s/volume'],
        ['w', 's', 'w:s/volume'],
      ],
      want: ['r'],
    },
    {
      name: 'a writer of one collection and a reader of another: together',
      given: [
        ['w', 's', 'w:s/config'],
        ['r', 's', 'r:s/volume'],
      ],
      want: ['w', 'r'],
    },
    {
      name: 'two writers of different collections: together',
      given: [
        ['w1', 's', 'w:s/config'],
        ['w2', 's', 'w:s/volume r:s/type'],
      ],
      want: ['w1', 'w2'],
    },
    {
      name: 'a write beneath a parent meets a reader of the parent (the footprint carries the parent)',
      given: [
        ['meta', 's', 'w:s/volume-metadata w:s/volume'],
        ['list', 's', 'r:s/volume'],
      ],
      want: ['meta'],
    },
    {
      name: 'readers of the same collection: together up to the bound',
      lanes: 2,
      given: [
        ['r1', 's', 'r:s/volume'],
        ['r2', 's', 'r:s/volume'],
        ['r3', 's', 'r:s/volume'],
      ],
      want: ['r1', 'r2'],
    },
    {
      name: 'the bound is per service',
      lanes: 1,
      given: [
        ['a', 's', 'r:s/volume'],
        ['b', 't', 'r:t/image'],
      ],
      want: ['a', 'b'],
    },
    {
      name: 'an unknown footprint (the whole service) waits for a writer and holds back a later one',
      given: [
        ['w', 's', 'w:s/volume'],
        ['all', 's', 'r:s/*'],
        ['other', 't', 'w:t/image'],
      ],
      want: ['w', 'other'],
    },
    {
      name: 'a whole-service writer holds back every later family of its service',
      given: [
        ['all', 's', 'w:s/*'],
        ['r', 's', 'r:s/type'],
        ['other', 't', 'r:t/image'],
      ],
      want: ['all', 'other'],
    },
    {
      name: 'an earlier family still queued (its service full) holds back a later conflicting one of another service',
      lanes: 1,
      given: [
        ['r', 's', 'r:s/volume'],
        ['w', 's', 'w:t/image'],
        ['r2', 't', 'r:t/image'],
      ],
      want: ['r'],
    },
    {
      name: 'a write until a shared step is done: a writer while the step is to do',
      given: [
        ['show', 's', 'r:s/volume#shared m:s/volume?obtain-volume'],
        ['list', 's', 'r:s/volume'],
      ],
      want: ['show'],
    },
    {
      name: 'a write until a shared step is done: a reader once it is',
      done: ['obtain-volume'],
      given: [
        ['show', 's', 'r:s/volume#shared m:s/volume?obtain-volume'],
        ['list', 's', 'r:s/volume'],
      ],
      want: ['show', 'list'],
    },
    {
      name: 'families making members of their own run together; a list waits for them and holds back later ones',
      given: [
        ['create', 's', 'm:s/volume'],
        ['extend', 's', 'w:s/volume#own-extend m:s/volume'],
        ['show', 's', 'r:s/volume#shared'],
        ['list', 's', 'r:s/volume'],
        ['delete', 's', 'w:s/volume#own-delete m:s/volume'],
      ],
      want: ['create', 'extend', 'show'],
    },
    {
      name: 'a write of the shared instance waits for its earlier reader, not for members made beside it',
      given: [
        ['show', 's', 'r:s/volume#shared'],
        ['create', 's', 'm:s/volume'],
        ['update', 's', 'w:s/volume#shared m:s/volume'],
      ],
      want: ['show', 'create'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const started: string[] = [];
      const byId = new Map(c.given.map(([id, , spec]) => [id, fp(spec)]));
      const done = new Set(c.done ?? []);
      const ahead = new RunAhead(
        c.lanes ?? 4,
        async (operation) => {
          started.push(operation.id);
          await new Promise(() => undefined); // never ends: only what starts at once is looked at
          return [];
        },
        (u) => byId.get(u.operation.id)!,
        (m) => done.has(m),
      );
      ahead.plan(c.given.map(([id, service]) => ({ ...unit(id), operation: op(id, service) })));
      assert.deepEqual(started, c.want);
    });
  }

  it('conflict is symmetric and needs a write', () => {
    const t = (spec: string) => touchOf(fp(spec));
    assert.equal(conflict(t('r:s/a'), t('r:s/a')), false);
    assert.equal(conflict(t('w:s/a'), t('r:s/a')), true);
    assert.equal(conflict(t('r:s/a'), t('w:s/a')), true);
    assert.equal(conflict(t('r:s/*'), t('w:s/b')), true);
    assert.equal(conflict(t('w:s/b'), t('r:s/*')), true);
    assert.equal(conflict(t('w:s/*'), t('r:t/b')), false);
    // Members made or changed by two families, each its own: no conflict; a list of them: one.
    assert.equal(conflict(t('m:s/a'), t('m:s/a')), false);
    assert.equal(conflict(t('m:s/a'), t('r:s/a')), true);
    assert.equal(conflict(t('r:s/a'), t('m:s/a')), true);
    assert.equal(conflict(t('m:s/a'), t('w:s/a')), true);
    assert.equal(conflict(t('m:s/a'), t('r:s/*')), true);
    // An instance and its collection are apart: a show does not see members made beside it.
    assert.equal(conflict(t('m:s/a'), t('r:s/a#shared')), false);
    // Reading what one changes members of is a write of it.
    assert.deepEqual([...t('r:s/a m:s/a').writes], ['s/a']);
  });

  it('keeps the order of conflicting families and overlaps the others, as they end', async () => {
    const log: string[] = [];
    const specs: [string, string][] = [
      ['list', 'r:s/volume'],
      ['create', 'w:s/volume'],
      ['config', 'w:s/config'],
      ['show', 'r:s/volume'],
      ['config-show', 'r:s/config'],
    ];
    const byId = new Map(specs.map(([id, spec]) => [id, fp(spec)]));
    const ahead = new RunAhead(
      4,
      async (operation) => {
        log.push(`start ${operation.id}`);
        await new Promise((r) => setTimeout(r, operation.id === 'config' ? 1 : 5));
        log.push(`end ${operation.id}`);
        return [];
      },
      (u) => byId.get(u.operation.id)!,
    );
    ahead.plan(specs.map(([id]) => unit(id)));
    await ahead.settled();
    const at = (what: string) => log.indexOf(what);
    assert.ok(at('end list') < at('start create'), 'the writer waits for the earlier reader');
    assert.ok(at('end create') < at('start show'), 'the later reader waits for the writer');
    assert.ok(at('start config') < at('end list'), 'a writer of another collection overlaps');
    assert.ok(at('end config') < at('start config-show'));
    assert.ok(at('start config-show') < at('end create'), 'its reader does not wait for the unrelated writer');
  });

  it("says when no family left touches a service, whatever service the family's operation is of", async () => {
    const log: string[] = [];
    const gates = new Map<string, () => void>();
    const specs: [string, string][] = [
      ['volume-walk', 'r:s/volume'],
      ['image-show', 'r:t/image'],
      // An operation of service s whose prerequisite is of service t.
      ['volume-from-image', 'm:s/volume r:t/image#shared'],
    ];
    const byId = new Map(specs.map(([id, spec]) => [id, fp(spec)]));
    const ahead = new RunAhead(
      Number.POSITIVE_INFINITY,
      async (operation) => {
        await new Promise<void>((r) => gates.set(operation.id, r));
        return [];
      },
      (u) => byId.get(u.operation.id)!,
    );
    ahead.plan(specs.map(([id]) => unit(id)));
    void ahead.settledFor('t').then(() => log.push('t'));
    void ahead.settledFor('s').then(() => log.push('s'));
    const tick = () => new Promise((r) => setImmediate(r));
    await tick();
    gates.get('image-show')!();
    await tick();
    assert.deepEqual(log, [], 'the queued volume-from-image still reads an image');
    gates.get('volume-walk')!();
    await tick();
    gates.get('volume-from-image')!();
    await tick();
    assert.deepEqual(log, ['t', 's']);
    assert.equal(
      await Promise.race([ahead.settledFor('u').then(() => 'at once'), tick().then(() => 'later')]),
      'at once',
    );
  });

  it('runs a family at the priority of the families queued behind it: what others wait for goes first', async () => {
    const priorities = new Map<string, number>();
    const specs: [string, string][] = [
      ['backup-walk', 'r:s/backup'],
      ['lifecycle', 'w:s/volume'],
      ['list', 'r:s/volume'],
      ['metadata', 'm:s/volume'],
      ['show', 'r:s/volume'],
    ];
    const byId = new Map(specs.map(([id, spec]) => [id, fp(spec)]));
    const ahead = new RunAhead(
      Number.POSITIVE_INFINITY,
      async (operation) => {
        priorities.set(operation.id, currentPriority());
        await new Promise((r) => setTimeout(r, 1));
        return [];
      },
      (u) => byId.get(u.operation.id)!,
    );
    ahead.plan(specs.map(([id]) => unit(id)));
    await ahead.settled();
    // The lifecycle holds back the three families of its collection; nothing waits for the walk.
    assert.equal(priorities.get('lifecycle'), 3);
    assert.equal(priorities.get('backup-walk'), 0);
    // The list, once it starts, holds back the member writer (which holds back the show).
    assert.equal(priorities.get('list'), 1);
    assert.equal(priorities.get('show'), 0);
  });
});

describe('footprints from the catalog and the request plans', () => {
  const catalog = loadCatalog();
  const footprint = unitFootprint(catalog, { readOnly: false, existing: {} });
  const family = (id: string, f: 'schema' | 'stateful' | 'headers') => {
    const operation = catalog.operations.find((o) => o.id === id)!;
    const groups = new Map([[f, catalog.requirements.filter((r) => r.operation === id && r.family === f)]]);
    return footprint({ operation, families: [f], groups } as Unit);
  };
  // given: an operation's family, whether its shared steps are done; want: keys written, changed as
  // members and read.
  const cases: {
    id: string;
    f: 'schema' | 'stateful' | 'headers';
    done: boolean;
    writes: string[];
    members?: string[];
    reads: string[];
  }[] = [
    { id: 'volume-list', f: 'schema', done: true, writes: [], reads: ['block-storage/volume'] },
    // Until its lifecycle and stored replies are done (or under way), a list may make them: it reads
    // the collection it changes members of, a write of it.
    {
      id: 'volume-list',
      f: 'schema',
      done: false,
      writes: ['block-storage/volume', 'block-storage/volume#lifecycle block-storage/volume'],
      reads: [],
    },
    // A show reads the shared instance, not the collection: volumes made by others do not matter to it.
    { id: 'volume-show', f: 'schema', done: true, writes: [], reads: ['block-storage/volume#shared'] },
    // A read that names no member (a summary of the volumes) reads the collection.
    { id: 'volume-list-summary', f: 'schema', done: true, writes: [], reads: ['block-storage/volume'] },
    // A create makes a member; an action acts on a volume of its own.
    { id: 'volume-create', f: 'headers', done: true, writes: [], members: ['block-storage/volume'], reads: [] },
    {
      id: 'volume-extend',
      f: 'headers',
      done: true,
      writes: ['block-storage/volume#own volume-extend'],
      members: ['block-storage/volume'],
      reads: [],
    },
    // A metadata key written lives in a volume of the operation's own, not in the shared one; the
    // stateful family writes a key of its own beneath a volume of its own.
    {
      id: 'volume-metadata-key-update',
      f: 'stateful',
      done: true,
      writes: [
        'block-storage/volume#own volume-metadata-key-update',
        'block-storage/volume#write-shown volume-metadata-key-update',
        'block-storage/volume-metadata#own volume-metadata-key-update',
        'block-storage/volume-metadata#write-shown volume-metadata-key-update',
      ],
      // The metadata of those volumes, not of the shared one a list of metadata reads.
      members: [
        'block-storage/volume',
        'block-storage/volume-metadata@block-storage/volume#own volume-metadata-key-update',
        'block-storage/volume-metadata@block-storage/volume#write-shown volume-metadata-key-update',
      ],
      reads: [],
    },
    // The stateful family makes a deployment of its own, and the create names a server and a
    // configuration: a write may change what it names (a server's deployment metadata).
    {
      id: 'software-deployment-update',
      f: 'stateful',
      done: true,
      writes: [
        'orchestration/server#shared',
        'orchestration/software-configuration#shared',
        'orchestration/software-deployment#shared',
        'orchestration/software-deployment#write-shown software-deployment-update',
      ],
      members: ['orchestration/server', 'orchestration/software-configuration', 'orchestration/software-deployment'],
      reads: [],
    },
    // Accepting a transfer of its own, of a volume of its own: the transfer's create names the volume,
    // which awaits it, so the shared volume is not touched.
    {
      id: 'volume-transfer-accept',
      f: 'headers',
      done: true,
      writes: [
        'block-storage/os-volume-transfer#own volume-transfer-accept',
        'block-storage/volume#own volume-transfer-accept',
      ],
      members: ['block-storage/os-volume-transfer', 'block-storage/volume'],
      reads: [],
    },
    { id: 'stack-list', f: 'schema', done: true, writes: [], reads: ['orchestration/stack'] },
    // A list beneath a parent reads the members of the shared parent's.
    {
      id: 'volume-metadata-show',
      f: 'schema',
      done: true,
      writes: [],
      reads: ['block-storage/volume#shared', 'block-storage/volume-metadata@block-storage/volume#shared'],
    },
    { id: 'type-list', f: 'schema', done: false, writes: [], reads: ['block-storage/type'] },
  ];
  for (const c of cases) {
    it(`${c.id} › ${c.f}${c.done ? '' : ', shared steps to do'}`, () => {
      const t = touchOf(family(c.id, c.f), () => c.done);
      assert.deepEqual([...t.writes].sort(), c.writes);
      assert.deepEqual([...t.members].sort(), c.members ?? []);
      assert.deepEqual([...t.reads].sort(), c.reads);
    });
  }
});
