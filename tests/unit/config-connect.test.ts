// connect() against a Keystone stub on loopback: each auth type end to end, endpoints from the
// catalog or overrides, microversion discovery, token renewal, and the safety rules (no redirect
// followed with credentials, bounded waits, no secret in any error).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { after, describe, it } from 'node:test';
import {
  connect,
  ConnectError,
  credentialOrigins,
  loadConfiguration,
  mayCarryCredentials,
  type Configuration,
  type EmbeddedConfig,
} from '../../src/config/index.ts';
import { startCanary, startKeystoneStub, type Stub } from '../support/keystone-stub.ts';

const stubs: Array<{ close(): Promise<void> }> = [];
after(async () => {
  await Promise.all(stubs.map((s) => s.close()));
});

async function stub(opts: Parameters<typeof startKeystoneStub>[0] = {}): Promise<Stub> {
  const s = await startKeystoneStub(opts);
  stubs.push(s);
  return s;
}

function fromEnv(env: Record<string, string>): Configuration {
  return loadConfiguration({
    env,
    cwd: '/nonexistent-cwd',
    home: '/nonexistent-home',
    etcDir: '/nonexistent-etc',
    dotenv: false,
  });
}

const tokenRequests = (s: Stub) => s.requests.filter((r) => r.url.endsWith('/auth/tokens'));

describe('connect with each auth type', () => {
  it('password: token from X-Subject-Token, project from the scope, endpoints from the catalog, microversions discovered', async () => {
    const s = await stub();
    const config = fromEnv({
      OS_AUTH_URL: s.authUrl,
      OS_USERNAME: 'demo',
      OS_PASSWORD: 'secret-pw',
      OS_PROJECT_NAME: 'demo',
    });
    const session = await connect(config);
    assert.equal(session.cloudName, 'envvars');
    assert.equal(session.embedded, false);
    assert.equal(session.projectId, 'p0ffee');
    assert.equal(session.authUrl, `${s.authUrl}/v3`);
    assert.deepEqual(session.endpoints, {
      orchestration: `${s.base}/heat-api/v1/p0ffee`,
      image: `${s.base}/image`,
      'block-storage': `${s.base}/volume/v3/p0ffee`,
    });
    assert.deepEqual(session.microversions, { 'block-storage': { min: '3.0', max: '3.71' } });
    assert.deepEqual(await session.authHeaders(), { 'X-Auth-Token': s.issued[0] });
    assert.deepEqual(session.secrets().sort(), ['secret-pw', s.issued[0]!].sort());
    const [req] = tokenRequests(s);
    assert.deepEqual(JSON.parse(req!.body), {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'demo', domain: { id: 'default' }, password: 'secret-pw' } },
        },
        scope: { project: { name: 'demo', domain: { id: 'default' } } },
      },
    });
    const discovery = s.requests.find((r) => r.url === '/volume/');
    assert.ok(discovery, 'versions document not fetched');
    assert.equal(discovery.headers['x-auth-token'], undefined, 'the versions document needs no credential');
  });

  it('token: the token method with the given token', async () => {
    const s = await stub({ knownTokens: ['given-token'] });
    const session = await connect(
      fromEnv({ OS_AUTH_URL: `${s.authUrl}/v3/`, OS_TOKEN: 'given-token', OS_PROJECT_ID: 'p0ffee' }),
    );
    assert.equal(session.projectId, 'p0ffee');
    assert.deepEqual(JSON.parse(tokenRequests(s)[0]!.body).auth.identity, {
      methods: ['token'],
      token: { id: 'given-token' },
    });
    assert.ok(session.secrets().includes('given-token'));
  });

  it('v3applicationcredential: id and secret, no scope', async () => {
    const s = await stub({ applicationCredential: { id: 'ac1', secret: 'ac-secret' } });
    const session = await connect(
      fromEnv({
        OS_AUTH_TYPE: 'v3applicationcredential',
        OS_AUTH_URL: s.authUrl,
        OS_APPLICATION_CREDENTIAL_ID: 'ac1',
        OS_APPLICATION_CREDENTIAL_SECRET: 'ac-secret',
      }),
    );
    assert.equal(session.projectId, 'p0ffee');
    const body = JSON.parse(tokenRequests(s)[0]!.body);
    assert.equal(body.auth.scope, undefined);
    assert.ok(session.secrets().includes('ac-secret'));
  });

  it('admin_token: no Keystone, endpoints from overrides with the project filled in, the given token', async () => {
    const s = await stub();
    const session = await connect(
      fromEnv({
        OS_AUTH_TYPE: 'admin_token',
        OS_TOKEN: 'static-token',
        OS_PROJECT_ID: 'p42',
        OS_ORCHESTRATION_ENDPOINT_OVERRIDE: `${s.base}/heat-api/v1/%(project_id)s`,
        OS_BLOCK_STORAGE_ENDPOINT_OVERRIDE: `${s.base}/volume/v3/p42`,
        OS_IMAGE_ENDPOINT_OVERRIDE: `${s.base}/image`,
      }),
    );
    assert.equal(tokenRequests(s).length, 0);
    assert.equal(session.authUrl, undefined);
    assert.equal(session.projectId, 'p42');
    assert.equal(session.endpoints.orchestration, `${s.base}/heat-api/v1/p42`);
    assert.deepEqual(await session.authHeaders(), { 'X-Auth-Token': 'static-token' });
    assert.deepEqual(session.microversions['block-storage'], { min: '3.0', max: '3.71' });
  });

  it('admin_token reads the project from a block-storage override when OS_PROJECT_ID is absent', async () => {
    const session = await connect(
      fromEnv({
        OS_TOKEN: 'token-from-env',
        OS_BLOCK_STORAGE_ENDPOINT_OVERRIDE: 'http://127.0.0.1:9/v3/from-url',
        CONFORMANCE_REQUEST_TIMEOUT_MS: '500',
      }),
    );
    assert.equal(session.projectId, 'from-url');
    assert.equal(session.endpoints.orchestration, undefined);
    assert.ok(session.notes?.some((n) => n.startsWith('orchestration: no endpoint override')));
    assert.ok(session.notes?.some((n) => n.startsWith('block-storage microversions not discovered')));
  });

  it('none: no credential at all', async () => {
    const session = await connect(
      fromEnv({ OS_AUTH_TYPE: 'none', OS_PROJECT_ID: 'p', OS_IMAGE_ENDPOINT_OVERRIDE: 'http://127.0.0.1:9292' }),
    );
    assert.deepEqual(await session.authHeaders(), {});
    assert.deepEqual(session.secrets(), []);
  });

  it('an override beats the catalog for its service only', async () => {
    const s = await stub();
    const session = await connect(
      fromEnv({
        OS_AUTH_URL: s.authUrl,
        OS_USERNAME: 'demo',
        OS_PASSWORD: 'secret-pw',
        OS_VOLUMEV3_ENDPOINT_OVERRIDE: `${s.base}/other/v3/%(project_id)s`,
      }),
    );
    assert.equal(session.endpoints['block-storage'], `${s.base}/other/v3/p0ffee`);
    assert.equal(session.endpoints.image, `${s.base}/image`);
  });

  it('a service missing from the catalog is left out, with a note, and the others stay', async () => {
    const s = await stub({
      catalog: (base, p) => [
        { type: 'volumev3', endpoints: [{ interface: 'public', region: 'R', url: `${base}/volume/v3/${p}` }] },
      ],
    });
    const session = await connect(fromEnv({ OS_AUTH_URL: s.authUrl, OS_USERNAME: 'demo', OS_PASSWORD: 'secret-pw' }));
    assert.deepEqual(Object.keys(session.endpoints), ['block-storage']);
    assert.ok(session.notes?.some((n) => n === 'image: not served (the catalog lists no service of type image)'));
  });

  it('the embedded target: password auth against its Keystone, cloud name embedded', async () => {
    const s = await stub({ prefix: '/identity', username: 'conformance', password: 'embedded-pw' });
    const config = fromEnv({});
    assert.equal(config.embedded, true);
    const session = await connect(config, {
      embedded: { authUrl: `${s.authUrl}/v3`, username: 'conformance', password: 'embedded-pw', projectName: 'demo' },
    });
    assert.equal(session.cloudName, 'embedded');
    assert.equal(session.embedded, true);
    assert.equal(session.endpoints.image, `${s.base}/image`);
    await assert.rejects(() => connect(config), /start the embedded reference target/);
  });
});

describe('microversion discovery', () => {
  for (const versions of ['fail', 'garbage'] as const) {
    it(`tolerates a versions document that is ${versions === 'fail' ? 'a 500' : 'without ranges'}`, async () => {
      const s = await stub({ versions });
      const session = await connect(fromEnv({ OS_AUTH_URL: s.authUrl, OS_USERNAME: 'demo', OS_PASSWORD: 'secret-pw' }));
      assert.deepEqual(session.microversions, {});
      assert.ok(session.notes?.some((n) => n.startsWith('block-storage microversions not discovered')));
    });
  }
  it('notes a default microversion outside the discovered range', async () => {
    const s = await stub();
    const session = await connect(
      fromEnv({
        OS_AUTH_URL: s.authUrl,
        OS_USERNAME: 'demo',
        OS_PASSWORD: 'secret-pw',
        OS_BLOCK_STORAGE_DEFAULT_MICROVERSION: '3.99',
      }),
    );
    assert.deepEqual(session.defaultMicroversions, { 'block-storage': '3.99' });
    assert.ok(session.notes?.some((n) => n.includes("3.99 is outside the cloud's range 3.0–3.71")));
  });
});

describe('token renewal', () => {
  it('renews before expiry, once for concurrent callers, and keeps every token in secrets()', async () => {
    const s = await stub({ lifetimeMs: 600_000 });
    let clock = Date.now();
    const session = await connect(fromEnv({ OS_AUTH_URL: s.authUrl, OS_USERNAME: 'demo', OS_PASSWORD: 'secret-pw' }), {
      now: () => clock,
    });
    const first = (await session.authHeaders())['X-Auth-Token'];
    clock += 400_000; // 200 s left: not yet inside the 120 s margin
    assert.equal((await session.authHeaders())['X-Auth-Token'], first);
    clock += 100_000; // 100 s left
    const [a, b] = await Promise.all([session.authHeaders(), session.authHeaders()]);
    assert.equal(tokenRequests(s).length, 2);
    assert.notEqual(a['X-Auth-Token'], first);
    assert.equal(a['X-Auth-Token'], b['X-Auth-Token']);
    assert.ok(session.secrets().includes(first!) && session.secrets().includes(a['X-Auth-Token']!));
  });
  it('a short-lived token is renewed at half its lifetime', async () => {
    const s = await stub({ lifetimeMs: 60_000 });
    let clock = Date.now();
    const session = await connect(fromEnv({ OS_AUTH_URL: s.authUrl, OS_USERNAME: 'demo', OS_PASSWORD: 'secret-pw' }), {
      now: () => clock,
    });
    clock += 20_000;
    await session.authHeaders();
    assert.equal(tokenRequests(s).length, 1);
    clock += 15_000;
    await session.authHeaders();
    assert.equal(tokenRequests(s).length, 2);
  });
});

describe('safety', () => {
  it('a redirect of the token request is not followed: the canary sees nothing, the error names its host', async () => {
    const canary = await startCanary();
    stubs.push(canary);
    const s = await stub({ redirectTokensTo: `${canary.base}/v3/auth/tokens` });
    const err = await connect(fromEnv({ OS_AUTH_URL: s.authUrl, OS_USERNAME: 'demo', OS_PASSWORD: 'secret-pw' })).catch(
      (e) => e,
    );
    assert.ok(err instanceof ConnectError);
    assert.match(err.message, new RegExp(`answered 307 with a redirect to ${new URL(canary.base).host}; not followed`));
    assert.equal(canary.requests.length, 0);
    assert.ok(!err.message.includes('secret-pw'));
  });

  it('refused credentials: a clear 401 message, scrubbed of the password even when the server echoes it', async () => {
    const s = await stub({ echoInError: 'you sent wrong-pw-123' });
    const err = await connect(
      fromEnv({ OS_AUTH_URL: s.authUrl, OS_USERNAME: 'demo', OS_PASSWORD: 'wrong-pw-123' }),
    ).catch((e) => e);
    assert.ok(err instanceof ConnectError);
    assert.match(err.message, /refused the credentials \(401\)/);
    assert.ok(!err.message.includes('wrong-pw-123'), err.message);
    assert.match(err.message, /you sent \*\*\*/);
  });

  it('an unscoped token is refused with what to set', async () => {
    const s = await stub({ unscoped: true });
    await assert.rejects(
      () => connect(fromEnv({ OS_AUTH_URL: s.authUrl, OS_USERNAME: 'demo', OS_PASSWORD: 'secret-pw' })),
      /not scoped to a project; set project_name/,
    );
  });

  it('a Keystone that never answers ends within the request timeout', async () => {
    const s = await stub({ silent: true });
    const started = Date.now();
    const err = await connect(
      fromEnv({
        OS_AUTH_URL: s.authUrl,
        OS_USERNAME: 'demo',
        OS_PASSWORD: 'secret-pw',
        CONFORMANCE_REQUEST_TIMEOUT_MS: '300',
      }),
    ).catch((e) => e);
    assert.ok(err instanceof ConnectError);
    assert.match(err.message, /gave no complete answer within 300 ms/);
    assert.ok(Date.now() - started < 5_000);
  });

  it('a closed port is a clear error', async () => {
    const port = await new Promise<number>((done) => {
      const srv = createServer();
      srv.listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => done(p));
      });
    });
    await assert.rejects(
      () =>
        connect(fromEnv({ OS_AUTH_URL: `http://127.0.0.1:${port}/v3`, OS_USERNAME: 'demo', OS_PASSWORD: 'secret-pw' })),
      new RegExp(`127.0.0.1:${port} refused the connection`),
    );
  });

  it('an embedded configuration carries no secret of its own', () => {
    const c = fromEnv({}) as EmbeddedConfig;
    assert.equal(c.embedded, true);
  });
});

describe('TLS', () => {
  const dir = new URL('../../fixtures/config/tls/', import.meta.url).pathname;
  const tls = { cert: readFileSync(`${dir}loopback.crt`), key: readFileSync(`${dir}loopback.key`) };
  const creds = (s: Stub) => ({ OS_AUTH_URL: s.authUrl, OS_USERNAME: 'demo', OS_PASSWORD: 'secret-pw' });

  it('a self-signed certificate is refused by default, with what to set', async () => {
    const s = await stub({ tls });
    const err = await connect(fromEnv(creds(s))).catch((e) => e);
    assert.ok(err instanceof ConnectError);
    assert.match(err.message, /TLS certificate not trusted .*set cacert, or insecure/);
    assert.equal(s.requests.length, 0);
  });
  it('is accepted with cacert naming it', async () => {
    const s = await stub({ tls });
    const session = await connect(fromEnv({ ...creds(s), OS_CACERT: `${dir}loopback.crt` }));
    assert.equal(session.tls.caFile, `${dir}loopback.crt`);
    assert.equal(session.tls.insecure, false);
    assert.deepEqual(session.microversions['block-storage'], { min: '3.0', max: '3.71' });
  });
  it('is accepted with insecure, and the session says so', async () => {
    const s = await stub({ tls });
    const session = await connect(fromEnv({ ...creds(s), OS_INSECURE: 'true' }));
    assert.equal(session.tls.insecure, true);
  });
});

describe('credential origins', () => {
  it('are the auth URL and the endpoints, nothing else', async () => {
    const s = await stub();
    const session = await connect(
      fromEnv({
        OS_AUTH_URL: s.authUrl,
        OS_USERNAME: 'demo',
        OS_PASSWORD: 'secret-pw',
        OS_IMAGE_ENDPOINT_OVERRIDE: 'http://127.0.0.1:9292',
      }),
    );
    assert.deepEqual([...credentialOrigins(session)].sort(), [s.base, 'http://127.0.0.1:9292'].sort());
    assert.equal(mayCarryCredentials(session, `${s.base}/volume/v3/p0ffee/backups?marker=x`), true);
    assert.equal(mayCarryCredentials(session, 'http://127.0.0.1:1/v3/p0ffee/backups'), false);
    assert.equal(mayCarryCredentials(session, `${s.base.replace('http:', 'https:')}/image`), false);
    assert.equal(mayCarryCredentials(session, 'not a url'), false);
  });
});
