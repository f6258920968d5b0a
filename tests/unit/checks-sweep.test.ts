import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { CheckContext } from '../../src/checks/model.ts';
import { isStaleLeftover, STALE_AFTER_MS, sweepLeftovers, taggedAt } from '../../src/checks/plans/sweep.ts';
import { runTag } from '../../src/checks/plans/bodies.ts';
import { checkContext } from '../../src/checks/context.ts';
import { TargetClient } from '../../src/http/client.ts';
import { RouteTransport } from '../../src/http/route-transport.ts';
import { DEFAULT_LIMITS } from '../../src/session/model.ts';

const NOW = Date.UTC(2025, 5, 1, 12);
const tagAt = (ms: number) => `cac-${ms.toString(36)}-abc123`;
const tag = (msAgo: number) => tagAt(NOW - msAgo);
const OLD = tag(STALE_AFTER_MS + 60_000);
const FRESH = tag(60_000);

describe("which deployments are the suite's stale leftovers", () => {
  // given a listed deployment → want whether it is deleted
  const cases: [string, Record<string, unknown>, boolean][] = [
    ['ours, from a run an hour ago (server_id)', { server_id: `${OLD}-create-server-id` }, true],
    [
      'ours, updated (status_reason) and made-up config',
      { status_reason: `${OLD}-update-status-reason`, config_id: `${OLD}-config` },
      true,
    ],
    ['ours, from a run still going', { server_id: `${FRESH}-create-server-id` }, false],
    [
      'mixed times: one field from a live run',
      { server_id: `${OLD}-create-server-id`, status_reason: `${FRESH}-update-status-reason` },
      false,
    ],
    [
      "someone else's, named cac- by coincidence",
      { server_id: 'cac-prod-web-01', status_reason: 'cac-deploy done' },
      false,
    ],
    [
      "someone else's",
      { server_id: '9b2f0c56-1b5e-4a6e-9d10-3f1f4d9c2a11', status_reason: 'Deploy data available' },
      false,
    ],
    [
      'a tag time in the future',
      { server_id: `cac-${(NOW + 86_400_000).toString(36)}-abc123-create-server-id` },
      false,
    ],
    ['not strings', { server_id: 42, status_reason: null }, false],
  ];
  for (const [name, item, want] of cases) it(name, () => assert.equal(isStaleLeftover(item, NOW), want));

  it('reads the time runTag() writes', () => {
    const at = taggedAt(`${runTag()}-create-server-id`);
    assert.ok(at !== undefined && Math.abs(Date.now() - at) < 5_000);
  });
});

describe('sweepLeftovers', () => {
  const catalog = loadCatalog();
  const endpoint = 'http://127.0.0.1:1/heat-api/v1/p1';
  // sweepLeftovers reads the real clock
  const stale = tagAt(Date.now() - STALE_AFTER_MS - 60_000);
  const list = `${endpoint}/software_deployments`;
  const at = { kind: 'software-deployment', listUrl: list, memberUrl: (id: string) => `${list}/${id}` };

  function context(listing: unknown, readOnly = false) {
    const deleted: string[] = [];
    const transport = new RouteTransport((req, url) => {
      if (req.method === 'GET') return { status: 200, body: listing };
      if (req.method === 'DELETE') {
        deleted.push(url.pathname.split('/').pop()!);
        return { status: 204 };
      }
      return { status: 405, body: {} };
    });
    const client = new TargetClient(
      {
        endpoints: { orchestration: endpoint },
        authHeaders: async () => ({ 'X-Auth-Token': 't' }),
        secrets: () => [],
        limits: DEFAULT_LIMITS,
      },
      transport,
    );
    const ctx: CheckContext = checkContext({
      catalog,
      operation: catalog.operations[0]!,
      session: {
        projectId: 'p1',
        embedded: false,
        endpoints: { orchestration: endpoint },
        microversions: {},
        readOnly,
        limits: DEFAULT_LIMITS,
      },
      client,
      schemas: undefined as never,
      decisions: new Map(),
      memo: new Map(),
    });
    return { ctx, deleted, transport };
  }

  it("deletes only the stale deployments of the suite, in the token's project", async () => {
    const { ctx, deleted } = context({
      software_deployments: [
        { id: 'd1', server_id: `${stale}-create-server-id` },
        { id: 'd2', server_id: 'web-01', status_reason: 'Deploy data available' },
        { id: 'd3', server_id: `${tagAt(Date.now() - 1_000)}-create-server-id` },
      ],
    });
    const sweep = await sweepLeftovers(ctx, at);
    assert.deepEqual(deleted, ['d1']);
    assert.deepEqual(sweep, { deleted: ['software-deployment d1'], problems: [] });
  });

  it('does nothing in read-only mode, not even list', async () => {
    const { ctx, transport } = context(
      { software_deployments: [{ id: 'd1', server_id: `${stale}-create-server-id` }] },
      true,
    );
    await sweepLeftovers(ctx, at);
    assert.equal(transport.requests.length, 0);
  });

  it('leaves a target that does not list alone', async () => {
    const { ctx, deleted } = context('not json');
    const sweep = await sweepLeftovers(ctx, at);
    assert.deepEqual([deleted, sweep.deleted], [[], []]);
  });
});
