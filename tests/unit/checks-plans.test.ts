// Request plans carried out against a small in-memory API shaped like a Cinder volume collection (a
// 202 create that settles, list, show, update, delete) beside a deployment collection that needs a
// config no page creates: the lifecycle runs every step, prerequisites come first, cleanup runs newest
// first, and what cannot be obtained is not-tested with its reason.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Catalog, Decision, Operation } from '../../src/catalog/model.ts';
import { checkContext } from '../../src/checks/context.ts';
import { lifecycle } from '../../src/checks/lifecycle.ts';
import type { CheckContext, CreatedResource } from '../../src/checks/model.ts';
import { echoedKey, isNotTested, prepare, preparedPayload, trackMade } from '../../src/checks/plans/obtain.ts';
import { requestBody, withAnswerValues } from '../../src/checks/plans/bodies.ts';
import { asDocumentedType } from '../../src/checks/families/stateful.ts';
import { TargetClient } from '../../src/http/client.ts';
import { RouteTransport } from '../../src/http/route-transport.ts';
import { DEFAULT_LIMITS } from '../../src/session/model.ts';
import { bareOperation, field } from '../support/family-operations.ts';

const ENDPOINT = 'http://127.0.0.1:1/volume/v3/p1';
const volume = (extra: Partial<Operation>) => extra;
const VOLUMES = '/v3/{project_id}/volumes';
const OPS: Operation[] = [
  bareOperation(
    'block-storage',
    'POST',
    VOLUMES,
    volume({
      requestBody: [
        field('volume', { type: 'object' }),
        field('volume.name', { path: 'volume.name', name: 'name' }),
        field('volume.size', { path: 'volume.size', name: 'size', type: 'integer', required: true }),
      ],
      response: [field('volume', { type: 'object' })],
    }),
  ),
  bareOperation('block-storage', 'GET', VOLUMES, { response: [field('volumes', { type: 'array' })] }),
  bareOperation('block-storage', 'GET', `${VOLUMES}/{volume_id}`, { response: [field('volume', { type: 'object' })] }),
  bareOperation('block-storage', 'PUT', `${VOLUMES}/{volume_id}`, {
    requestBody: [field('volume', { type: 'object' }), field('volume.name', { path: 'volume.name', name: 'name' })],
  }),
  bareOperation('block-storage', 'DELETE', `${VOLUMES}/{volume_id}`),
  bareOperation('block-storage', 'POST', '/v3/{project_id}/os-volume-transfer', {
    requestBody: [
      field('transfer', { type: 'object' }),
      field('transfer.volume_id', { path: 'transfer.volume_id', name: 'volume_id', required: true }),
    ],
    response: [field('transfer', { type: 'object' })],
  }),
  bareOperation('block-storage', 'GET', '/v3/{project_id}/os-volume-transfer/{transfer_id}'),
  bareOperation('block-storage', 'POST', '/v3/{project_id}/backups', {
    requestBody: [
      field('config_id', {
        required: true,
        description: 'Specifies the ID of the software configuration running on a server.',
      }),
    ],
  }),
  bareOperation('block-storage', 'GET', '/v3/{project_id}/backups/{backup_id}'),
];

function api() {
  const volumes = new Map<string, { id: string; name: string; status: string; shows: number }>();
  const transfers = new Map<string, { id: string; volume_id: string }>();
  let n = 0;
  return new RouteTransport((req, url) => {
    const path = url.pathname.replace('/volume/v3/p1', '');
    const body = req.body ? (JSON.parse(req.body.toString()) as Record<string, Record<string, unknown>>) : {};
    const [, coll, id] = path.split('/');
    if (coll === 'volumes') {
      if (req.method === 'POST' && !id) {
        const v = { id: `v${++n}`, name: String(body.volume?.name), status: 'creating', shows: 0 };
        volumes.set(v.id, v);
        return { status: 202, body: { volume: { id: v.id, name: v.name, status: v.status } } };
      }
      if (req.method === 'GET' && !id)
        return { status: 200, body: { volumes: [...volumes.values()].map(({ id: i, name }) => ({ id: i, name })) } };
      const v = volumes.get(id!);
      if (!v) return { status: 404, body: { itemNotFound: { code: 404, message: 'not found' } } };
      if (req.method === 'GET') {
        if (++v.shows > 1) v.status = 'available';
        return { status: 200, body: { volume: { id: v.id, name: v.name, status: v.status } } };
      }
      if (req.method === 'PUT') {
        v.name = String(body.volume?.name);
        return { status: 200, body: { volume: { id: v.id, name: v.name, status: v.status } } };
      }
      if (req.method === 'DELETE') {
        volumes.delete(v.id);
        return { status: 202 };
      }
    }
    if (coll === 'os-volume-transfer' && req.method === 'POST') {
      const t = { id: `t${++n}`, volume_id: String(body.transfer?.volume_id) };
      if (!volumes.has(t.volume_id)) return { status: 404, body: {} };
      transfers.set(t.id, t);
      return { status: 202, body: { transfer: t } };
    }
    return { status: 404, body: {} };
  });
}

function context(
  ops: Operation[],
  decisions: Decision[] = [],
  opts: { readOnly?: boolean; existing?: Record<string, string>; transport?: RouteTransport } = {},
) {
  const transport = opts.transport ?? api();
  const tracked: CreatedResource[] = [];
  const client = new TargetClient(
    {
      endpoints: { 'block-storage': ENDPOINT },
      authHeaders: async () => ({ 'X-Auth-Token': 't' }),
      secrets: () => [],
      limits: DEFAULT_LIMITS,
    },
    transport,
  );
  const catalog = { version: 't', generatedBy: 't', operations: ops, requirements: [], decisions } satisfies Catalog;
  const memo = new Map<string, Promise<unknown>>();
  const at = (id: string): CheckContext =>
    checkContext({
      catalog,
      operation: ops.find((o) => o.id === id)!,
      session: {
        projectId: 'p1',
        embedded: false,
        endpoints: { 'block-storage': ENDPOINT },
        microversions: {},
        readOnly: opts.readOnly ?? false,
        limits: { ...DEFAULT_LIMITS, requestTimeoutMs: 1000 },
        existing: opts.existing ?? {},
      },
      client,
      schemas: undefined as never,
      decisions: new Map(decisions.map((d) => [d.id, d])),
      memo,
      track: (r) => tracked.push(r),
    });
  return { at, transport, tracked };
}

const id = (method: string, path: string) => OPS.find((o) => o.method === method && o.path === path)!.id;

describe('request plans carried out', () => {
  it('runs the whole lifecycle of a resource and waits for a 202 create to settle', async () => {
    const { at, transport } = context(OPS);
    const state = await lifecycle(at(id('GET', `${VOLUMES}/{volume_id}`)));
    assert.equal(state.notTested, undefined);
    assert.deepEqual(
      [
        state.created?.status,
        state.shown?.status,
        state.listedAfterCreate?.status,
        state.updated?.status,
        state.shownAfterUpdate?.status,
        state.deleted?.status,
        state.shownAfterDelete?.status,
        state.listedAfterDelete?.status,
      ],
      [202, 200, 200, 200, 200, 202, 404, 200],
    );
    assert.match(
      String((state.createBody.volume as Record<string, unknown>).name),
      /^cac-[0-9a-z]+-[0-9a-z]+-create-name$/,
    );
    // After the 202 the member was shown until it left `creating`.
    const shows = transport.requests.filter((r) => r.method === 'GET' && /\/volumes\/v\d+$/.test(r.url));
    assert.ok(shows.length >= 2);
  });

  it('creates prerequisites first and tracks what it made, to be deleted newest first', async () => {
    const { at, tracked } = context(OPS);
    const prepared = await prepare(at(id('GET', '/v3/{project_id}/os-volume-transfer/{transfer_id}')));
    assert.ok(!isNotTested(prepared), isNotTested(prepared) ? prepared.notTested : '');
    assert.match(prepared.url, /\/os-volume-transfer\/t\d+$/);
    // Cleanup runs newest first: the transfer before the volume it refers to.
    assert.deepEqual(
      tracked.map((r) => r.kind),
      ['volume', 'os-volume-transfer'],
    );
  });

  it('what a create the checks sent made is deleted before the instances its request used, and only them', async () => {
    const { at, tracked } = context(OPS);
    const ctx = at(id('POST', '/v3/{project_id}/os-volume-transfer'));
    const prepared = await prepare(ctx);
    assert.ok(!isNotTested(prepared), isNotTested(prepared) ? prepared.notTested : '');
    const reply = await ctx.client.send({
      method: 'POST',
      url: prepared.url,
      ...preparedPayload(ctx.operation, prepared),
    });
    trackMade(ctx, ctx.operation, reply, prepared.params, undefined, prepared);
    const volume = tracked.find((r) => r.kind === 'volume')!;
    const made = tracked.at(-1)!;
    assert.equal(made.kind, 'os-volume-transfer');
    assert.deepEqual(made.needs, [`${volume.key} ${volume.id}`]);
    // Without the plan it was sent with, what it used is unknown: deleted before anything made earlier.
    trackMade(ctx, ctx.operation, { ...reply, json: { transfer: { id: 't-unplanned' } } }, prepared.params);
    assert.equal(tracked.at(-1)!.needs, undefined);
  });

  it('a prerequisite no page creates, with no setting and no decision, is not-tested with the setting that would name it', async () => {
    const { at } = context(OPS);
    const got = await prepare(at(id('POST', '/v3/{project_id}/backups')));
    assert.ok(isNotTested(got));
    assert.match(
      got.notTested,
      /no page creates or lists a software-configuration; name an existing one with OS_SOFTWARE_CONFIGURATION_ID/,
    );
  });

  it('a configured id fills the reference', async () => {
    const { at } = context(OPS, [], { existing: { 'software-configuration': 'cfg-7' } });
    const got = await prepare(at(id('POST', '/v3/{project_id}/backups')));
    assert.ok(!isNotTested(got));
    assert.deepEqual(got.refs, { config_id: 'cfg-7' });
  });

  it('read-only mode never creates: a show without a listed or configured member is not-tested', async () => {
    const { at, transport } = context(OPS, [], { readOnly: true });
    const got = await prepare(at(id('GET', `${VOLUMES}/{volume_id}`)));
    assert.ok(isNotTested(got));
    assert.match(got.notTested, /lists no volume/);
    assert.ok(transport.requests.every((r) => r.method === 'GET'));
  });
});

describe('a required value the target defines', () => {
  it('is read from the listing whose page documents it on its items, without asking the others', async () => {
    const zoned: Operation[] = [
      bareOperation('block-storage', 'POST', VOLUMES, {
        requestBody: [
          field('volume', { type: 'object' }),
          field('volume.name', { path: 'volume.name', name: 'name' }),
          field('volume.availability_zone', {
            path: 'volume.availability_zone',
            name: 'availability_zone',
            required: true,
          }),
        ],
        response: [field('volume', { type: 'object' })],
      }),
      bareOperation('block-storage', 'GET', VOLUMES, { response: [field('volumes', { type: 'array' })] }),
      bareOperation('block-storage', 'GET', `${VOLUMES}/detail`, {
        response: [
          field('volumes', { type: 'array' }),
          field('volumes[].availability_zone', { path: 'volumes[].availability_zone', name: 'availability_zone' }),
        ],
      }),
      bareOperation('block-storage', 'GET', `${VOLUMES}/{volume_id}`, {
        response: [field('volume', { type: 'object' })],
      }),
    ];
    const sent: { method: string; path: string; body?: string }[] = [];
    const transport = new RouteTransport((req, url) => {
      const path = url.pathname.replace('/volume/v3/p1', '');
      sent.push({ method: req.method, path, ...(req.body ? { body: req.body.toString() } : {}) });
      if (req.method === 'POST') return { status: 202, body: { volume: { id: 'v9', status: 'available' } } };
      if (path === '/volumes') return { status: 200, body: { volumes: [{ id: 'v1', name: 'a' }] } };
      if (path === '/volumes/detail')
        return { status: 200, body: { volumes: [{ id: 'v1', name: 'a', availability_zone: 'zone-b' }] } };
      return { status: 200, body: { volume: { id: 'v9', status: 'available' } } };
    });
    const { at } = context(zoned, [], { transport });
    const ctx = at(zoned[3]!.id);
    const got = await prepare(ctx);
    assert.ok(!isNotTested(got), isNotTested(got) ? got.notTested : '');
    const create = sent.find((r) => r.method === 'POST')!;
    assert.equal((JSON.parse(create.body!) as { volume: Record<string, unknown> }).volume.availability_zone, 'zone-b');
    // Each listing is asked once: the probe of where it is served, whose answer the sweep of
    // leftovers (the summary) and the value read from it (the detail view) reuse.
    assert.equal(sent.filter((r) => r.method === 'GET' && r.path === '/volumes').length, 1);
    assert.equal(sent.filter((r) => r.method === 'GET' && r.path === '/volumes/detail').length, 1);
  });
});

describe('leftovers of an earlier run', () => {
  it('are swept from a collection before the first create in it, never beneath a parent this run made', async () => {
    const ops: Operation[] = [
      ...OPS.slice(0, 5),
      bareOperation('block-storage', 'POST', `${VOLUMES}/{volume_id}/metadata`, {
        requestBody: [
          field('metadata', { type: 'object', required: true }),
          field('metadata.key_val', { path: 'metadata.key_val', name: 'key_val', required: true }),
        ],
        response: [field('metadata', { type: 'object' })],
      }),
      bareOperation('block-storage', 'GET', `${VOLUMES}/{volume_id}/metadata`, {
        response: [field('metadata', { type: 'object' })],
      }),
      bareOperation('block-storage', 'GET', `${VOLUMES}/{volume_id}/metadata/{key}`, {
        response: [field('meta', { type: 'object' })],
      }),
      bareOperation('block-storage', 'DELETE', `${VOLUMES}/{volume_id}/metadata/{key}`),
    ];
    const sent: string[] = [];
    const transport = new RouteTransport((req, url) => {
      const path = url.pathname.replace('/volume/v3/p1', '');
      sent.push(`${req.method} ${path}`);
      if (req.method === 'POST' && path === '/volumes')
        return { status: 202, body: { volume: { id: 'v9', status: 'available' } } };
      if (req.method === 'POST') return { status: 200, body: JSON.parse(req.body!.toString()) as unknown };
      if (path === '/volumes') return { status: 200, body: { volumes: [] } };
      if (path.endsWith('/metadata')) return { status: 200, body: { metadata: {} } };
      return { status: 200, body: { volume: { id: 'v9', status: 'available' } } };
    });
    const { at } = context(ops, [], { transport });
    const got = await prepare(at(ops.at(-1)!.id));
    assert.ok(!isNotTested(got), isNotTested(got) ? got.notTested : '');
    // The volumes are swept (the listing the served probe fetched); the key is made in a volume of
    // the delete's own, which the run made a moment before: its metadata are not.
    assert.equal(sent.filter((r) => r === 'GET /volumes').length, 1);
    assert.ok(!sent.includes('GET /volumes/v9/metadata'), sent.join(', '));
    // A key answered 200 whose show documents no status is not shown to see it settle.
    assert.ok(!sent.some((r) => r.startsWith('GET /volumes/v9/metadata/')), sent.join(', '));
    assert.ok(sent.includes('POST /volumes/v9/metadata'));
  });
});

describe('a member shown settled', () => {
  // A show that documents a status, beside an update of the member and a create.
  const statused: Operation[] = [
    ...OPS,
    // A collection of members beneath a volume (its metadata keys).
    bareOperation('block-storage', 'PUT', `${VOLUMES}/{volume_id}/metadata/{key}`, {
      requestBody: [field('meta', { type: 'object' })],
    }),
    bareOperation('block-storage', 'DELETE', `${VOLUMES}/{volume_id}/metadata/{key}`),
  ].map((o) =>
    o.method === 'GET' && o.path === `${VOLUMES}/{volume_id}`
      ? {
          ...o,
          response: [
            field('volume', { type: 'object' }),
            field('volume.status', { path: 'volume.status', name: 'status' }),
          ],
        }
      : o,
  );
  const shows = (transport: RouteTransport, member: string) =>
    transport.requests.filter((r) => r.method === 'GET' && r.url.endsWith(`/volumes/${member}`)).length;

  it('is not shown again before a write until a write names it', async () => {
    const { at, transport } = context(statused);
    const update = at(id('PUT', `${VOLUMES}/{volume_id}`));
    const first = await prepare(update);
    assert.ok(!isNotTested(first), isNotTested(first) ? first.notTested : '');
    const member = first.params.volume_id!;
    // Made, then shown until it left `creating` (twice); the write's own look is that show.
    assert.equal(shows(transport, member), 2);
    // A write that names another member changes nothing of it.
    await update.client.send({ method: 'POST', url: `${ENDPOINT}/volumes`, json: { volume: { size: 1 } } });
    await prepare(update);
    assert.equal(shows(transport, member), 2);
    // A write that names it may have moved it on: it is shown again before the next write.
    await update.client.send({ method: 'PUT', url: first.url, json: { volume: { name: 'x' } } });
    await prepare(update);
    assert.equal(shows(transport, member), 3);
    // …and a write naming it in its body likewise (a transfer of the volume).
    await update.client.send({
      method: 'POST',
      url: `${ENDPOINT}/os-volume-transfer`,
      json: { transfer: { volume_id: member } },
    });
    await prepare(update);
    assert.equal(shows(transport, member), 4);
    // A write of a member of a collection beneath it (a metadata key) leaves its own state alone…
    await update.client.send({ method: 'PUT', url: `${first.url}/metadata/k`, json: { meta: { k: 'v' } } });
    await prepare(update);
    assert.equal(shows(transport, member), 4);
    // …but an action on it, beneath it too, may not.
    await update.client.send({ method: 'POST', url: `${first.url}/action`, json: { 'os-extend': { new_size: 2 } } });
    await prepare(update);
    assert.equal(shows(transport, member), 5);
  });
});

describe('a member of a map is the key sent (metadata)', () => {
  const cases: { name: string; sent: Record<string, unknown>; answer?: Record<string, unknown>; want?: string }[] = [
    {
      name: 'the answer echoes the key',
      sent: { key_val: 'cac-1' },
      answer: { key_val: 'cac-1', other: 'x' },
      want: 'key_val',
    },
    { name: 'the first echoed key', sent: { a: 'x', b: 'y' }, answer: { b: 'y', a: 'x' }, want: 'a' },
    { name: 'a key answered with another value is not it', sent: { a: 'x' }, answer: { a: 'z' } },
    { name: 'a key the answer lacks', sent: { a: 'x' }, answer: { b: 'x' } },
    { name: 'an answer with an id is a resource, not a map', sent: { id: 'x' }, answer: { id: 'x' } },
    { name: 'an answer with a name likewise', sent: { name: 'n' }, answer: { name: 'n' } },
    { name: 'no answer', sent: { a: 'x' } },
    { name: 'non-string values are not keys to ask by', sent: { a: 1 }, answer: { a: 1 } },
  ];
  for (const c of cases) it(c.name, () => assert.equal(echoedKey(c.sent, c.answer), c.want));
});

describe('the suite sends a documented value where only the answer lists them', () => {
  const op = bareOperation('block-storage', 'POST', VOLUMES, {
    requestBody: [
      field('volume', { type: 'object' }),
      field('volume.metadata', { path: 'volume.metadata', name: 'metadata', type: 'object' }),
      // Required, so the suite's own body sends it (optional fields are left out: bodies.ts).
      field('volume.metadata.hw:passthrough', {
        path: 'volume.metadata.hw:passthrough',
        name: 'hw:passthrough',
        required: true,
      }),
      field('volume.name', { path: 'volume.name', name: 'name' }),
      field('volume.mode', { path: 'volume.mode', name: 'mode', enum: ['a', 'b'] }),
    ],
    response: [
      field('volume.metadata.hw:passthrough', {
        path: 'volume.metadata.hw:passthrough',
        name: 'hw:passthrough',
        enum: ['true', 'false'],
      }),
      field('volume.mode', { path: 'volume.mode', name: 'mode', enum: ['x'] }),
    ],
  });
  const cases: { path: string; want: string[] | undefined }[] = [
    { path: 'volume.metadata.hw:passthrough', want: ['true', 'false'] },
    { path: 'volume.name', want: undefined },
    { path: 'volume.mode', want: ['a', 'b'] },
  ];
  for (const c of cases) {
    it(c.path, () => {
      const f = op.requestBody.find((x) => x.path === c.path)!;
      assert.deepEqual(withAnswerValues(op, f).enum, c.want);
    });
  }
  it('the body holds one of them, when it sends the field', () => {
    const body = requestBody(op, 'cac-t', 'create') as { volume: { metadata: Record<string, unknown> } };
    assert.ok(['true', 'false'].includes(body.volume.metadata['hw:passthrough'] as string));
  });
});

describe('a sent value compared as the show documents its type', () => {
  const cases: { sent: unknown; type: string | undefined; want: unknown }[] = [
    { sent: 'false', type: 'boolean', want: false },
    { sent: 'TRUE', type: 'boolean', want: true },
    { sent: 'yes', type: 'boolean', want: 'yes' },
    { sent: '12', type: 'integer', want: 12 },
    { sent: '1.5', type: 'number', want: 1.5 },
    { sent: 'cac-x', type: 'integer', want: 'cac-x' },
    { sent: 3, type: 'string', want: '3' },
    { sent: true, type: 'string', want: 'true' },
    { sent: 'false', type: 'string', want: 'false' },
    { sent: 'false', type: undefined, want: 'false' },
    { sent: { a: 1 }, type: 'object', want: { a: 1 } },
  ];
  for (const c of cases)
    it(`${JSON.stringify(c.sent)} as ${c.type}`, () => assert.deepEqual(asDocumentedType(c.sent, c.type), c.want));
});
