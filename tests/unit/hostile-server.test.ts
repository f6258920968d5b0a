// The hostile target and the canary must themselves behave as described, or the hostile
// integration tests prove nothing. Plain node:http requests here, no suite code.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import { credentialsIn, startCanary, type Canary } from '../support/canary.ts';
import {
  startHostileServer,
  type Behaviour,
  type HostileOptions,
  type HostileServer,
} from '../support/hostile-server.ts';

const token = randomBytes(20).toString('hex');

interface Got {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  error?: string;
  ms: number;
}

function request(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<Got> {
  const started = Date.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let status = 0;
    let headers: http.IncomingHttpHeaders = {};
    const req = http.request(
      url,
      { method: opts.method ?? 'GET', headers: { 'X-Auth-Token': token, ...opts.headers } },
      (res) => {
        status = res.statusCode ?? 0;
        headers = res.headers;
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status, headers, body: Buffer.concat(chunks), ms: Date.now() - started }));
        res.on('error', (e) =>
          resolve({ status, headers, body: Buffer.concat(chunks), error: e.message, ms: Date.now() - started }),
        );
      },
    );
    // An absolute deadline: a socket idle timeout never fires while a body drips.
    const timer = setTimeout(() => {
      resolve({ status, headers, body: Buffer.concat(chunks), error: 'client timeout', ms: Date.now() - started });
      req.destroy();
    }, opts.timeoutMs ?? 2_000);
    req.on('close', () => clearTimeout(timer));
    req.on('error', (e) =>
      resolve({ status, headers, body: Buffer.concat(chunks), error: e.message, ms: Date.now() - started }),
    );
    req.end(opts.body);
  });
}

describe('hostile server', () => {
  let canary: Canary;
  const servers: HostileServer[] = [];
  before(async () => {
    canary = await startCanary({ secrets: () => [token] });
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await canary.close();
  });
  async function serve(behaviour: Behaviour, extra: Partial<HostileOptions> = {}): Promise<HostileServer> {
    const s = await startHostileServer({ behaviour, token, otherHostUrl: canary.url, ...extra });
    servers.push(s);
    return s;
  }

  it('clean: serves the five operations and refuses a missing or wrong token', async () => {
    const s = await serve('clean');
    const created = await request(`${s.endpoints.orchestration}/software_deployments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ server_id: 's', config_id: 'c', status: 'IN_PROGRESS', action: 'CREATE' }),
    });
    assert.equal(created.status, 200);
    const sd = (JSON.parse(created.body.toString()) as { software_deployment: { id: string; creation_time: string } })
      .software_deployment;
    assert.match(sd.creation_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const shown = await request(`${s.endpoints.orchestration}/software_deployments/${sd.id}`);
    assert.equal(shown.status, 200);
    const updated = await request(`${s.endpoints.orchestration}/software_deployments/${sd.id}`, {
      method: 'PUT',
      body: JSON.stringify({ status: 'COMPLETE' }),
    });
    assert.equal(
      (JSON.parse(updated.body.toString()) as { software_deployment: { status: string } }).software_deployment.status,
      'COMPLETE',
    );
    assert.equal((await request(`${s.endpoints.orchestration}/software_deployments/nope`)).status, 404);
    const images = await request(`${s.endpoints.image}/v1.1/images/detail?disk_format=qcow2`);
    assert.equal((JSON.parse(images.body.toString()) as { images: unknown[] }).images.length, 1);
    const page = JSON.parse(
      (await request(`${s.endpoints['block-storage']}/native/backups?limit=2`)).body.toString(),
    ) as {
      backups: { id: string }[];
      backups_links: { href: string; rel: string }[];
    };
    assert.equal(page.backups.length, 2);
    assert.ok(page.backups_links[0]!.href.startsWith(s.url));
    const last = JSON.parse(
      (
        await request(`${s.endpoints['block-storage']}/backups?limit=2&marker=${page.backups[0]!.id}&offset=2`)
      ).body.toString(),
    ) as Record<string, unknown>;
    assert.equal(last.backups_links, undefined);
    assert.equal(
      (await request(`${s.endpoints.image}/v1.1/images/detail`, { headers: { 'X-Auth-Token': 'wrong' } })).status,
      401,
    );
    assert.ok(s.requests.length >= 8);
  });

  it('no-response: sends nothing at all', async () => {
    const s = await serve('no-response');
    const got = await request(`${s.url}/v1.1/images/detail`, { timeoutMs: 300 });
    assert.equal(got.status, 0);
    assert.equal(got.error, 'client timeout');
  });

  it('drip: sends the body one byte per interval', async () => {
    const s = await serve('drip', { dripIntervalMs: 100 });
    const got = await request(`${s.url}/v1.1/images/detail`, { timeoutMs: 550 });
    assert.equal(got.status, 200);
    assert.ok(got.body.length >= 3 && got.body.length <= 8, `${got.body.length} bytes`);
  });

  it('huge-body: streams the number of bytes asked for, as JSON', async () => {
    const s = await serve('huge-body', { hugeBodyBytes: 3 * 1024 * 1024 });
    const got = await request(`${s.url}/v1.1/images/detail`);
    assert.equal(got.body.length, 3 * 1024 * 1024);
    assert.equal(got.headers['content-length'], undefined);
    JSON.parse(got.body.toString());
  });

  it('invalid-json, html-error, wrong and missing content type', async () => {
    const s1 = await serve('invalid-json', { on: ['image-list-detail'] });
    const bad = await request(`${s1.url}/v1.1/images/detail`);
    assert.match(String(bad.headers['content-type']), /application\/json/);
    assert.throws(() => JSON.parse(bad.body.toString()));
    const s2 = await serve('html-error');
    const html = await request(`${s2.url}/v1.1/images/detail`);
    assert.equal(html.status, 502);
    assert.match(html.body.toString(), /^<!DOCTYPE html>/);
    const s3 = await serve('wrong-content-type', { on: ['image-list-detail'] });
    assert.match(String((await request(`${s3.url}/v1.1/images/detail`)).headers['content-type']), /^text\/plain/);
    const s4 = await serve('missing-content-type', { on: ['image-list-detail'] });
    const none = await request(`${s4.url}/v1.1/images/detail`);
    assert.equal(none.headers['content-type'], undefined);
    JSON.parse(none.body.toString());
  });

  it('redirect-other-host and pagination-other-host point at the canary', async () => {
    const s = await serve('redirect-other-host');
    const got = await request(`${s.url}/v1.1/images/detail?x=1`);
    assert.equal(got.status, 302);
    assert.equal(got.headers.location, `${canary.url}/v1.1/images/detail?x=1`);
    const p = await serve('pagination-other-host');
    const page = JSON.parse((await request(`${p.endpoints['block-storage']}/backups?limit=2`)).body.toString()) as {
      backups_links: { href: string }[];
    };
    assert.ok(page.backups_links[0]!.href.startsWith(`${canary.url}/v3/`));
  });

  it('pagination-cycle leads back to the first page; endless-pages never ends', async () => {
    const s = await serve('pagination-cycle');
    type Page = { backups: { id: string }[]; backups_links: { href: string }[] };
    const first = JSON.parse(
      (await request(`${s.endpoints['block-storage']}/backups?limit=2`)).body.toString(),
    ) as Page;
    const second = JSON.parse((await request(first.backups_links[0]!.href)).body.toString()) as Page;
    const third = JSON.parse((await request(second.backups_links[0]!.href)).body.toString()) as Page;
    assert.deepEqual(
      third.backups.map((b) => b.id),
      first.backups.map((b) => b.id),
    );
    const e = await serve('endless-pages');
    let href = `${e.endpoints['block-storage']}/backups?limit=3`;
    const seen = new Set<string>();
    for (let i = 0; i < 20; i += 1) {
      const page = JSON.parse((await request(href)).body.toString()) as Page;
      for (const b of page.backups) seen.add(b.id);
      href = page.backups_links[0]!.href;
    }
    assert.equal(seen.size, 60);
  });

  it('reset-mid-body: cuts the connection after part of the body', async () => {
    const s = await serve('reset-mid-body');
    const got = await request(`${s.url}/v1.1/images/detail`);
    assert.equal(got.status, 200);
    assert.ok(got.error, 'the client saw an error');
    assert.ok(got.body.length < Number(got.headers['content-length']));
  });

  it('gzip-bomb: a small body that inflates to the size asked for', async () => {
    const s = await serve('gzip-bomb', { bombBytes: 64 * 1024 * 1024 });
    const got = await request(`${s.url}/v1.1/images/detail`);
    assert.equal(got.headers['content-encoding'], 'gzip');
    assert.ok(got.body.length < 100 * 1024);
    assert.equal(zlib.gunzipSync(got.body).length, 64 * 1024 * 1024);
  });

  it('echo-token: the token comes back in a header and the body, even a wrong one', async () => {
    const s = await serve('echo-token');
    const got = await request(`${s.url}/v1.1/images/detail`);
    assert.equal(got.headers['x-echo-token'], token);
    assert.ok(got.body.toString().includes(token));
    const wrong = await request(`${s.url}/v1.1/images/detail`, { headers: { 'X-Auth-Token': 'not-the-token-123' } });
    assert.equal(wrong.status, 401);
    assert.ok(wrong.body.toString().includes('not-the-token-123'));
  });

  it('die-mid-run: answers some requests, then refuses every connection', async () => {
    const s = await serve('die-mid-run', { dieAfterRequests: 3 });
    for (let i = 0; i < 3; i += 1) assert.equal((await request(`${s.url}/v1.1/images/detail`)).status, 200);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(s.died(), true);
    const got = await request(`${s.url}/v1.1/images/detail`);
    assert.match(got.error ?? '', /ECONNREFUSED|socket hang up|ECONNRESET/);
  });
});

describe('canary', () => {
  it('records every request and flags the ones carrying a credential', async () => {
    const canary = await startCanary({ secrets: () => [token] });
    try {
      await request(`${canary.url}/plain`, { headers: { 'X-Auth-Token': '' } }).catch(() => undefined);
      await new Promise<void>((resolve) => {
        http.get(`${canary.url}/anonymous`, (res) => res.resume().on('end', resolve));
      });
      await request(`${canary.url}/with-token`);
      await new Promise<void>((resolve) => {
        http.get(`${canary.url}/q?t=${encodeURIComponent(token)}`, (res) => res.resume().on('end', resolve));
      });
      assert.equal(canary.hits.length, 4);
      assert.deepEqual(
        canary.credentialed().map((h) => h.path),
        ['/plain', '/with-token', `/q?t=${encodeURIComponent(token)}`],
      );
      assert.deepEqual(
        canary.leaksOf([token]).map((h) => h.path),
        ['/with-token', `/q?t=${encodeURIComponent(token)}`],
      );
      assert.deepEqual(canary.leaksOf(['someone-elses-token']), []);
    } finally {
      await canary.close();
    }
  });

  it('counts a password field in a body as a credential', () => {
    assert.deepEqual(credentialsIn({}, '/', '{"auth":{"password":"x"}}', []), ['password-like field in body']);
    assert.deepEqual(credentialsIn({ authorization: 'Basic eDp5' }, '/', '', []), ['header authorization']);
    assert.deepEqual(credentialsIn({ accept: 'application/json' }, '/', '{"name":"x"}', ['s3cr3t']), []);
  });
});
