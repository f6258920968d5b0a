import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TargetClient } from '../../src/http/client.ts';
import { RouteTransport } from '../../src/http/route-transport.ts';
import { walk } from '../../src/checks/walk.ts';
import { DEFAULT_LIMITS } from '../../src/session/model.ts';

const BASE = 'http://127.0.0.1:1/v3/p/backups';
const IDS = Array.from({ length: 7 }, (_, i) => `b${i}`);

type Fault = 'none' | 'skip' | 'repeat' | 'self' | 'other-host' | 'no-link' | 'short-last-link';

function server(fault: Fault) {
  return new RouteTransport((_req, url) => {
    const limit = Number(url.searchParams.get('limit') ?? 1000);
    const marker = url.searchParams.get('marker');
    const start = marker ? IDS.indexOf(marker) + 1 : 0;
    const page = IDS.slice(start, start + limit);
    const body: Record<string, unknown> = { backups: page.map((id) => ({ id })) };
    let last = page[page.length - 1];
    if (fault === 'skip' && last) last = IDS[IDS.indexOf(last) + 1] ?? last;
    if (fault === 'repeat' && page.length > 1) last = page[page.length - 2];
    const full = page.length === limit;
    if ((full && fault !== 'no-link') || (fault === 'short-last-link' && page.length > 0)) {
      let href = `${BASE}?limit=${limit}&marker=${last}`;
      if (fault === 'self') href = url.toString();
      if (fault === 'other-host') href = href.replace('127.0.0.1:1', 'elsewhere.invalid');
      body.backups_links = [{ rel: 'next', href }];
    }
    return { status: 200, body };
  });
}

async function walkWith(fault: Fault, limit: number) {
  const t = server(fault);
  const client = new TargetClient(
    {
      endpoints: { 'block-storage': BASE },
      authHeaders: async () => ({ 'X-Auth-Token': 'tok-0000' }),
      secrets: () => [],
      limits: DEFAULT_LIMITS,
    },
    t,
  );
  const first = await client.send({ method: 'GET', url: `${BASE}?limit=${limit}` });
  const r = await walk(first, (u) => client.send({ method: 'GET', url: u }), {
    itemsKey: 'backups',
    linksKey: 'backups_links',
    rel: 'next',
    limit,
    expected: new Set(IDS),
    maxPages: 50,
    maxItems: 1000,
    sameTarget: (u) => client.isTargetUrl(u),
  });
  return {
    assertions: [...new Set(r.problems.filter((p) => !p.upstreamHabit).map((p) => p.assertion))].sort(),
    habits: [...new Set(r.problems.filter((p) => p.upstreamHabit).map((p) => p.assertion))].sort(),
    requests: t.requests,
  };
}

// given fault and page size → want the assertions that depart
const CASES: [Fault, number, string[]][] = [
  ['none', 2, []],
  ['none', 7, []], // exactly full last page: a link to an empty page is upstream's habit, judged by its decision
  ['none', 3, []],
  ['skip', 2, ['next-link-exactly-when-more', 'walk-no-gaps']],
  ['repeat', 3, ['walk-no-repeats']],
  ['self', 2, ['walk-bounded']],
  ['other-host', 2, ['link-same-origin']],
  ['no-link', 2, ['next-link-exactly-when-more', 'walk-no-gaps']],
  ['short-last-link', 3, ['next-link-exactly-when-more']],
];

describe('walk', () => {
  for (const [fault, limit, want] of CASES) {
    it(`${fault}, limit=${limit} → ${want.join(', ') || 'no departure'}`, async () => {
      const { assertions } = await walkWith(fault, limit);
      assert.deepEqual(assertions, want);
    });
  }
  it("reports the link after an exactly full last page as upstream's habit, for the decision to judge", async () => {
    assert.deepEqual((await walkWith('none', 7)).habits, ['next-link-exactly-when-more']);
    assert.deepEqual((await walkWith('none', 3)).habits, []);
  });
  it('never follows a link to another host', async () => {
    const { requests } = await walkWith('other-host', 2);
    assert.ok(requests.every((r) => r.url.startsWith('http://127.0.0.1:1/')));
  });
});
