// Which answers to the probe of a list operation mean "not served": 404 at every path, or a 300
// versions document in answer to a path that names an API version (Glance 25 answers
// /v1.1/images/detail so). A 300 at a path naming no version is the operation's own answer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog, loadSchemas } from '../../src/catalog/load.ts';
import { SchemaRegistry } from '../../src/checks/ajv.ts';
import { checkContext, decisionIndex } from '../../src/checks/context.ts';
import { notServedBy, served } from '../../src/checks/target.ts';
import { TargetClient } from '../../src/http/client.ts';
import type { HttpRequest } from '../../src/http/model.ts';
import { RouteTransport, type RouteAnswer } from '../../src/http/route-transport.ts';
import { DEFAULT_LIMITS } from '../../src/session/model.ts';

const TOKEN = 'tok-unit-0000000000';
const ENDPOINTS = { image: 'http://127.0.0.1:1/image' };
const catalog = loadCatalog();
const registry = new SchemaRegistry(loadSchemas());

const VERSIONS: RouteAnswer = { status: 300, body: { versions: [{ id: 'v2.16', status: 'CURRENT', links: [] }] } };

function context(operation: string, route: (req: HttpRequest, url: URL) => RouteAnswer) {
  const op = catalog.operations.find((o) => o.method === 'GET' && o.service === 'image' && o.path === operation)!;
  assert.ok(op, operation);
  const client = new TargetClient(
    {
      endpoints: ENDPOINTS,
      authHeaders: async () => ({ 'X-Auth-Token': TOKEN }),
      secrets: () => [TOKEN],
      limits: DEFAULT_LIMITS,
    },
    new RouteTransport(route),
  );
  return checkContext({
    catalog,
    operation: op,
    session: {
      projectId: 'p1',
      embedded: false,
      endpoints: ENDPOINTS,
      microversions: {},
      readOnly: false,
      limits: DEFAULT_LIMITS,
    },
    client,
    schemas: registry,
    decisions: decisionIndex(catalog),
    memo: new Map(),
  });
}

describe('served', () => {
  it('a versioned path answered 404 or 300 is not served, and the reason names each answer', async () => {
    const ctx = context('/v1.1/images/detail', (_req, url) =>
      url.pathname.startsWith('/image/v1.1/') ? VERSIONS : { status: 404, body: 'Not Found' },
    );
    const where = await served(ctx);
    assert.ok('notServed' in where, JSON.stringify(where));
    assert.match(
      where.notServed,
      /GET \S+\/v1\.1\/images\/detail answers 300 \(a versions document: v1\.1 is not served\)/,
    );
    assert.match(where.notServed, /GET \S+\/v1\/images\/detail answers 404/);
  });

  it('the alternate path serves when the documented one answers 300', async () => {
    const ctx = context('/v1.1/images/detail', (_req, url) =>
      url.pathname.startsWith('/image/v1/') ? { status: 200, body: { images: [] } } : VERSIONS,
    );
    assert.deepEqual(await served(ctx), { path: '/v1/images/detail', endpoint: ENDPOINTS.image });
  });

  it('a 300 at a path naming no version is the operation answering (the versions list)', async () => {
    const ctx = context('/', () => VERSIONS);
    assert.deepEqual(await served(ctx), { path: '/', endpoint: ENDPOINTS.image });
  });

  it('other codes are served; 300 only counts with a version in the path', () => {
    assert.equal(notServedBy('/v2/images', 200), undefined);
    assert.equal(notServedBy('/v2/images', 500), undefined);
    assert.equal(notServedBy('/v2/images', undefined), undefined);
    assert.equal(notServedBy('/v3/{project_id}/volumes', 300), '300 (a versions document: v3 is not served)');
    assert.equal(notServedBy('/', 300), undefined);
    assert.equal(notServedBy('/versions', 300), undefined);
    assert.equal(notServedBy('/anything', 404), '404');
  });
});
