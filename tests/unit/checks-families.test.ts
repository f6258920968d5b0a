// Given/want tables for the schema, filter, status-code and request-enum checks, run through the real
// registry, decisions and verdict logic against hand-made services behind a RouteTransport (no
// network). Each table shows the check failing on a broken reply and passing on legal variations;
// `want` lists every requirement of the family that does not pass (the rest must pass).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Family } from '../../src/catalog/model.ts';
import { loadCatalog, loadSchemas } from '../../src/catalog/load.ts';
import { SchemaRegistry } from '../../src/checks/ajv.ts';
import { checkContext, decisionIndex } from '../../src/checks/context.ts';
import { runFamily } from '../../src/checks/run-family.ts';
import { TargetClient } from '../../src/http/client.ts';
import type { HttpRequest } from '../../src/http/model.ts';
import { RouteTransport, type RouteAnswer } from '../../src/http/route-transport.ts';
import { DEFAULT_LIMITS, type Limits } from '../../src/session/model.ts';

const TOKEN = 'tok-unit-0000000000';
const ORIGIN = 'http://127.0.0.1:1';
const PROJECT = 'p1';
const ENDPOINTS = {
  orchestration: `${ORIGIN}/heat-api/v1/${PROJECT}`,
  image: `${ORIGIN}/image`,
  'block-storage': `${ORIGIN}/volume/v3/${PROJECT}`,
};

const catalog = loadCatalog();
const registry = new SchemaRegistry(loadSchemas());
const decisions = decisionIndex(catalog);

type Route = (req: HttpRequest, url: URL) => RouteAnswer;

/** Verdicts of every requirement of `family` on `operation` other than pass, keyed without the operation prefix. */
async function departures(
  operation: string,
  family: Family,
  route: Route | ((req: HttpRequest, url: URL) => Promise<RouteAnswer>),
  messages?: string[],
  limits: Limits = DEFAULT_LIMITS,
): Promise<Record<string, string>> {
  const op = catalog.operations.find((o) => o.id === operation)!;
  const client = new TargetClient(
    {
      endpoints: ENDPOINTS,
      authHeaders: async () => ({ 'X-Auth-Token': TOKEN }),
      secrets: () => [TOKEN],
      limits,
    },
    new RouteTransport(route),
  );
  const memo = new Map<string, Promise<unknown>>();
  const ctx = checkContext({
    catalog,
    operation: op,
    session: {
      projectId: PROJECT,
      embedded: false,
      endpoints: ENDPOINTS,
      microversions: { 'block-storage': { min: '3.0', max: '3.71' } },
      readOnly: false,
      limits,
    },
    client,
    schemas: registry,
    decisions,
    memo,
  });
  const reqs = catalog.requirements.filter((r) => r.operation === operation && r.family === family);
  assert.ok(reqs.length > 0, `${operation} has ${family} requirements`);
  const results = await runFamily(ctx, family, reqs);
  messages?.push(
    ...results.flatMap((r) => [...r.failures.map((f) => `${f.message} ${f.received ?? ''}`), r.reason ?? '']),
  );
  return Object.fromEntries(
    results
      .filter((r) => r.verdict !== 'pass')
      .map((r) => [r.requirementId.slice(operation.length + 1), `${r.verdict} ${r.level}`]),
  );
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): RouteAnswer => ({
  status,
  body,
  headers: { 'x-openstack-request-id': 'req-00000000-0000-4000-8000-000000000000', ...headers },
});
const keystone401 = (): RouteAnswer => ({
  status: 401,
  body: { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } },
});
const authorized = (req: HttpRequest) => req.headers['X-Auth-Token'] === TOKEN;

// ---------------------------------------------------------------- image list (Glance v1)

type Image = Record<string, unknown>;

function image(i: number, over: Image = {}): Image {
  return {
    id: `00000000-0000-4000-8000-00000000000${i}`,
    name: `image-${i % 3}`,
    status: i % 2 ? 'active' : 'queued',
    container_format: i % 2 ? 'bare' : 'ovf',
    disk_format: i % 3 ? 'qcow2' : 'raw',
    size: 1000 * (i + 1),
    virtual_size: null,
    checksum: 'c0ffee',
    created_at: `2024-03-0${i + 1}T12:00:00.000000`,
    updated_at: `2024-03-0${i + 1}T13:00:00.000000`,
    deleted_at: null,
    deleted: false,
    is_public: true,
    protected: false,
    min_ram: 0,
    min_disk: 0,
    owner: PROJECT,
    properties: {},
    ...over,
  };
}

const IMAGES = Array.from({ length: 7 }, (_, i) => image(i));

interface GlanceOptions {
  item?: (img: Image) => Image;
  envelope?: (items: Image[]) => unknown;
  ignore?: string[];
  swapSizes?: boolean;
  badValue?: 'accepted' | 500;
  pageSize?: number;
  extraDeleted?: boolean;
}

/** Glance v1 `/images/detail`: exact filters, size_min/max ≥ 0 integers, changes-since, limit/marker. */
function glance(o: GlanceOptions = {}): Route {
  return (req, url) => {
    if (!authorized(req)) return keystone401();
    if (!url.pathname.endsWith('/images/detail'))
      return { status: 404, body: '404 Not Found\n\nThe resource could not be found.' };
    const q = url.searchParams;
    const bad = (what: string): RouteAnswer | undefined =>
      o.badValue === 'accepted'
        ? undefined
        : o.badValue === 500
          ? { status: 500, body: 'Internal error' }
          : { status: 400, body: `400 Bad Request\n\nBad value passed to filter ${what}` };
    let items = o.extraDeleted
      ? [
          ...IMAGES,
          image(8, {
            deleted: true,
            deleted_at: '2024-03-09T14:00:00.000000',
            updated_at: '2024-03-09T14:00:00.000000',
            status: 'deleted',
          }),
        ]
      : IMAGES;
    for (const key of ['name', 'container_format', 'disk_format', 'status']) {
      const v = q.get(key);
      if (v !== null && !o.ignore?.includes(key)) items = items.filter((i) => i[key] === v);
    }
    for (const key of ['size_min', 'size_max']) {
      const v = q.get(key);
      if (v === null) continue;
      if (!/^\d+$/.test(v)) {
        const refusal = bad(key);
        if (refusal) return refusal;
        continue;
      }
      const min = (key === 'size_min') !== !!o.swapSizes;
      items = items.filter((i) => (min ? (i.size as number) >= Number(v) : (i.size as number) <= Number(v)));
    }
    const since = q.get('changes-since');
    if (since !== null) {
      const t = Date.parse(since);
      if (Number.isNaN(t)) {
        const refusal = bad('changes-since');
        if (refusal) return refusal;
      } else if (!o.ignore?.includes('changes-since')) {
        items = items.filter((i) => Date.parse(`${i.updated_at as string}Z`) >= t);
      }
    }
    const marker = q.get('marker');
    if (marker) items = items.slice(items.findIndex((i) => i.id === marker) + 1);
    const limit = q.get('limit') ? Math.min(Number(q.get('limit')), 1000) : (o.pageSize ?? 25);
    items = items.slice(0, limit).map(o.item ?? ((i) => i));
    return json(200, o.envelope ? o.envelope(items) : { images: items });
  };
}

describe('schema checks: image list', () => {
  const cases: [string, GlanceOptions, Record<string, string>][] = [
    ['upstream shape', {}, {}],
    ['legal: extra keys (os_hash_algo)', { item: (i) => ({ ...i, os_hash_algo: 'sha512' }) }, {}],
    [
      'legal: null in every decided nullable column',
      {
        item: (i) => ({
          ...i,
          name: null,
          checksum: null,
          size: null,
          owner: null,
          disk_format: null,
          container_format: null,
          updated_at: null,
        }),
      },
      {},
    ],
    [
      'broken: size as a decimal string',
      { item: (i) => ({ ...i, size: String(i.size) }) },
      { 'images.size.field-type': 'fail MUST' },
    ],
    [
      'broken: status missing',
      { item: ({ status: _s, ...rest }) => rest },
      { 'images.status.field-present': 'fail MUST' },
    ],
    [
      'broken: protected null',
      { item: (i) => ({ ...i, protected: null }) },
      { 'images.protected.field-type': 'fail MUST' },
    ],
    ['broken: id a number', { item: (i) => ({ ...i, id: 7 }) }, { 'images.id.field-type': 'fail MUST' }],
    [
      'broken: images keyed by id instead of a list',
      { envelope: (items) => ({ images: Object.fromEntries(items.map((i) => [i.id, i])) }) },
      { 'images.envelope': 'fail MUST' },
    ],
  ];
  for (const [name, given, want] of cases) {
    it(name, async () => assert.deepEqual(await departures('image-list-detail', 'schema', glance(given)), want));
  }
});

describe('filter checks: image list', () => {
  const cases: [string, GlanceOptions, Record<string, string>][] = [
    ['upstream filters', {}, {}],
    ['legal: changes-since also returns deleted images', { extraDeleted: true }, {}],
    ['legal: a default page of 10 (limit still honoured)', { pageSize: 10 }, {}],
    ['broken: status ignored', { ignore: ['status'] }, { 'status.filter-narrows': 'fail MUST' }],
    ['broken: name ignored', { ignore: ['name'] }, { 'name.filter-narrows': 'fail MUST' }],
    [
      'broken: size_min and size_max swapped',
      { swapSizes: true },
      { 'size-min.filter-narrows': 'fail MUST', 'size-max.filter-narrows': 'fail MUST' },
    ],
    ['broken: changes-since ignored', { ignore: ['changes-since'] }, { 'changes-since.filter-narrows': 'fail MUST' }],
    [
      'broken (SHOULD): malformed size_min and changes-since accepted',
      { badValue: 'accepted' },
      { 'size-min.filter-bad-value-rejected': 'fail SHOULD', 'changes-since.filter-bad-value-rejected': 'fail SHOULD' },
    ],
    [
      'broken (SHOULD): malformed values answered 500',
      { badValue: 500 },
      { 'size-min.filter-bad-value-rejected': 'fail SHOULD', 'changes-since.filter-bad-value-rejected': 'fail SHOULD' },
    ],
  ];
  for (const [name, given, want] of cases) {
    it(name, async () => assert.deepEqual(await departures('image-list-detail', 'filters', glance(given)), want));
  }
});

// ---------------------------------------------------------------- backup list (Cinder v3)

interface CinderOptions {
  otherProject?: 'cinder-400' | 'heat-style-403' | 'hidden-404' | 'served' | 500;
  auth?: 'keystone' | '403' | 'plain-401';
  badLimit?: 400 | 500 | 'accepted';
  fault?: 'cinder' | 'flat';
}

const BACKUPS = Array.from({ length: 5 }, (_, i) => `b0000000-0000-4000-8000-00000000000${i}`);

/** Cinder `/v3/{project_id}/backups`: keystonemiddleware, the project check, limit validation, faults. */
function cinder(o: CinderOptions = {}): Route {
  const fault = (code: number, name: string, message: string): RouteAnswer =>
    json(code, o.fault === 'flat' ? { code, message } : { [name]: { code, message } });
  return (req, url) => {
    if (!authorized(req)) {
      if (o.auth === '403') return json(403, { forbidden: { code: 403, message: 'Forbidden' } });
      if (o.auth === 'plain-401') return { status: 401, body: 'Authentication required' };
      return keystone401();
    }
    const m = /^\/volume\/v3\/([^/]+)\/(?:native\/)?backups$/.exec(url.pathname);
    if (!m) return fault(404, 'itemNotFound', 'Not found');
    if (m[1] !== PROJECT) {
      switch (o.otherProject ?? 'cinder-400') {
        case 'cinder-400':
          return fault(400, 'badRequest', 'Malformed request url');
        case 'heat-style-403':
          return fault(403, 'forbidden', 'Access was denied to this resource.');
        case 'hidden-404':
          return fault(404, 'itemNotFound', 'Project not found');
        case 500:
          return fault(500, 'computeFault', 'Unexpected error');
        case 'served':
          break;
      }
    }
    const limit = url.searchParams.get('limit');
    if (limit !== null && !/^\d+$/.test(limit)) {
      if (o.badLimit === 500) return fault(500, 'computeFault', 'ValueError');
      if (o.badLimit !== 'accepted') return fault(400, 'badRequest', 'limit param must be an integer');
    }
    const version = req.headers['OpenStack-API-Version'] ?? 'volume 3.0';
    return json(
      200,
      {
        backups: BACKUPS.map((id) => ({
          id,
          name: null,
          links: [{ rel: 'self', href: `${ORIGIN}/volume/v3/${m[1]}/backups/${id}` }],
        })),
      },
      { 'OpenStack-API-Version': version },
    );
  };
}

describe('status-code checks: backup list', () => {
  const cases: [string, CinderOptions, Record<string, string>][] = [
    ['upstream Cinder: another project gets 400 "Malformed request url"', {}, {}],
    ['legal: another project gets 403', { otherProject: 'heat-style-403' }, {}],
    ['legal: another project gets 404, hiding it', { otherProject: 'hidden-404' }, {}],
    [
      'broken (SHOULD): another project is served',
      { otherProject: 'served' },
      { '403-other-project.error-code': 'fail SHOULD' },
    ],
    [
      'broken (SHOULD): another project is a server error',
      { otherProject: 500 },
      { '403-other-project.error-code': 'fail SHOULD' },
    ],
    [
      'broken: a missing or made-up token gets 403',
      { auth: '403' },
      // No 401 answer, so no 401 body to judge: the status is the error-code requirements' failure.
      {
        '401-missing-token.error-code': 'fail MUST',
        '401-invalid-token.error-code': 'fail MUST',
        'keystone-401.error-body': 'not-applicable SHOULD',
      },
    ],
    [
      'broken (SHOULD): 401 with a plain-text body',
      { auth: 'plain-401' },
      { 'keystone-401.error-body': 'fail SHOULD' },
    ],
    [
      'broken (SHOULD): a malformed limit answers 500',
      { badLimit: 500 },
      { '400-bad-filter-value.error-code': 'fail SHOULD' },
    ],
    [
      'broken (SHOULD): a malformed limit is ignored',
      { badLimit: 'accepted' },
      { '400-bad-filter-value.error-code': 'fail SHOULD' },
    ],
    ['broken (SHOULD): faults without the fault name', { fault: 'flat' }, { 'cinder-fault.error-body': 'fail SHOULD' }],
  ];
  for (const [name, given, want] of cases) {
    it(name, async () => assert.deepEqual(await departures('backup-list', 'status-codes', cinder(given)), want));
  }
});

// ---------------------------------------------------------------- deployment create (Heat)

interface HeatOptions {
  missingField?: 400 | 500 | 200 | 422;
  /** Mandatory fields it checks (default both). */
  mandatory?: string[];
  wrongType?: 200 | 500;
  status?: 400 | 200 | 500;
  otherProject?: 403 | 200;
}

const MANDATORY = ['config_id', 'server_id'];
const STATUSES = ['COMPLETE', 'IN_PROGRESS', 'FAILED'];

/** Heat software deployments: create 200, show, update, delete; software configs are not served. */
function heat(o: HeatOptions = {}): Route {
  const rows = new Map<string, Record<string, unknown>>();
  const heatFault = (code: number, type: string): RouteAnswer =>
    json(code, { code, title: type, explanation: type, error: { type, traceback: null, message: type } });
  return (req, url) => {
    if (!authorized(req)) return keystone401();
    const m = /^\/heat-api\/v1\/([^/]+)\/software_deployments(?:\/([^/]+))?$/.exec(url.pathname);
    if (!m) return heatFault(404, 'NotFound');
    if (m[1] !== PROJECT && o.otherProject !== 200) return heatFault(403, 'HTTPForbidden');
    let body: Record<string, unknown> = {};
    if (req.body !== undefined) {
      try {
        body = JSON.parse(req.body) as Record<string, unknown>;
      } catch {
        return heatFault(400, 'HTTPBadRequest');
      }
    }
    const present = (id: string) => ({
      software_deployment: {
        id,
        creation_time: '2024-03-01T12:00:00Z',
        updated_time: rows.get(id)?.updated ? '2024-03-01T13:00:00Z' : undefined,
        ...rows.get(id),
        updated: undefined,
      },
    });
    if (req.method === 'POST' && !m[2]) {
      if ((o.mandatory ?? MANDATORY).some((k) => !(k in body)) && (o.missingField ?? 400) !== 200)
        return heatFault(o.missingField ?? 400, 'Invalid');
      // A field of another JSON type than the page's: an object where a string belongs, or the reverse.
      const wrongType =
        (body.input_values !== undefined && (typeof body.input_values !== 'object' || body.input_values === null)) ||
        ['config_id', 'server_id', 'action', 'status', 'status_reason'].some(
          (k) => body[k] !== undefined && typeof body[k] !== 'string',
        );
      if (wrongType && o.wrongType !== 200) return heatFault(o.wrongType ?? 400, 'Invalid');
      if (typeof body.status === 'string' && !STATUSES.includes(body.status) && (o.status ?? 400) !== 200)
        return heatFault(o.status ?? 400, 'Invalid');
      const id = `d0000000-0000-4000-8000-${String(rows.size).padStart(12, '0')}`;
      rows.set(id, body);
      return json(200, present(id));
    }
    const row = m[2] ? rows.get(m[2]) : undefined;
    if (!row) return heatFault(404, 'NotFound');
    if (req.method === 'GET') return json(200, present(m[2]!));
    if (req.method === 'PUT') {
      rows.set(m[2]!, { ...row, ...body, updated: true });
      return json(200, present(m[2]!));
    }
    if (req.method === 'DELETE') {
      rows.delete(m[2]!);
      return { status: 204 };
    }
    return heatFault(405, 'HTTPMethodNotAllowed');
  };
}

describe('status-code checks: deployment create', () => {
  const cases: [string, HeatOptions, Record<string, string>][] = [
    ['a missing mandatory field gets 400', {}, {}],
    [
      'legal upstream habit: a missing mandatory field gets 500 (warning, decision missing-mandatory-upstream-500)',
      { missingField: 500 },
      { '400-missing-mandatory.error-code': 'warn MUST' },
    ],
    [
      'broken (MUST): a missing mandatory field is accepted',
      { missingField: 200 },
      { '400-missing-mandatory.error-code': 'fail MUST' },
    ],
    [
      'broken (MUST): a missing mandatory field gets 422',
      { missingField: 422 },
      { '400-missing-mandatory.error-code': 'fail MUST' },
    ],
    [
      'broken (MUST): only config_id is checked, a create without server_id is accepted',
      { mandatory: ['config_id'] },
      { '400-missing-mandatory.error-code': 'fail MUST' },
    ],
    [
      'broken (MUST): a missing config_id is a 500 but a missing server_id is accepted',
      { mandatory: ['config_id'], missingField: 500 },
      { '400-missing-mandatory.error-code': 'fail MUST' },
    ],
    [
      'legal upstream habit: a wrong JSON type is stored as sent (warning, decision wrong-type-stored-upstream)',
      { wrongType: 200 },
      { '400-wrong-type.error-code': 'warn SHOULD' },
    ],
    [
      'broken (SHOULD): a wrong JSON type is a server error',
      { wrongType: 500 },
      { '400-wrong-type.error-code': 'fail SHOULD' },
    ],
    [
      'broken (SHOULD): a deployment is created in another project',
      { otherProject: 200 },
      { '403-other-project.error-code': 'fail SHOULD' },
    ],
  ];
  for (const [name, given, want] of cases) {
    it(name, async () =>
      assert.deepEqual(await departures('software-deployment-create', 'status-codes', heat(given)), want),
    );
  }
});

describe('request enum check: deployment create', () => {
  const cases: [string, HeatOptions, Record<string, string>][] = [
    ['an undocumented status gets 400', {}, {}],
    // Accepting the value is a decided habit on the request side; answering it back breaks the response enum MUST.
    [
      'upstream habit: an undocumented status is stored (warning), and answered back (response enum MUST)',
      { status: 200 },
      { 'status.enum-request-rejected': 'warn SHOULD', 'software-deployment.status.enum-response': 'fail MUST' },
    ],
    [
      'broken (SHOULD): an undocumented status is a server error',
      { status: 500 },
      { 'status.enum-request-rejected': 'fail SHOULD' },
    ],
  ];
  for (const [name, given, want] of cases) {
    it(name, async () => assert.deepEqual(await departures('software-deployment-create', 'enums', heat(given)), want));
  }
});

describe('stored replies: the creates a target should have refused', () => {
  it('are sent together, with the verdicts of one after another', async () => {
    // Each create of a deployment of its own with a value the target should refuse (an undocumented
    // status, a field of the wrong JSON type), which this target stores and answers back.
    const run = async (concurrency: number) => {
      let now = 0;
      let peak = 0;
      const route = heat({ status: 200, wrongType: 200 });
      const slow = async (req: HttpRequest, url: URL) => {
        if (req.method !== 'POST') return route(req, url);
        peak = Math.max(peak, ++now);
        await new Promise((r) => setTimeout(r, 20));
        now--;
        return route(req, url);
      };
      const verdicts = await departures('software-deployment-create', 'enums', slow, undefined, {
        ...DEFAULT_LIMITS,
        concurrency,
      });
      return { peak, verdicts };
    };
    const [one, four] = [await run(1), await run(4)];
    assert.equal(one.peak, 1);
    assert.equal(four.peak, 2);
    assert.deepEqual(four.verdicts, one.verdicts);
    assert.equal(four.verdicts['software-deployment.status.enum-response'], 'fail MUST');
  });
});

describe('filter messages never read "undefined"', () => {
  // Backup summaries without ids (the schema fails them) whose status filter is ignored: no item
  // documents status, so a made-up status must give nothing; it gives all four, and no message names
  // "undefined".
  const noIds: Route = (req, url) => {
    if (!authorized(req)) return keystone401();
    const limit = Number(url.searchParams.get('limit') ?? 1000);
    const items = Array.from({ length: 4 }, (_, i) => ({ name: `b-${i}`, links: [] })).slice(0, limit);
    return json(
      200,
      { backups: items, ...(url.searchParams.get('with_count') ? { count: 4 } : {}) },
      { 'openstack-api-version': 'volume 3.71' },
    );
  };
  it('items without ids', async () => {
    const messages: string[] = [];
    const got = await departures('backup-list', 'filters', noIds, messages);
    assert.equal(got['status.filter-narrows'], 'fail MUST');
    assert.match(messages.join('\n'), /status=cac-matches-nothing returned 4 item\(s\)/);
    assert.doesNotMatch(messages.join('\n'), /\bundefined\b/);
  });
});

describe('with-count-total: judged on a listing and a count taken with no write between', () => {
  /**
   * Backups; `grows`: one more once the walk has asked what follows its last item (a backup another
   * operation's checks made between the walk and the count).
   */
  function counting(o: { grows?: boolean; countOff?: number; noCount?: boolean }): Route {
    let grown = false;
    return (req, url) => {
      if (!authorized(req)) return keystone401();
      const counted = url.searchParams.get('with_count') === 'true';
      const n = 5 + (grown ? 1 : 0);
      if (o.grows && url.searchParams.has('marker')) grown = true;
      const all = Array.from({ length: n }, (_, i) => `b0000000-0000-4000-8000-00000000001${i}`);
      const marker = url.searchParams.get('marker');
      const from = marker ? all.indexOf(marker) + 1 : 0;
      const limit = Number(url.searchParams.get('limit') ?? 1000);
      const page = all.slice(from, from + limit);
      const body: Record<string, unknown> = {
        backups: page.map((id) => ({ id, name: null, links: [] })),
      };
      if (from + page.length < all.length)
        body.backups_links = [{ rel: 'next', href: `${ORIGIN}${url.pathname}?limit=${limit}&marker=${page.at(-1)}` }];
      if (counted && !o.noCount) body.count = all.length + (o.countOff ?? 0);
      return json(200, body, { 'OpenStack-API-Version': req.headers['OpenStack-API-Version'] ?? 'volume 3.0' });
    };
  }
  const cases: [string, Parameters<typeof counting>[0], Record<string, string>][] = [
    ['a steady listing and its count', {}, {}],
    ['a backup made between the listing and the count: judged again, both now', { grows: true }, {}],
    ['a count one too many, whenever asked', { countOff: 1 }, { 'with-count.with-count-total': 'fail MUST' }],
    ['no count with with_count=true', { noCount: true }, { 'with-count.with-count-total': 'fail MUST' }],
  ];
  for (const [name, given, want] of cases) {
    it(name, async () => {
      const got = await departures('backup-list', 'filters', counting(given));
      assert.deepEqual(Object.fromEntries(Object.entries(got).filter(([k]) => k.startsWith('with-count'))), want);
    });
  }
});

describe('id-stable of a show nothing creates: a listed member, shown by its id', () => {
  const TYPES = ['t0000000-0000-4000-8000-000000000001', 't0000000-0000-4000-8000-000000000002'];
  function types(shown: 'own' | 'other' | 404): Route {
    return (req, url) => {
      if (!authorized(req)) return keystone401();
      if (url.pathname === `/volume/v3/${PROJECT}/types`)
        return json(200, { volume_types: TYPES.map((id) => ({ id, name: `type-${id.at(-1)}`, extra_specs: {} })) });
      const m = new RegExp(`^/volume/v3/${PROJECT}/types/([^/]+)$`).exec(url.pathname);
      if (!m || !TYPES.includes(m[1]!)) return json(404, { itemNotFound: { code: 404, message: 'not found' } });
      if (shown === 404) return json(404, { itemNotFound: { code: 404, message: 'not found' } });
      const id = shown === 'own' ? m[1]! : TYPES.find((t) => t !== m[1])!;
      return json(200, { volume_type: { id, name: `type-${id.at(-1)}`, extra_specs: {} } });
    };
  }
  const cases: [string, Parameters<typeof types>[0], Record<string, string>][] = [
    ['the id asked for', 'own', {}],
    ['another id', 'other', { 'volume-type.id.id-stable': 'fail MUST' }],
    ['a listed member that cannot be shown', 404, { 'volume-type.id.id-stable': 'fail MUST' }],
  ];
  for (const [name, given, want] of cases) {
    it(name, async () => assert.deepEqual(await departures('type-show', 'stateful', types(given)), want));
  }
});
