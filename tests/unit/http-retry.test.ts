// 429 and 503 retried with back-off and Retry-After within bounds, each retry recorded in the exchange;
// requests in flight bounded per service.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { TargetClient } from '../../src/http/client.ts';
import { GuardedTransport } from '../../src/http/guard-transport.ts';
import { RouteTransport, type RouteAnswer } from '../../src/http/route-transport.ts';
import { retryAfterMs, retryWaitMs, Semaphore } from '../../src/http/retry.ts';
import { currentPriority, withPriority } from '../../src/http/priority.ts';
import { DEFAULT_LIMITS, type Limits } from '../../src/session/model.ts';

const A = 'http://127.0.0.1:9/volume/v3/p1';
const B = 'http://127.0.0.1:9/image';

function client(
  transport: RouteTransport | GuardedTransport,
  limits: Partial<Limits> = {},
  endpoints: Record<string, string> = { 'block-storage': A, image: B },
): TargetClient {
  return new TargetClient(
    {
      endpoints,
      authHeaders: async () => ({ 'X-Auth-Token': 'tok-retry-secret' }),
      secrets: () => ['tok-retry-secret'],
      limits: { ...DEFAULT_LIMITS, ...limits },
    },
    transport,
    { baseRetryDelayMs: 1 },
  );
}

/** Answers the given replies in turn, the last one for ever. */
function sequence(...answers: RouteAnswer[]): RouteTransport {
  let i = 0;
  return new RouteTransport(() => answers[Math.min(i++, answers.length - 1)]!);
}

describe('Retry-After', () => {
  const now = Date.parse('2026-12-04T12:00:00Z');
  it('reads delay-seconds and HTTP dates (IMF-fixdate and the obsolete forms)', () => {
    assert.equal(retryAfterMs('0', now), 0);
    assert.equal(retryAfterMs(' 3 ', now), 3000);
    assert.equal(retryAfterMs('Fri, 04 Dec 2026 12:00:05 GMT', now), 5000);
    assert.equal(retryAfterMs('Friday, 04-Dec-26 12:00:05 GMT', now), 5000);
    assert.equal(retryAfterMs('Fri Dec  4 12:00:05 2026', now), 5000);
  });
  it('a date in the past asks for no wait', () => assert.equal(retryAfterMs('Thu, 01 Jan 1970 00:00:00 GMT', now), 0));
  it('negative, fractional and garbage values ask for nothing', () => {
    for (const v of ['-5', '1.5', 'soon', '', 'Fri, 99 Foo 2026 99:99:99 GMT', '0x10'])
      assert.equal(retryAfterMs(v, now), undefined, v);
  });
  it('the wait is cut to the bound, and without a usable value doubles from the base', () => {
    const policy = { maxTries: 5, maxWaitMs: 2000, baseDelayMs: 100 };
    assert.equal(retryWaitMs('999999999999999999999999', 1, policy, now), 2000);
    assert.equal(retryWaitMs('Fri, 31 Dec 9999 23:59:59 GMT', 1, policy, now), 2000);
    assert.equal(retryWaitMs('-1', 1, policy, now), 100);
    assert.equal(retryWaitMs('garbage', 3, policy, now), 400);
    assert.equal(retryWaitMs(undefined, 10, policy, now), 2000);
  });
});

describe('TargetClient retries', () => {
  it('sends a 503 again until it is answered, and records each retry in the exchange', async () => {
    const t = sequence(
      { status: 503, headers: { 'Retry-After': '0' } },
      { status: 429 },
      { status: 200, body: { ok: true } },
    );
    const c = client(t);
    const reply = await c.send({ method: 'GET', url: `${A}/volumes` });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.json, { ok: true });
    assert.equal(t.requests.length, 3);
    assert.deepEqual(reply.exchange.retries, [
      { status: 503, retryAfter: '0', waitMs: 0 },
      { status: 429, waitMs: 2 },
    ]);
    assert.deepEqual(c.stats, { sent: 1, retried: 1, retries: 2 });
  });

  it('gives up after maxTries and returns the last answer as it came', async () => {
    const t = sequence({ status: 503, body: { error: 'down' } });
    const c = client(t, { maxTries: 4 });
    const reply = await c.send({ method: 'POST', url: `${A}/volumes`, json: {} });
    assert.equal(reply.status, 503);
    assert.equal(t.requests.length, 4);
    assert.equal(reply.exchange.retries?.length, 3);
    assert.deepEqual(c.stats, { sent: 1, retried: 1, retries: 3 });
  });

  it('maxTries 1 never retries; other statuses are never retried', async () => {
    const once = sequence({ status: 429 }, { status: 200 });
    assert.equal((await client(once, { maxTries: 1 }).send({ method: 'GET', url: `${A}/x` })).status, 429);
    for (const status of [500, 502, 504, 404, 413]) {
      const t = sequence({ status }, { status: 200 });
      const reply = await client(t).send({ method: 'GET', url: `${A}/x` });
      assert.equal(reply.status, status);
      assert.equal(reply.exchange.retries, undefined);
    }
  });

  it(
    'a hostile Retry-After (huge, far-future date, negative, garbage) never waits past the bound',
    { timeout: 10_000 },
    async () => {
      for (const retryAfter of [
        '99999999999999999999',
        'Fri, 31 Dec 9999 23:59:59 GMT',
        '-100',
        '\u0000garbage'.repeat(50),
      ]) {
        const t = sequence({ status: 429, headers: { 'Retry-After': retryAfter } }, { status: 200 });
        const reply = await client(t, { maxRetryWaitMs: 20 }).send({ method: 'GET', url: `${A}/x` });
        assert.equal(reply.status, 200, retryAfter);
        const waits = reply.exchange.retries!.map((r) => r.waitMs);
        assert.ok(
          waits.every((w) => w >= 0 && w <= 20),
          `${retryAfter}: ${waits}`,
        );
        assert.ok(
          (reply.exchange.retries![0]!.retryAfter ?? '').length <= 120,
          'a long header is shortened in the exchange',
        );
      }
    },
  );

  it('a Retry-After carrying the token is redacted in the exchange', async () => {
    const t = sequence({ status: 503, headers: { 'Retry-After': 'tok-retry-secret' } }, { status: 200 });
    const reply = await client(t).send({ method: 'GET', url: `${A}/x` });
    assert.doesNotMatch(JSON.stringify(reply.exchange), /tok-retry-secret/);
  });

  it(
    'honours Retry-After and the HTTP date read through the guarded transport on loopback',
    { timeout: 10_000 },
    async () => {
      let hits = 0;
      const server = http.createServer((req, res) => {
        hits++;
        if (hits === 1) res.writeHead(503, { 'Retry-After': '0' }).end();
        else if (hits === 2) res.writeHead(429, { 'Retry-After': new Date(Date.now() - 1000).toUTCString() }).end();
        else res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"fine":1}');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/volume/v3/p1`;
      const transport = new GuardedTransport();
      try {
        const reply = await client(transport, {}, { 'block-storage': base }).send({
          method: 'GET',
          url: `${base}/volumes`,
        });
        assert.equal(reply.status, 200);
        assert.deepEqual(
          reply.exchange.retries?.map((r) => [r.status, r.waitMs]),
          [
            [503, 0],
            [429, 0],
          ],
        );
      } finally {
        await transport.close();
        server.close();
      }
    },
  );
});

describe('requests in flight', () => {
  it('are bounded per service, services apart', async () => {
    const inFlight = new Map<string, number>();
    const peak = new Map<string, number>();
    const t = new RouteTransport(async (req) => {
      const key = req.url.startsWith(A) ? 'a' : 'b';
      inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
      peak.set(key, Math.max(peak.get(key) ?? 0, inFlight.get(key)!));
      await new Promise((r) => setTimeout(r, 5));
      inFlight.set(key, inFlight.get(key)! - 1);
      return { status: 200 };
    });
    const c = client(t, { concurrency: 3 });
    await Promise.all(
      [...Array(12)].flatMap((_, i) => [
        c.send({ method: 'GET', url: `${A}/v/${i}` }),
        c.send({ method: 'GET', url: `${B}/v2/images/${i}` }),
      ]),
    );
    assert.equal(peak.get('a'), 3);
    assert.equal(peak.get('b'), 3);
    assert.equal(c.stats.sent, 24);
  });

  it('a semaphore serves in order and refuses a limit below 1', async () => {
    const s = new Semaphore(1);
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((n) => s.run(async () => order.push(n))));
    assert.deepEqual(order, [1, 2, 3]);
    assert.throws(() => new Semaphore(0), RangeError);
  });

  it('a semaphore serves waiters by priority, higher first, then in the order they asked', async () => {
    const s = new Semaphore(1);
    const order: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const first = s.run(() => gate.then(() => order.push('holder')));
    const waiters = [
      s.run(async () => order.push('low-a'), 1),
      s.run(async () => order.push('none')),
      s.run(async () => order.push('high'), 9),
      s.run(async () => order.push('low-b'), 1),
      s.run(async () => order.push('middle'), 5),
    ];
    open();
    await Promise.all([first, ...waiters]);
    assert.deepEqual(order, ['holder', 'high', 'middle', 'low-a', 'low-b', 'none']);
  });

  it('a request waits for a slot by the priority of the work that sent it, through the calls it awaits', async () => {
    const sent: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const t = new RouteTransport(async (req) => {
      sent.push(new URL(req.url).pathname.split('/').pop()!);
      if (sent.length === 1) await held;
      return { status: 200 };
    });
    const c = client(t, { concurrency: 1 });
    const holder = c.send({ method: 'GET', url: `${A}/v/holder` });
    await new Promise((r) => setImmediate(r));
    const nested = async (name: string) => {
      await Promise.resolve();
      return c.send({ method: 'GET', url: `${A}/v/${name}` });
    };
    const plain = nested('plain');
    const lower = withPriority(2, () => nested('p2'));
    const higher = withPriority(7, () => nested('p7'));
    await new Promise((r) => setTimeout(r, 5));
    release();
    await Promise.all([holder, lower, higher, plain]);
    assert.deepEqual(sent, ['holder', 'p7', 'p2', 'plain']);
    assert.equal(currentPriority(), 0);
  });
});
