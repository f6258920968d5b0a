// The cleanup at the end of a worker deletes in layers: a resource once everything made after it
// with it is gone (and what was made after it with unknown needs), the deletes of a layer together.
import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, it } from 'node:test';
import type { CreatedResource } from '../../src/checks/model.ts';
import { cleanupLayers, ResourceTracker } from '../../src/run/resources.ts';

/** `id:key<needs,…>`; no `<…>`: unknown needs. */
function made(spec: string): CreatedResource {
  const m = /^([^:]+):([^<]+)(?:<([^>]*)>)?$/.exec(spec)!;
  const needs = m[3] === undefined ? undefined : m[3] === '' ? [] : m[3].split(',');
  return {
    kind: m[2]!.split('/')[1]!,
    id: m[1]!,
    deleteUrl: `http://x/${m[1]}`,
    key: m[2]!,
    ...(needs ? { needs } : {}),
  };
}

describe('cleanup layers', () => {
  // given: what was made, in order; want: the layers, each newest first.
  const cases: { name: string; given: string[]; want: string[][] }[] = [
    {
      name: 'independent resources go together',
      given: ['v1:s/volume<>', 'c1:s/config<>', 'i1:t/image<>'],
      want: [['i1', 'c1', 'v1']],
    },
    {
      name: 'what was made with a resource goes before it',
      given: ['v1:s/volume<>', 't1:s/transfer<s/volume v1>', 'c1:s/config<>'],
      want: [['c1', 't1'], ['v1']],
    },
    {
      name: 'a chain: one layer per link',
      given: ['c1:s/config<>', 'd1:s/deployment<s/config c1>', 'm1:s/metadata<s/deployment d1>'],
      want: [['m1'], ['d1'], ['c1']],
    },
    {
      name: 'unknown needs: before everything made earlier (newest first), not before what came later',
      given: ['v1:s/volume<>', 'p1:s/volume', 'c1:s/config<>'],
      want: [['c1', 'p1'], ['v1']],
    },
    {
      name: 'a need of another instance of the same kind does not hold a resource back',
      given: ['v1:s/volume<>', 'v2:s/volume<>', 't1:s/transfer<s/volume v2>'],
      want: [['t1', 'v1'], ['v2']],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(
        cleanupLayers(c.given.map(made)).map((layer) => layer.map((r) => r.id)),
        c.want,
      );
    });
  }

  it('sends each delete once what it waits for is gone (a layer together), reporting what failed', async () => {
    const log: string[] = [];
    const slow = new Set<string>();
    let inFlight = 0;
    let most = 0;
    const server = http.createServer((req, res) => {
      inFlight++;
      most = Math.max(most, inFlight);
      log.push(`start ${req.url}`);
      setTimeout(
        () => {
          inFlight--;
          log.push(`end ${req.url}`);
          res.statusCode = req.url === '/c1' ? 409 : 204;
          res.end();
        },
        slow.has(req.url!) ? 200 : 20,
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const tracker = new ResourceTracker();
      for (const spec of ['c1:s/config<>', 'd1:s/deployment<s/config c1>', 'v1:s/volume<>'])
        tracker.track({ ...made(spec), deleteUrl: `${base}/${made(spec).id}` });
      const sent: string[] = [];
      const client = {
        send: async (spec: { method: string; url: string }) => {
          sent.push(spec.url);
          const r = await fetch(spec.url, { method: spec.method });
          return { status: r.status, exchange: {} } as never;
        },
      };
      const problems = await tracker.cleanup(client as never, { together: true });
      assert.deepEqual(problems, ['could not delete config c1: 409']);
      assert.equal(most, 2, 'the first layer (v1, d1) together');
      assert.ok(log.indexOf('end /d1') < log.indexOf('start /c1'), 'the config after the deployment made with it');
      assert.deepEqual(tracker.lastLayers, [['s', 's'], ['s']]);
      assert.equal(tracker.size, 0);
      // A delete waits for what was made with it, not for its whole layer: the config goes once the
      // deployment is gone, while the volume beside them is still being deleted.
      log.length = 0;
      slow.add('/v1');
      for (const spec of ['c1:s/config<>', 'd1:s/deployment<s/config c1>', 'v1:s/volume<>'])
        tracker.track({ ...made(spec), deleteUrl: `${base}/${made(spec).id}` });
      await tracker.cleanup(client as never, { together: true });
      assert.ok(log.indexOf('end /d1') < log.indexOf('start /c1'));
      assert.ok(log.indexOf('start /c1') < log.indexOf('end /v1'), log.join(', '));
      slow.clear();
      // Without `together` (a concurrency of 1): one after another, in the same order.
      log.length = 0;
      most = 0;
      for (const spec of ['c1:s/config<>', 'd1:s/deployment<s/config c1>', 'v1:s/volume<>'])
        tracker.track({ ...made(spec), deleteUrl: `${base}/${made(spec).id}` });
      await tracker.cleanup(client as never);
      assert.equal(most, 1);
      assert.deepEqual(
        log.filter((l) => l.startsWith('start')),
        ['start /v1', 'start /d1', 'start /c1'],
      );
    } finally {
      server.close();
    }
  });
});

describe('deleting a service’s resources while other services’ units run', () => {
  it('sends a delete once its service is ready and what was made with it is gone, and cleanup waits for all', async () => {
    const sent: string[] = [];
    const client = {
      send: async (spec: { method: string; url: string }) => {
        sent.push(spec.url.split('/').pop()!);
        return { status: spec.url.endsWith('/b1') ? 500 : 204, exchange: {} } as never;
      },
    };
    const gates = new Map<string, { promise: Promise<void>; open: () => void }>();
    for (const s of ['a', 'b']) {
      let open!: () => void;
      gates.set(s, { promise: new Promise<void>((r) => (open = r)), open });
    }
    const tick = () => new Promise((r) => setImmediate(r));
    const tracker = new ResourceTracker();
    tracker.track(made('a1:a/volume<>'));
    tracker.deleteWhenReady(client as never, (s) => gates.get(s)!.promise);
    // Tracked afterwards: an image made with the volume (another service), another volume.
    tracker.track(made('b1:b/image<a/volume a1>'));
    tracker.track(made('a2:a/volume<>'));
    await tick();
    assert.deepEqual(sent, [], 'nothing before its service is ready');
    assert.equal(tracker.begun, false);
    gates.get('a')!.open();
    await tick();
    // The volume nothing was made with goes; the one the image was made with waits for the image.
    assert.deepEqual(sent, ['a2']);
    assert.equal(tracker.begun, true);
    gates.get('b')!.open();
    const problems = await tracker.cleanup(client as never, { together: true });
    assert.deepEqual(sent, ['a2', 'b1', 'a1']);
    assert.deepEqual(problems, ['could not delete image b1: 500']);
    assert.deepEqual(tracker.sent, { sent: 3, retried: 0, retries: 0 });
    assert.equal(tracker.size, 0);
  });
});
