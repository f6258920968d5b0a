import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { GuardedTransport } from '../../src/http/guard-transport.ts';
import { TransportError } from '../../src/http/model.ts';
import { startCanary, type Canary } from '../support/canary.ts';
import {
  startHostileServer,
  type Behaviour,
  type HostileOptions,
  type HostileServer,
} from '../support/hostile-server.ts';
import { makeSelfSignedCert, type SelfSigned } from '../support/self-signed-cert.ts';

const token = randomBytes(20).toString('hex');
const CAP = 64 * 1024;

describe('GuardedTransport against hostile targets', () => {
  let canary: Canary;
  let cert: SelfSigned;
  const servers: HostileServer[] = [];
  const transport = new GuardedTransport();

  before(async () => {
    canary = await startCanary({ secrets: () => [token] });
    cert = makeSelfSignedCert();
  });
  after(async () => {
    await transport.close();
    await Promise.all(servers.map((s) => s.close()));
    await canary.close();
  });

  async function serve(behaviour: Behaviour, extra: Partial<HostileOptions> = {}): Promise<HostileServer> {
    const s = await startHostileServer({ behaviour, token, otherHostUrl: canary.url, ...extra });
    servers.push(s);
    return s;
  }

  const get = (t: GuardedTransport, url: string, timeoutMs = 1_000) =>
    t.send({ method: 'GET', url, headers: { 'X-Auth-Token': token }, timeoutMs, maxBodyBytes: CAP });

  it('reads a clean JSON body whole', async () => {
    const s = await serve('clean');
    const r = await get(transport, `${s.url}/v1.1/images/detail`);
    assert.equal(r.status, 200);
    assert.equal(r.oversized, undefined);
    assert.equal((JSON.parse(r.body.toString()) as { images: unknown[] }).images.length, 3);
  });

  it('gives up on a target that never answers at the request timeout', async () => {
    const s = await serve('no-response');
    await assert.rejects(get(transport, `${s.url}/v1.1/images/detail`, 300), (e: TransportError) => {
      assert.equal(e.kind, 'timeout');
      assert.match(e.message, /no complete response within 300 ms \(waiting for a response\)/);
      return true;
    });
  });

  it('bounds a body dripping one byte a second by one deadline, not per byte', async () => {
    const s = await serve('drip', { dripIntervalMs: 100 });
    await assert.rejects(get(transport, `${s.url}/v1.1/images/detail`, 450), (e: TransportError) => {
      assert.equal(e.kind, 'timeout');
      assert.match(e.message, /waiting for the body after [1-9]\d* bytes/);
      return true;
    });
  });

  it('stops reading a 100 MB body at the cap', async () => {
    const s = await serve('huge-body');
    const r = await get(transport, `${s.url}/v1.1/images/detail`, 5_000);
    assert.equal(r.oversized, true);
    assert.equal(r.oversizedBy, 'read');
    assert.equal(r.body.length, CAP);
  });

  it('refuses a body whose declared length exceeds the cap without reading it', async () => {
    const s = await serve('drip', { dripIntervalMs: 10_000 });
    const r = await transport.send({
      method: 'GET',
      url: `${s.url}/v1.1/images/detail`,
      headers: { 'X-Auth-Token': token },
      timeoutMs: 2_000,
      maxBodyBytes: 10,
    });
    assert.equal(r.oversized, true);
    assert.equal(r.oversizedBy, 'declared-length');
  });

  it('stops inflating a gzip bomb at the cap', async () => {
    // 512 MiB of zeros in about 500 KiB: under a 1 MiB cap on the wire, far over it inflated.
    const s = await serve('gzip-bomb', { bombBytes: 512 * 1024 * 1024 });
    const before = process.memoryUsage().rss;
    const r = await transport.send({
      method: 'GET',
      url: `${s.url}/v1.1/images/detail`,
      headers: { 'X-Auth-Token': token },
      timeoutMs: 5_000,
      maxBodyBytes: 1024 * 1024,
    });
    assert.equal(r.oversized, true);
    assert.equal(r.oversizedBy, 'inflated');
    assert.equal(r.body.length, 1024 * 1024);
    assert.ok(process.memoryUsage().rss - before < 128 * 1024 * 1024, 'the bomb was not inflated whole');
  });

  it('reports a connection reset in the middle of a body as a network error', async () => {
    const s = await serve('reset-mid-body');
    await assert.rejects(get(transport, `${s.url}/v1.1/images/detail`), (e: TransportError) => {
      assert.equal(e.kind, 'network');
      assert.match(e.message, /reset|closed/);
      return true;
    });
  });

  it('hands a redirect back instead of following it to another host', async () => {
    const s = await serve('redirect-other-host');
    const r = await get(transport, `${s.url}/v1.1/images/detail`);
    assert.equal(r.status, 302);
    assert.match(r.headers.location ?? '', new RegExp(`^${canary.url}`));
    assert.equal(canary.hits.length, 0);
  });

  it('reports a refused connection as refused', async () => {
    const s = await serve('clean');
    await s.close();
    await assert.rejects(get(transport, `${s.url}/v1.1/images/detail`), (e: TransportError) => e.kind === 'refused');
  });

  it('refuses a self-signed certificate unless given its CA or told insecure', async () => {
    const s = await serve('clean', { tls: { cert: cert.cert, key: cert.key } });
    const url = `${s.url}/v1.1/images/detail`;
    await assert.rejects(get(transport, url), (e: TransportError) => /self-signed certificate/.test(e.message));
    const withCa = new GuardedTransport({ tls: { insecure: false, caFile: cert.certFile } });
    const insecure = new GuardedTransport({ tls: { insecure: true } });
    try {
      assert.equal((await get(withCa, url)).status, 200);
      assert.equal((await get(insecure, url)).status, 200);
    } finally {
      await withCa.close();
      await insecure.close();
    }
  });
});
