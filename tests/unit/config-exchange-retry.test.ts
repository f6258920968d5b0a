// Keystone and the version documents are retried on 429 and 503 like every request of the checks:
// `Retry-After` honoured within the bound, at most maxTries in all, the last answer returned as it is.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { exchange } from '../../src/config/exchange.ts';
import { KeystoneError, requestToken } from '../../src/config/keystone.ts';

const servers: Server[] = [];
after(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

/** A server answering the given statuses in turn (the last one repeated), counting requests. */
async function serve(
  answers: Array<{ status: number; headers?: Record<string, string>; body?: string }>,
): Promise<{ url: string; count: () => number }> {
  let n = 0;
  const server = createServer((req, res) => {
    const a = answers[Math.min(n++, answers.length - 1)]!;
    req.resume();
    req.on('end', () => {
      res.writeHead(a.status, { 'Content-Type': 'application/json', ...a.headers });
      res.end(a.body ?? '{}');
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, count: () => n };
}

const bounds = { timeoutMs: 2000, maxBodyBytes: 65536, tls: { rejectUnauthorized: true } };
const quick = { maxTries: 3, maxWaitMs: 50, baseDelayMs: 1 };

const cases: Array<{
  name: string;
  answers: Parameters<typeof serve>[0];
  maxTries: number;
  status: number;
  sent: number;
}> = [
  {
    name: '503 then 200: retried once',
    answers: [{ status: 503 }, { status: 200 }],
    maxTries: 3,
    status: 200,
    sent: 2,
  },
  {
    name: '429 with Retry-After: 0, twice, then 200',
    answers: [
      { status: 429, headers: { 'Retry-After': '0' } },
      { status: 429, headers: { 'Retry-After': '0' } },
      { status: 200 },
    ],
    maxTries: 3,
    status: 200,
    sent: 3,
  },
  { name: 'always 503: the last answer after maxTries', answers: [{ status: 503 }], maxTries: 3, status: 503, sent: 3 },
  { name: 'maxTries 1: never retried', answers: [{ status: 503 }, { status: 200 }], maxTries: 1, status: 503, sent: 1 },
  {
    name: 'a huge Retry-After is cut to the bound',
    answers: [{ status: 503, headers: { 'Retry-After': '86400' } }, { status: 200 }],
    maxTries: 2,
    status: 200,
    sent: 2,
  },
  { name: '500 is not retried', answers: [{ status: 500 }, { status: 200 }], maxTries: 3, status: 500, sent: 1 },
];
for (const c of cases) {
  test(`exchange: ${c.name}`, async () => {
    const s = await serve(c.answers);
    const res = await exchange({
      method: 'GET',
      url: `${s.url}/`,
      ...bounds,
      retry: { ...quick, maxTries: c.maxTries },
    });
    assert.equal(res.status, c.status);
    assert.equal(s.count(), c.sent);
  });
}

test('a token request answered 503 once is retried and the token taken', async () => {
  const s = await serve([
    { status: 503, headers: { 'Retry-After': '0' } },
    {
      status: 201,
      headers: { 'X-Subject-Token': 'tok-retry' },
      body: JSON.stringify({ token: { project: { id: 'p1' }, catalog: [] } }),
    },
  ]);
  const issued = await requestToken({
    identityBase: `${s.url}/v3`,
    authType: 'password',
    auth: { userId: 'u', password: 'pw', projectId: 'p1' },
    ...bounds,
    retry: quick,
  });
  assert.equal(issued.token, 'tok-retry');
  assert.equal(s.count(), 2);
});

test('a token request still answered 503 after the tries says so', async () => {
  const s = await serve([{ status: 503 }]);
  await assert.rejects(
    requestToken({
      identityBase: `${s.url}/v3`,
      authType: 'password',
      auth: { userId: 'u', password: 'pw' },
      ...bounds,
      retry: quick,
    }),
    (e: unknown) => e instanceof KeystoneError && /answered 503/.test(e.message),
  );
  assert.equal(s.count(), 3);
});
