// Heat software deployments on the reference target: one table per operation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeClient } from '../support/target-client.ts';

const VALID = {
  config_id: '8da95794-2ad9-4979-8ae5-739ce314c5cd',
  server_id: 'ec14c864-096e-4e27-bb8a-2c2b4dc6f3f5',
  action: 'CREATE',
  status: 'IN_PROGRESS',
  status_reason: 'Deploy data available',
};
const Z_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

async function setup() {
  const k = makeClient();
  const token = await k.token();
  return { k, token };
}

test('create answers as Heat', async (t) => {
  const { k, token } = await setup();
  const cases: {
    name: string;
    body?: unknown;
    raw?: string;
    contentType?: string;
    status: number;
    type?: string;
    message?: RegExp;
  }[] = [
    { name: 'documented fields', body: VALID, status: 200 },
    { name: 'mandatory fields only', body: { config_id: VALID.config_id, server_id: VALID.server_id }, status: 200 },
    {
      name: 'unknown keys ignored',
      body: { ...VALID, colour: 'blue', stack_user_project_id: 'c024bfada67845ddb17d2b0c0be8cd79' },
      status: 200,
    },
    { name: 'input_values object', body: { ...VALID, input_values: { a: 1 } }, status: 200 },
    {
      name: 'missing config_id',
      body: { server_id: VALID.server_id },
      status: 400,
      type: 'Invalid',
      message: /config_id/,
    },
    {
      name: 'missing server_id',
      body: { config_id: VALID.config_id },
      status: 400,
      type: 'Invalid',
      message: /server_id/,
    },
    { name: 'null server_id', body: { ...VALID, server_id: null }, status: 400, type: 'Invalid' },
    {
      name: 'input_values as a string',
      body: { ...VALID, input_values: 'x' },
      status: 400,
      type: 'Invalid',
      message: /input_values/,
    },
    { name: 'config_id as a number', body: { ...VALID, config_id: 7 }, status: 400, type: 'Invalid' },
    {
      name: 'undocumented status',
      body: { ...VALID, status: 'DEPLOYING' },
      status: 400,
      type: 'Invalid',
      message: /COMPLETE, IN_PROGRESS, FAILED/,
    },
    {
      name: 'stack_user_project_id over 64 characters',
      body: { ...VALID, stack_user_project_id: 'x'.repeat(65) },
      status: 400,
      type: 'Invalid',
    },
    { name: 'malformed JSON', raw: '{"config_id": ', status: 400, type: 'HTTPBadRequest', message: /JSON/ },
    { name: 'JSON list body', raw: '[1,2]', status: 400, type: 'AttributeError' },
    {
      name: 'wrong content type',
      raw: JSON.stringify(VALID),
      contentType: 'text/plain',
      status: 400,
      type: 'TypeError',
    },
    { name: 'empty body', raw: '', status: 400, type: 'TypeError' },
    {
      name: 'oversize body',
      raw: JSON.stringify({ ...VALID, input_values: { blob: 'x'.repeat(1_100_000) } }),
      status: 400,
      type: 'RequestLimitExceeded',
    },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const r = await k.call(k.heat(), {
        method: 'POST',
        token,
        ...(c.raw !== undefined
          ? { rawBody: c.raw, headers: { 'content-type': c.contentType ?? 'application/json' } }
          : { body: c.body }),
      });
      assert.equal(r.status, c.status, r.text.slice(0, 300));
      assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
      assert.match(r.headers.get('x-openstack-request-id') ?? '', /^req-[0-9a-f-]{36}$/);
      if (c.status === 200) {
        const d = r.json.software_deployment;
        assert.equal(typeof d.id, 'string');
        assert.match(d.creation_time, Z_TIME);
        assert.equal('updated_time' in d, false, 'a create response has no updated_time');
        assert.equal('stack_user_project_id' in d, false);
        for (const key of [
          'id',
          'config_id',
          'server_id',
          'input_values',
          'output_values',
          'action',
          'status',
          'status_reason',
          'creation_time',
        ])
          assert.ok(key in d, key);
        assert.ok(['COMPLETE', 'IN_PROGRESS', 'FAILED'].includes(d.status));
      } else {
        assert.equal(r.json.code, c.status);
        assert.equal(r.json.title, 'Bad Request');
        assert.equal(r.json.error.type, c.type);
        assert.equal(r.json.error.traceback, null);
        if (c.message) assert.match(r.json.error.message, c.message);
      }
    });
  }
});

test('show, update, list and delete answer as Heat', async (t) => {
  const { k, token } = await setup();
  const created = (await k.call(k.heat(), { method: 'POST', token, body: VALID })).json.software_deployment;
  const url = `${k.heat()}/${created.id}`;

  await t.test('show: a new deployment has no updated_time', async () => {
    const r = await k.call(url, { token });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.software_deployment, created);
  });

  const updates: { name: string; body: unknown; expect: Record<string, unknown> }[] = [
    {
      name: 'status and outputs',
      body: { status: 'COMPLETE', output_values: { result: 'ok' }, status_reason: 'Outputs received' },
      expect: { status: 'COMPLETE', output_values: { result: 'ok' } },
    },
    {
      name: 'empty values cannot clear a field',
      body: { status_reason: '', input_values: {} },
      expect: { status_reason: 'Outputs received' },
    },
    { name: 'server_id cannot be updated', body: { server_id: 'other' }, expect: { server_id: VALID.server_id } },
    { name: 'empty body still stamps updated_time', body: {}, expect: { status: 'COMPLETE' } },
  ];
  let previous = created;
  for (const u of updates) {
    await t.test(`update: ${u.name}`, async () => {
      k.advance(5);
      const r = await k.call(url, { method: 'PUT', token, body: u.body });
      assert.equal(r.status, 200, r.text);
      const d = r.json.software_deployment;
      assert.equal(d.id, created.id);
      assert.match(d.updated_time, Z_TIME);
      assert.ok(d.updated_time >= d.creation_time);
      assert.notEqual(d.updated_time, previous.updated_time);
      for (const [key, v] of Object.entries(u.expect)) assert.deepEqual(d[key], v, key);
      assert.deepEqual((await k.call(url, { token })).json.software_deployment, d, 'show returns what update answered');
      previous = d;
    });
  }

  const errors: { name: string; method: string; path: string; body?: unknown; status: number; type: string }[] = [
    {
      name: 'show unknown id',
      method: 'GET',
      path: `${k.heat()}/00000000-0000-4000-8000-000000000000`,
      status: 404,
      type: 'NotFound',
    },
    {
      name: 'update unknown id',
      method: 'PUT',
      path: `${k.heat()}/00000000-0000-4000-8000-000000000000`,
      body: { status: 'COMPLETE' },
      status: 404,
      type: 'NotFound',
    },
    {
      name: 'update with undocumented status',
      method: 'PUT',
      path: url,
      body: { status: 'DONE' },
      status: 400,
      type: 'Invalid',
    },
    {
      name: 'update with output_values as a list',
      method: 'PUT',
      path: url,
      body: { output_values: [1] },
      status: 400,
      type: 'Invalid',
    },
    { name: 'PATCH is not allowed', method: 'PATCH', path: url, body: {}, status: 405, type: 'HTTPMethodNotAllowed' },
  ];
  for (const e of errors) {
    await t.test(e.name, async () => {
      const r = await k.call(e.path, { method: e.method, token, ...(e.body !== undefined ? { body: e.body } : {}) });
      assert.equal(r.status, e.status, r.text);
      assert.equal(r.json.error.type, e.type);
    });
  }

  await t.test('list: oldest first, filtered by server_id', async () => {
    const all = (await k.call(k.heat(), { token })).json.software_deployments;
    assert.ok(all.length >= 4);
    const times = all.map((d: any) => d.creation_time);
    assert.deepEqual([...times].sort(), times);
    const mine = (await k.call(`${k.heat()}?server_id=${VALID.server_id}`, { token })).json.software_deployments;
    assert.deepEqual(
      mine.map((d: any) => d.id),
      [created.id],
    );
  });

  await t.test('delete: 204, then 404', async () => {
    const r = await k.call(url, { method: 'DELETE', token });
    assert.equal(r.status, 204);
    assert.equal(r.text, '');
    assert.equal((await k.call(url, { token })).status, 404);
    assert.equal((await k.call(url, { method: 'DELETE', token })).status, 404);
  });
});

test("scoping: another project in the path is a 403, another project's deployment a 404", async (t) => {
  const k = makeClient();
  const demo = await k.token();
  const alt = await k.token(undefined, { project: { id: k.cred.otherProjectId } });
  const mine = (await k.call(k.heat(), { method: 'POST', token: demo, body: VALID })).json.software_deployment;
  const cases: { name: string; token: string; path: string; status: number }[] = [
    {
      name: 'list in the other project with a demo token',
      token: demo,
      path: k.heat(k.cred.otherProjectId),
      status: 403,
    },
    {
      name: 'show through the other project path',
      token: demo,
      path: `${k.heat(k.cred.otherProjectId)}/${mine.id}`,
      status: 403,
    },
    { name: 'the other project lists its own', token: alt, path: k.heat(k.cred.otherProjectId), status: 200 },
    {
      name: 'the other project cannot see this deployment',
      token: alt,
      path: `${k.heat(k.cred.otherProjectId)}/${mine.id}`,
      status: 404,
    },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const r = await k.call(c.path, { token: c.token });
      assert.equal(r.status, c.status, r.text);
      if (c.status === 403)
        assert.deepEqual(r.json.error, {
          type: 'HTTPForbidden',
          traceback: null,
          message: 'Access was denied to this resource.',
        });
    });
  }
});

test('variants change timestamps and quirks, not instants', async (t) => {
  const cases: { variant: string; time: RegExp; reason?: string }[] = [
    { variant: 'heat-offset-plus-0200', time: /^2025-06-01T12:00:00\+02:00$/ },
    { variant: 'heat-utc-plus-00-00', time: /^2025-06-01T10:00:00\+00:00$/ },
    { variant: 'heat-fractional-seconds', time: /^2025-06-01T10:00:00\.000000Z$/ },
    { variant: 'heat-status-reason-none', time: Z_TIME, reason: 'None' },
  ];
  for (const c of cases) {
    await t.test(c.variant, async () => {
      const k = makeClient({ variant: c.variant });
      const token = await k.token();
      const d = (await k.call(k.heat(), { method: 'POST', token, body: { config_id: 'c', server_id: 's' } })).json
        .software_deployment;
      assert.match(d.creation_time, c.time);
      if (c.reason) assert.equal(d.status_reason, c.reason);
    });
  }
  await t.test('heat-missing-field-500', async () => {
    const k = makeClient({ variant: 'heat-missing-field-500' });
    const r = await k.call(k.heat(), { method: 'POST', token: await k.token(), body: { config_id: 'c' } });
    assert.equal(r.status, 500);
    assert.equal(r.json.error.type, 'DBError');
    assert.equal('message' in r.json.error, false);
  });
});

test('a created stack holds the resources its template names, complete, with their events', async () => {
  const { k, token } = await setup();
  const p = k.cred.projectId;
  const cases: {
    name: string;
    template: unknown;
    resources: Record<string, { type: string; requiredBy: string[] }>;
  }[] = [
    {
      name: 'None and RandomString, one depending on the other',
      template: {
        heat_template_version: '2016-10-14',
        resources: { r1: { type: 'OS::Heat::None' }, r2: { type: 'OS::Heat::RandomString', depends_on: 'r1' } },
      },
      resources: {
        r1: { type: 'OS::Heat::None', requiredBy: ['r2'] },
        r2: { type: 'OS::Heat::RandomString', requiredBy: [] },
      },
    },
    {
      name: 'depends_on as a list',
      template: {
        resources: {
          cfg: { type: 'OS::Heat::SoftwareConfig' },
          name: { type: 'OS::Heat::RandomString' },
          none: { type: 'OS::Heat::None', depends_on: ['cfg', 'name'] },
        },
      },
      resources: {
        cfg: { type: 'OS::Heat::SoftwareConfig', requiredBy: ['none'] },
        name: { type: 'OS::Heat::RandomString', requiredBy: ['none'] },
        none: { type: 'OS::Heat::None', requiredBy: [] },
      },
    },
    { name: 'no resources', template: { heat_template_version: '2016-10-14' }, resources: {} },
  ];
  let n = 0;
  for (const c of cases) {
    const name = `stack-${n++}`;
    const made = await k.call(`/heat-api/v1/${p}/stacks`, {
      method: 'POST',
      token,
      body: { stack_name: name, template: c.template },
    });
    assert.equal(made.status, 201, c.name);
    const base = `/heat-api/v1/${p}/stacks/${name}/${made.json.stack.id}`;
    const listed = await k.call(`${base}/resources`, { token });
    assert.equal(listed.status, 200, c.name);
    const got = Object.fromEntries(
      (listed.json.resources as Record<string, unknown>[]).map((r) => [
        r.resource_name,
        { type: r.resource_type, requiredBy: r.required_by, status: r.resource_status },
      ]),
    );
    assert.deepEqual(
      got,
      Object.fromEntries(Object.entries(c.resources).map(([k2, v]) => [k2, { ...v, status: 'CREATE_COMPLETE' }])),
      c.name,
    );
    const events = await k.call(`${base}/events`, { token });
    assert.equal(events.json.events.length, 2 * Object.keys(c.resources).length, c.name);
    for (const r of Object.keys(c.resources)) {
      const shown = await k.call(`${base}/resources/${r}`, { token });
      assert.equal(shown.status, 200, `${c.name}: ${r}`);
      assert.equal(shown.json.resource.resource_name, r);
      const own = await k.call(`${base}/resources/${r}/events`, { token });
      assert.deepEqual(
        (own.json.events as Record<string, unknown>[]).map((e) => e.resource_status).sort(),
        ['CREATE_COMPLETE', 'CREATE_IN_PROGRESS'],
        `${c.name}: ${r}`,
      );
      const one = await k.call(`${base}/resources/${r}/events/${own.json.events[0].id}`, { token });
      assert.equal(one.status, 200, `${c.name}: event of ${r}`);
    }
    const unknown = await k.call(`/heat-api/v1/${p}/stacks/${name}/00000000-0000-4000-8000-000000000000/events`, {
      token,
    });
    assert.equal(unknown.status, 404, `${c.name}: events of an unknown stack`);
  }
});

test('resource types: a listed type is shown, any other answers 404', async () => {
  const { k, token } = await setup();
  const base = `/heat-api/v1/${k.cred.projectId}/resource_types`;
  const listed = await k.call(base, { token });
  assert.equal(listed.status, 200);
  const types = listed.json.resource_types as string[];
  assert.ok(types.length > 0 && types.every((t) => typeof t === 'string'));
  const cases: { name: string; path: string; status: number }[] = [
    { name: 'a listed type', path: `${base}/${encodeURIComponent(types[0]!)}`, status: 200 },
    { name: 'its template', path: `${base}/${encodeURIComponent(types[0]!)}/template`, status: 200 },
    { name: 'an unknown type', path: `${base}/OS::Cac::Unknown`, status: 404 },
    { name: 'the template of an unknown type', path: `${base}/OS::Cac::Unknown/template`, status: 404 },
  ];
  for (const c of cases) {
    const r = await k.call(c.path, { token });
    assert.equal(r.status, c.status, c.name);
    if (c.status === 404) assert.equal(r.json.error.type, 'HTTPNotFound', c.name);
  }
});
