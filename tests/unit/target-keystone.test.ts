// Keystone v3 emulation and keystonemiddleware: token issue, scope, expiry, validation, the 401 body.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeClient } from '../support/target-client.ts';

const password = (user: string, pass: string) => ({
  methods: ['password'],
  password: { user: { name: user, domain: { name: 'Default' }, password: pass } },
});

test('POST /identity/v3/auth/tokens answers as Keystone', async (t) => {
  const k = makeClient();
  const { cred } = k;
  const cases: { name: string; auth: unknown; status: number; project?: string | null }[] = [
    {
      name: 'password, default project',
      auth: { identity: password(cred.username, cred.password) },
      status: 201,
      project: cred.projectId,
    },
    {
      name: 'password by user id',
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { id: 'd3m0000000000000000000000000user', password: cred.password } },
        },
      },
      status: 201,
      project: cred.projectId,
    },
    {
      name: 'project scope by name',
      auth: {
        identity: password(cred.username, cred.password),
        scope: { project: { name: 'alt-demo', domain: { name: 'Default' } } },
      },
      status: 201,
      project: cred.otherProjectId,
    },
    {
      name: 'project scope by id',
      auth: { identity: password(cred.username, cred.password), scope: { project: { id: cred.otherProjectId } } },
      status: 201,
      project: cred.otherProjectId,
    },
    {
      name: 'explicitly unscoped',
      auth: { identity: password(cred.username, cred.password), scope: 'unscoped' },
      status: 201,
      project: null,
    },
    {
      name: 'application credential',
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: { id: cred.applicationCredentialId, secret: cred.applicationCredentialSecret },
        },
      },
      status: 201,
      project: cred.projectId,
    },
    { name: 'wrong password', auth: { identity: password(cred.username, 'nope') }, status: 401 },
    { name: 'unknown user', auth: { identity: password('nobody', cred.password) }, status: 401 },
    {
      name: 'project the user is not a member of',
      auth: { identity: password('alt', 'alt-password'), scope: { project: { id: cred.projectId } } },
      status: 401,
    },
    {
      name: 'wrong application credential secret',
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: { id: cred.applicationCredentialId, secret: 'x' },
        },
      },
      status: 401,
    },
    {
      name: 'application credential asking for a scope',
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: { id: cred.applicationCredentialId, secret: cred.applicationCredentialSecret },
        },
        scope: { project: { id: cred.otherProjectId } },
      },
      status: 401,
    },
    { name: 'no identity', auth: {}, status: 400 },
    { name: 'methods not a list', auth: { identity: { methods: 'password' } }, status: 400 },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const r = await k.call('/identity/v3/auth/tokens', { method: 'POST', body: { auth: c.auth } });
      assert.equal(r.status, c.status, r.text);
      if (c.status === 201) {
        assert.match(r.headers.get('x-subject-token') ?? '', /^gAAAAA/);
        assert.match(r.json.token.expires_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
        assert.equal(r.json.token.project?.id ?? null, c.project);
        assert.equal('catalog' in r.json.token, c.project !== null);
      } else {
        assert.equal(r.json.error.code, c.status);
        assert.equal(r.headers.get('x-subject-token'), null);
      }
    });
  }
});

test('the token catalog lists the three services devstack-style', async () => {
  const k = makeClient();
  const r = await k.call('/identity/v3/auth/tokens', {
    method: 'POST',
    body: { auth: { identity: password(k.cred.username, k.cred.password) } },
  });
  const byType = new Map<string, any>(r.json.token.catalog.map((s: any) => [s.type, s]));
  const pid = k.cred.projectId;
  const want: [string, string][] = [
    ['orchestration', `/heat-api/v1/${pid}`],
    ['image', '/image'],
    ['block-storage', `/volume/v3/${pid}`],
    ['volumev3', `/volume/v3/${pid}`],
    ['identity', '/identity'],
  ];
  for (const [type, path] of want) {
    const s = byType.get(type);
    assert.ok(s, `catalog lacks ${type}`);
    assert.deepEqual(s.endpoints.map((e: any) => e.interface).sort(), ['admin', 'internal', 'public']);
    for (const e of s.endpoints) {
      assert.equal(e.url, `http://127.0.0.1:8999${path}`);
      assert.equal(e.region_id, 'RegionOne');
    }
  }
});

test('token method keeps the original expiry and may rescope', async () => {
  const k = makeClient({ tokenTtlSeconds: 600 });
  const first = await k.token();
  k.advance(100);
  const r = await k.call('/identity/v3/auth/tokens', {
    method: 'POST',
    body: {
      auth: {
        identity: { methods: ['token'], token: { id: first } },
        scope: { project: { id: k.cred.otherProjectId } },
      },
    },
  });
  assert.equal(r.status, 201);
  assert.equal(r.json.token.project.id, k.cred.otherProjectId);
  assert.equal(r.json.token.expires_at, '2025-06-01T10:10:00.000000Z');
});

test('service calls check X-Auth-Token as keystonemiddleware does', async (t) => {
  const k = makeClient({ tokenTtlSeconds: 60 });
  const good = await k.token();
  const unscoped = await k.token(undefined, 'unscoped');
  const expired = await k.token();
  const paths = [
    k.heat(),
    '/image/v1.1/images/detail',
    `${k.cinder()}/backups`,
    `${k.cinder()}/native/backups`,
    '/image/v1/images/detail',
    `${k.heat()}/nonexistent`,
  ];
  const cases: { name: string; token?: string; expire?: boolean; status: number }[] = [
    { name: 'no token', status: 401 },
    { name: 'unknown token', token: 'gAAAAABnot-a-real-token', status: 401 },
    { name: 'unscoped token', token: unscoped, status: 401 },
    { name: 'valid token', token: good, status: 200 },
  ];
  for (const c of cases) {
    for (const p of paths) {
      await t.test(`${c.name} on ${p}`, async () => {
        const r = await k.call(p, { token: c.token ?? null });
        if (c.status === 401) {
          assert.equal(r.status, 401);
          assert.deepEqual(r.json, {
            error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' },
          });
          assert.equal(r.headers.get('www-authenticate'), 'Keystone uri="http://127.0.0.1:8999/identity"');
        } else {
          assert.notEqual(r.status, 401, r.text);
        }
      });
    }
  }
  await t.test('an expired token gets 401', async () => {
    assert.equal((await k.call(k.heat(), { token: expired })).status, 200);
    k.advance(61);
    const r = await k.call(k.heat(), { token: expired });
    assert.equal(r.status, 401);
    assert.equal(r.json.error.code, 401);
  });
});

test('token validation and revocation', async () => {
  const k = makeClient();
  const caller = await k.token();
  const subject = await k.token();
  const v = await k.call('/identity/v3/auth/tokens', { token: caller, headers: { 'x-subject-token': subject } });
  assert.equal(v.status, 200);
  assert.equal(v.headers.get('x-subject-token'), subject);
  assert.equal(
    (
      await k.call('/identity/v3/auth/tokens', {
        method: 'DELETE',
        token: caller,
        headers: { 'x-subject-token': subject },
      })
    ).status,
    204,
  );
  assert.equal(
    (await k.call('/identity/v3/auth/tokens', { token: caller, headers: { 'x-subject-token': subject } })).status,
    404,
  );
  assert.equal((await k.call(k.heat(), { token: subject })).status, 401);
});

test('version documents need no token', async () => {
  const k = makeClient();
  const v3 = await k.call('/identity/v3');
  assert.equal(v3.status, 200);
  assert.equal(v3.json.version.id, 'v3.14');
  assert.equal(v3.json.version.links[0].href, 'http://127.0.0.1:8999/identity/v3/');
  assert.equal((await k.call('/identity')).status, 300);
});

test('malformed and oversize token requests get Keystone errors, not crashes', async () => {
  const k = makeClient();
  const bad = await k.call('/identity/v3/auth/tokens', {
    method: 'POST',
    rawBody: '{"auth":',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.code, 400);
  const big = await k.call('/identity/v3/auth/tokens', {
    method: 'POST',
    rawBody: 'x'.repeat(200_000),
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(big.status, 413);
  const unknown = await k.call('/identity/v3/users');
  assert.equal(unknown.status, 404);
});
