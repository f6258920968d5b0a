import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TargetClient } from '../../src/http/client.ts';
import { curlLine, shellQuote } from '../../src/http/curl.ts';
import { Redactor } from '../../src/lib/redact.ts';
import { RouteTransport } from '../../src/http/route-transport.ts';
import { joinEndpoint } from '../../src/http/url.ts';
import { DEFAULT_LIMITS } from '../../src/session/model.ts';

const TOKEN = 'gAAAAA-secret-token-value';

function session(endpoints: Record<string, string>) {
  return {
    endpoints,
    authUrl: 'http://127.0.0.1:5000/identity/v3',
    authHeaders: async () => ({ 'X-Auth-Token': TOKEN }),
    secrets: () => [TOKEN, 'demo-password'],
    limits: { ...DEFAULT_LIMITS, maxBodyBytes: 64 },
  };
}

describe('joinEndpoint', () => {
  const cases: [string, string, string, string][] = [
    [
      'catalog endpoint ends with the template prefix',
      'http://h:1/heat-api/v1/p1',
      '/v1/p1/software_deployments/x',
      'http://h:1/heat-api/v1/p1/software_deployments/x',
    ],
    ['unversioned image endpoint', 'http://h:1/image', '/v1.1/images/detail', 'http://h:1/image/v1.1/images/detail'],
    ['bare host', 'http://h:9292', '/v1.1/images/detail', 'http://h:9292/v1.1/images/detail'],
    [
      'versioned endpoint of another version',
      'http://h:9292/v2',
      '/v1.1/images/detail',
      'http://h:9292/v1.1/images/detail',
    ],
    ['project-less volume endpoint', 'http://h/volume/v3', '/v3/p1/backups', 'http://h/volume/v3/p1/backups'],
    ['trailing slash', 'http://h/volume/v3/p1/', '/v3/p1/native/backups', 'http://h/volume/v3/p1/native/backups'],
    ['versions document above a project endpoint', 'http://h:1/heat-api/v1/p1', '/', 'http://h:1/heat-api'],
    ['versions document above a versioned endpoint', 'http://h:9292/v2', '/', 'http://h:9292/'],
    ['versions document of an unversioned endpoint', 'http://h/image', '/', 'http://h/image'],
    ['an unknown version at the service root', 'http://h:9292/v2/', '/x-unknown', 'http://h:9292/x-unknown'],
    ['a version named by the path', 'http://h:9292/v2', '/v2', 'http://h:9292/v2'],
  ];
  for (const [name, endpoint, path, want] of cases) {
    it(name, () => assert.equal(joinEndpoint(endpoint, path), want));
  }
});

describe('redaction and reproduce lines', () => {
  const r = new Redactor(() => [TOKEN]);
  it('masks a secret anywhere in text, also percent-encoded', () => {
    assert.equal(r.text(`token ${TOKEN} and ${encodeURIComponent(TOKEN + '/')}`).includes(TOKEN), false);
  });
  it('masks credential headers whatever their value', () => {
    assert.deepEqual(r.headers({ 'X-Auth-Token': 'anything', Accept: 'application/json' }), {
      'X-Auth-Token': '***',
      Accept: 'application/json',
    });
  });
  it('writes curl with the token as ***', () => {
    const line = curlLine(
      { method: 'POST', url: 'http://h/x?a=1', headers: { 'X-Auth-Token': TOKEN }, body: `{"a":"it's"}` },
      r,
    );
    assert.equal(line, `curl -sS -i -X POST -H 'X-Auth-Token: ***' --data-raw '{"a":"it'\\''s"}' 'http://h/x?a=1'`);
  });
  it('quotes only what needs quoting', () => {
    assert.equal(shellQuote('http://h/x'), 'http://h/x');
    assert.equal(shellQuote('a b'), `'a b'`);
  });
});

describe('TargetClient', () => {
  it('sends the token to the target and records a redacted exchange', async () => {
    const t = new RouteTransport(() => ({ status: 200, body: { echo: TOKEN } }));
    const c = new TargetClient(session({ image: 'http://127.0.0.1:1/image' }), t);
    const reply = await c.send({ method: 'GET', url: 'http://127.0.0.1:1/image/v1.1/images/detail' });
    assert.equal(t.requests[0]?.headers['X-Auth-Token'], TOKEN);
    assert.equal(reply.status, 200);
    assert.equal(JSON.stringify(reply.exchange).includes(TOKEN), false);
    assert.equal(reply.reproduce.includes(TOKEN), false);
  });
  it('refuses to send credentials to another origin, without a request', async () => {
    const t = new RouteTransport(() => ({ status: 200, body: {} }));
    const c = new TargetClient(session({ image: 'http://127.0.0.1:1/image' }), t);
    const reply = await c.send({ method: 'GET', url: 'http://127.0.0.1:2/image/v1.1/images/detail' });
    assert.equal(t.requests.length, 0);
    assert.match(reply.error ?? '', /refused to send credentials to http:\/\/127\.0\.0\.1:2/);
  });
  it('turns a transport error into a reply, never a throw', async () => {
    const t = new RouteTransport(() => {
      throw new Error(`socket hang up near ${TOKEN}`);
    });
    const c = new TargetClient(session({ image: 'http://127.0.0.1:1/' }), t);
    const reply = await c.send({ method: 'GET', url: 'http://127.0.0.1:1/x' });
    assert.equal(reply.status, undefined);
    assert.match(reply.error ?? '', /socket hang up/);
    assert.equal(reply.error?.includes(TOKEN), false);
  });
  it('flags a body over the cap', async () => {
    const t = new RouteTransport(() => ({ status: 200, body: 'x'.repeat(100) }));
    const c = new TargetClient(session({ image: 'http://127.0.0.1:1/' }), t);
    const reply = await c.send({ method: 'GET', url: 'http://127.0.0.1:1/x' });
    assert.match(reply.error ?? '', /exceeds the 64-byte cap/);
  });
});
