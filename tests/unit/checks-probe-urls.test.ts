// Every URL the checks build, probes included, is the catalog endpoint joined with the operation's
// path: endpoints that already carry version and project (`…/v1/<project>`, `…/v3/<project>`, as
// Keystone catalogs give Heat and Cinder), one that carries only the version, and an image endpoint
// that carries nothing (`…:9292`). All families run on every catalog operation against hand-made
// upstream-shaped services (software deployments and configs, the backup list, the Glance v1 list)
// behind a RouteTransport that records each request; every other path of the catalog answers a webob
// 404, and a path no catalog operation has is a finding here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Family, Service } from '../../src/catalog/model.ts';
import { loadCatalog, loadSchemas } from '../../src/catalog/load.ts';
import { SchemaRegistry } from '../../src/checks/ajv.ts';
import type { CheckContext } from '../../src/checks/model.ts';
import { checkContext, decisionIndex } from '../../src/checks/context.ts';
import { runFamily } from '../../src/checks/run-family.ts';
import { urlFor, urlForProject } from '../../src/checks/target.ts';
import { TargetClient } from '../../src/http/client.ts';
import type { HttpRequest } from '../../src/http/model.ts';
import { RouteTransport, type RouteAnswer } from '../../src/http/route-transport.ts';
import type { RequirementResult } from '../../src/results/model.ts';
import { DEFAULT_LIMITS } from '../../src/session/model.ts';

const TOKEN = 'tok-unit-probe-urls';
const P = '43242ebfd4694f258ec09a0bfb18f11c';
const HEX32 = '[0-9a-f]{32}';

const catalog = loadCatalog();
const registry = new SchemaRegistry(loadSchemas());
const decisions = decisionIndex(catalog);
const FAMILIES: Family[] = [
  'schema',
  'timestamps',
  'enums',
  'status-codes',
  'headers',
  'pagination',
  'filters',
  'stateful',
];

const json = (status: number, body: unknown, headers: Record<string, string> = {}): RouteAnswer => ({
  status,
  body,
  headers: { 'x-openstack-request-id': 'req-00000000-0000-4000-8000-000000000000', ...headers },
});
const heatFault = (code: number, type: string): RouteAnswer =>
  json(code, { code, title: type, explanation: type, error: { type, traceback: null, message: type } });

/** Upstream-shaped Heat at `/v1/<project>`: software configs, deployments, 403 for another project. */
function heat(): (req: HttpRequest, url: URL) => RouteAnswer | undefined {
  const rows = new Map<string, Record<string, unknown>>();
  const configs = new Set<string>();
  return (req, url) => {
    const m = /^\/v1\/([^/]+)\/(software_deployments|software_configs)(?:\/([^/]+))?$/.exec(url.pathname);
    if (!m) return undefined;
    if (m[1] !== P) return heatFault(403, 'HTTPForbidden');
    let body: Record<string, unknown> = {};
    if (req.body !== undefined) {
      try {
        body = JSON.parse(req.body) as Record<string, unknown>;
      } catch {
        return heatFault(400, 'HTTPBadRequest');
      }
    }
    if (m[2] === 'software_configs') {
      if (req.method === 'POST') {
        const id = `c0000000-0000-4000-8000-${String(configs.size).padStart(12, '0')}`;
        configs.add(id);
        return json(200, { software_config: { id, ...body } });
      }
      return req.method === 'DELETE' && m[3] && configs.delete(m[3]) ? { status: 204 } : heatFault(404, 'NotFound');
    }
    const show = (id: string) => {
      const { updated, ...row } = rows.get(id)!;
      return json(200, {
        software_deployment: {
          id,
          output_values: null,
          creation_time: '2024-03-01T12:00:00Z',
          ...(updated ? { updated_time: '2024-03-01T13:00:00Z' } : {}),
          ...row,
        },
      });
    };
    if (req.method === 'POST' && !m[3]) {
      if (typeof body.config_id !== 'string') return heatFault(400, 'Invalid');
      // Upstream 19.0.0 with the foreign key enforced (OBSERVED.md H39): an unknown config is a 500,
      // whatever else the request is about.
      if (!configs.has(body.config_id)) return heatFault(500, 'DBReferenceError');
      if (typeof body.server_id !== 'string') return heatFault(400, 'Invalid');
      if (typeof body.input_values === 'string') return heatFault(400, 'Invalid');
      if (typeof body.status === 'string' && !['COMPLETE', 'IN_PROGRESS', 'FAILED'].includes(body.status))
        return heatFault(400, 'Invalid');
      const id = `d0000000-0000-4000-8000-${String(rows.size).padStart(12, '0')}`;
      rows.set(id, body);
      return show(id);
    }
    if (req.method === 'GET' && !m[3])
      return json(200, { software_deployments: [...rows.keys()].map((id) => ({ id, ...rows.get(id) })) });
    if (!m[3] || !rows.has(m[3])) return heatFault(404, 'NotFound');
    if (req.method === 'GET') return show(m[3]);
    if (req.method === 'PUT') {
      if (typeof body.input_values === 'string') return heatFault(400, 'Invalid');
      if (typeof body.status === 'string' && !['COMPLETE', 'IN_PROGRESS', 'FAILED'].includes(body.status))
        return heatFault(400, 'Invalid');
      rows.set(m[3], { ...rows.get(m[3]), ...body, updated: true });
      return show(m[3]);
    }
    if (req.method === 'DELETE') {
      rows.delete(m[3]);
      return { status: 204 };
    }
    return heatFault(405, 'HTTPMethodNotAllowed');
  };
}

/** Upstream-shaped Cinder at `/v3/<project>`: `/backups` served, `/native/backups` a webob 404. */
function cinder(): (req: HttpRequest, url: URL) => RouteAnswer | undefined {
  const ids = Array.from({ length: 5 }, (_, i) => `b0000000-0000-4000-8000-00000000000${i}`);
  return (req, url) => {
    const m = /^\/v3\/([^/]+)\/(native\/)?backups(\/detail)?$/.exec(url.pathname);
    if (!m) return undefined;
    if (m[2]) return { status: 404, body: '404 Not Found\n\nThe resource could not be found.' };
    if (m[1] !== P) return json(400, { badRequest: { code: 400, message: 'Malformed request url' } });
    const q = url.searchParams;
    const fault = (code: number, message: string) =>
      json(code, { [code === 404 ? 'itemNotFound' : 'badRequest']: { code, message } });
    const limitText = q.get('limit');
    if (limitText !== null && !/^\d+$/.test(limitText)) return fault(400, 'limit param must be an integer');
    if (q.has('offset') && !/^\d+$/.test(q.get('offset')!)) return fault(400, 'offset must be an integer');
    const version = req.headers['OpenStack-API-Version'] ?? 'volume 3.0';
    if (/3\.9\d\d/.test(version))
      return json(
        406,
        { computeFault: { code: 406, message: 'Version is not supported' } },
        { 'OpenStack-API-Version': version },
      );
    let items = ids;
    const marker = q.get('marker');
    if (marker) {
      const at = items.indexOf(marker);
      if (at < 0) return fault(404, `Backup ${marker} could not be found.`);
      items = items.slice(at + 1);
    }
    items = items.slice(Number(q.get('offset') ?? 0));
    const limit = limitText === null ? 1000 : Number(limitText);
    const page = items.slice(0, limit);
    const base = `${url.origin}/v3/${P}/backups`;
    const next = new URL(base);
    for (const [k, v] of q) if (k !== 'marker' && k !== 'offset') next.searchParams.set(k, v);
    next.searchParams.set('marker', page.at(-1) ?? '');
    return json(
      200,
      {
        backups: page.map((id) => ({ id, name: null, links: [{ rel: 'self', href: `${base}/${id}` }] })),
        ...(items.length > limit ? { backups_links: [{ rel: 'next', href: next.toString() }] } : {}),
        ...(q.get('with_count') === 'true' ? { count: ids.length } : {}),
      },
      { 'OpenStack-API-Version': version },
    );
  };
}

/** Glance v1 at the host root: `/v1.1/images/detail` (and `/v1/images/detail`). */
function glance(): (req: HttpRequest, url: URL) => RouteAnswer | undefined {
  return (_req, url) => {
    if (!/^\/v1(\.1)?\/images\/detail$/.test(url.pathname)) return undefined;
    for (const [k, v] of url.searchParams) {
      if ((/^size_m|^limit$/.test(k) && !/^\d+$/.test(v)) || (k === 'changes-since' && Number.isNaN(Date.parse(v)))) {
        return { status: 400, body: `400 Bad Request\n\nBad value passed to filter ${k}` };
      }
    }
    return json(200, { images: [] });
  };
}

/** Whether a request path is some catalog operation's path (or alternate path), parameters filled. */
// The catalog's operations, and what its decisions have the suite create (`provide:`) and delete.
const provided = catalog.decisions.flatMap((d) =>
  (d.provide ?? []).flatMap((p) => (p.create ? [p.create.path, `${p.create.path}/{id}`] : [])),
);
const templates = [...catalog.operations.flatMap((op) => [op.path, ...op.alternatePaths]), ...provided].map(
  (t) =>
    new RegExp(
      `^${t
        .split('?')[0]!
        .split(/\{[^}]+\}/)
        .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
        .join('[^/]+')}$`,
    ),
);
const inCatalog = (path: string): boolean => templates.some((re) => re.test(path));

/** The operations the hand-made services answer like upstream: their verdicts are asserted. */
const HAND_MADE =
  /^\/v1\/\{project_id\}\/software_(deployments|configs)(\/\{[^}]+\})?$|\/backups$|^\/v1(\.1)?\/images\/detail$/;
const handMade = new Set(catalog.operations.filter((op) => HAND_MADE.test(op.path)).map((op) => op.id));

interface Setup {
  endpoints: Partial<Record<Service, string>>;
  /** Highest volume microversion served (default 3.70, Cinder Zed). */
  maxVolume?: string;
}

/** Runs every family of every operation; returns the requests that reached no service, and all URLs. */
async function runAll(
  setup: Setup,
): Promise<{ unknown: string[]; urls: string[]; versions: string[]; results: RequirementResult[] }> {
  const services = [heat(), cinder(), glance()];
  const unknown: string[] = [];
  const transport = new RouteTransport((req, url) => {
    if (req.headers['X-Auth-Token'] !== TOKEN)
      return {
        status: 401,
        body: {
          error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' },
        },
      };
    for (const s of services) {
      const answer = s(req, url);
      if (answer) return answer;
    }
    if (!inCatalog(url.pathname)) unknown.push(`${req.method} ${req.url}`);
    return { status: 404, body: '404 Not Found\n\nThe resource could not be found.' };
  });
  const client = new TargetClient(
    {
      endpoints: setup.endpoints,
      authHeaders: async () => ({ 'X-Auth-Token': TOKEN }),
      secrets: () => [TOKEN],
      limits: DEFAULT_LIMITS,
    },
    transport,
  );
  const memo = new Map<string, Promise<unknown>>();
  const results: RequirementResult[] = [];
  for (const op of catalog.operations) {
    const ctx = checkContext({
      catalog,
      operation: op,
      session: {
        projectId: P,
        embedded: false,
        endpoints: setup.endpoints,
        microversions: { 'block-storage': { min: '3.0', max: setup.maxVolume ?? '3.70' } },
        readOnly: false,
        limits: DEFAULT_LIMITS,
      },
      client,
      schemas: registry,
      decisions,
      memo,
    });
    for (const family of FAMILIES) {
      const reqs = catalog.requirements.filter((r) => r.operation === op.id && r.family === family);
      if (reqs.length > 0) results.push(...(await runFamily(ctx, family, reqs)));
    }
  }
  const versions = transport.requests.map((r) => r.headers['OpenStack-API-Version']).filter((v): v is string => !!v);
  return { unknown, urls: transport.requests.map((r) => `${r.method} ${r.url}`), versions, results };
}

const ORIGIN = 'http://127.0.0.1:8004';

describe('probe URLs on catalog endpoints', () => {
  const catalogs: [string, Partial<Record<Service, string>>][] = [
    [
      'endpoints with version and project (Keystone catalog)',
      {
        orchestration: `${ORIGIN}/v1/${P}`,
        'block-storage': `http://127.0.0.1:8776/v3/${P}`,
        image: 'http://127.0.0.1:9292',
      },
    ],
    [
      'endpoints with the version only, trailing slashes',
      { orchestration: `${ORIGIN}/v1/`, 'block-storage': 'http://127.0.0.1:8776/v3/', image: 'http://127.0.0.1:9292/' },
    ],
    [
      'bare hosts; an image endpoint of another version',
      { orchestration: ORIGIN, 'block-storage': 'http://127.0.0.1:8776', image: 'http://127.0.0.1:9292/v2' },
    ],
  ];
  for (const [name, endpoints] of catalogs) {
    it(`${name}: every request reaches a known path, no segment repeated`, async () => {
      const { unknown, urls, results } = await runAll({ endpoints });
      assert.deepEqual(unknown, []);
      for (const u of urls) {
        const path = new URL(u.split(' ')[1]!).pathname;
        assert.doesNotMatch(path, /\/v\d+(\.\d+)?\/.*\/v\d+(\.\d+)?\//, `a version segment twice in ${u}`);
        assert.doesNotMatch(path, /\/([^/]+)\/\1\//, `a segment repeated in ${u}`);
        assert.ok(inCatalog(path), `${u} is no catalog operation's path`);
        // Project-scoped paths carry the session's project (or another project, in the 403 probes).
        if (/^\/v[13]\/[^/]+\//.test(path)) assert.match(path, new RegExp(`^/v[13]/${HEX32}/`), u);
      }
      // Every operation of the catalog was asked at least once.
      const asked = new Set(urls.map((u) => new URL(u.split(' ')[1]!).pathname));
      const never = catalog.operations.filter(
        (op) =>
          op.method !== 'HEAD' &&
          ![op.path, ...op.alternatePaths].some((t) =>
            [...asked].some((p) =>
              new RegExp(
                `^${t
                  .split('?')[0]!
                  .replace(/\{[^}]+\}/g, '[^/]+')
                  .replace(/\./g, '\\.')}$`,
              ).test(p),
            ),
          ),
      );
      assert.ok(never.length < catalog.operations.length / 2, `never asked: ${never.map((o) => o.id).join(', ')}`);
      // Each other-project probe names another project and nothing else changes.
      const others = urls.filter((u) => !u.includes(P) && /\/v[13]\//.test(u) && !/images/.test(u));
      assert.ok(others.length >= 4, `other-project probes: ${others.join(', ')}`);
      for (const u of others) assert.match(u, new RegExp(`/v[13]/${HEX32}/(software_deployments|backups)`));
      // The services answer errors like upstream: no error-code or error-body failure (their filters
      // are not the point here).
      const failed = results
        .filter(
          (r) =>
            handMade.has(r.operation) &&
            r.verdict === 'fail' &&
            (r.family === 'status-codes' || r.family === 'stateful' || r.family === 'enums'),
        )
        .map((r) => `${r.requirementId}: ${r.failures[0]?.message}`);
      assert.deepEqual(failed, []);
      const bodies = results.filter(
        (r) =>
          r.checkId === 'error-body-upstream-fault' &&
          r.operation.startsWith('software-deployment') &&
          handMade.has(r.operation) &&
          !/^no check exercises /.test(r.reason ?? ''),
      );
      assert.ok(
        bodies.length > 0 && bodies.every((r) => r.verdict === 'pass'),
        bodies.map((r) => `${r.requirementId} ${r.verdict} ${r.reason ?? ''}`).join('\n'),
      );
    });
  }

  it('one software config per worker, made beside the deployments and shared', async () => {
    const { urls } = await runAll({ endpoints: { orchestration: `${ORIGIN}/v1/${P}` } });
    const configs = urls.filter((u) => u.startsWith('POST') && u.endsWith('/software_configs'));
    assert.equal(configs.length, 1, 'one software config per worker, shared');
    assert.equal(configs[0], `POST ${ORIGIN}/v1/${P}/software_configs`);
  });

  it('a Cinder that serves 3.0 to 3.40: with_count and like filters are not applicable with the reason, never asked for', async () => {
    const { results, versions } = await runAll({
      endpoints: { 'block-storage': `http://127.0.0.1:8776/v3/${P}` },
      maxVolume: '3.40',
    });
    const counted = results.filter(
      (r) =>
        handMade.has(r.operation) &&
        /with-count|\.count\./.test(r.requirementId) &&
        !/^no check exercises /.test(r.reason ?? ''),
    );
    assert.ok(counted.length >= 2, counted.map((r) => r.requirementId).join(', '));
    for (const r of counted) {
      assert.equal(r.verdict, 'not-applicable', r.requirementId);
      assert.match(r.reason ?? '', /needs microversion 3\.45; the target serves 3\.0 to 3\.40/);
    }
    // Like filters are sent at the note's 3.45 too (decision backup-microversion-note): not applicable
    // either; plain filters still run. Nothing above the maximum is sent but the out-of-range probe.
    for (const id of ['name-like', 'status-like', 'volume-id-like']) {
      const r = results.find((q) => q.requirementId === `backup-list.${id}.filter-narrows`);
      assert.equal(r?.verdict, 'not-applicable', id);
      assert.match(r?.reason ?? '', /needs microversion 3\.45/);
    }
    assert.notEqual(
      results.find((q) => q.requirementId === 'backup-list.name.filter-narrows')?.verdict,
      'not-applicable',
    );
    const above = versions.filter((v) => !/^volume 3\.([0-9]|[1-3][0-9]|40)$/.test(v));
    assert.ok(
      above.every((v) => /^volume 3\.9/.test(v)),
      above.join(', '),
    );
  });

  const session = (endpoint: string) =>
    ({ session: { projectId: P }, operation: catalog.operations[0] }) as unknown as CheckContext;
  const cases: [string, string, string, string, string][] = [
    [
      'heat, endpoint with project',
      `${ORIGIN}/v1/${P}`,
      '/v1/{project_id}/software_deployments/{deployment_id}',
      `${ORIGIN}/v1/${P}/software_deployments/d1`,
      `${ORIGIN}/v1/OTHER/software_deployments/d1`,
    ],
    [
      'heat behind a path prefix',
      `http://h/heat-api/v1/${P}`,
      '/v1/{project_id}/software_deployments',
      `http://h/heat-api/v1/${P}/software_deployments`,
      `http://h/heat-api/v1/OTHER/software_deployments`,
    ],
    [
      'cinder, endpoint with project',
      `http://h:8776/v3/${P}`,
      '/v3/{project_id}/native/backups',
      `http://h:8776/v3/${P}/native/backups`,
      `http://h:8776/v3/OTHER/native/backups`,
    ],
    [
      'cinder, endpoint with the version only',
      'http://h:8776/v3',
      '/v3/{project_id}/backups',
      `http://h:8776/v3/${P}/backups`,
      `http://h:8776/v3/OTHER/backups`,
    ],
    [
      'image, unversioned endpoint',
      'http://h:9292',
      '/v1.1/images/detail',
      'http://h:9292/v1.1/images/detail',
      'http://h:9292/v1.1/images/detail',
    ],
  ];
  for (const [name, endpoint, path, own, other] of cases) {
    it(`urlFor / urlForProject: ${name}`, () => {
      const ctx = session(endpoint);
      assert.equal(urlFor(ctx, { path, endpoint }, { deployment_id: 'd1' }), own);
      assert.equal(urlForProject(ctx, { path, endpoint }, 'OTHER', { deployment_id: 'd1' }), other);
    });
  }
});
