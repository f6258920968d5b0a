// Ordering parameters and typed filters: the sort check (sort-orders) and the filter check on a
// hand-made upstream-shaped Heat stack list behind a RouteTransport, each table showing the check
// failing on a broken list and passing on legal variations; and the pure helpers, table-driven.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Field } from '../../src/catalog/model.ts';
import { loadCatalog, loadSchemas } from '../../src/catalog/load.ts';
import { SchemaRegistry } from '../../src/checks/ajv.ts';
import { checkContext, decisionIndex } from '../../src/checks/context.ts';
import {
  chooseValue,
  filterSpelling,
  matches,
  orderingParams,
  outOfOrder,
  sortKeyCandidates,
  spellings,
} from '../../src/checks/families/filters.ts';
import { deleteAt, setAt } from '../../src/checks/provoke.ts';
import { runFamily } from '../../src/checks/run-family.ts';
import { TargetClient, type Reply } from '../../src/http/client.ts';
import type { HttpRequest } from '../../src/http/model.ts';
import { RouteTransport, type RouteAnswer } from '../../src/http/route-transport.ts';
import { isOrderingParam } from '../../src/generator/requirements.ts';
import { DEFAULT_LIMITS } from '../../src/session/model.ts';

const TOKEN = 'tok-unit-sort-00000000';
const ORIGIN = 'http://127.0.0.1:1';
const PROJECT = 'p1';
const ENDPOINTS = { orchestration: `${ORIGIN}/heat-api/v1/${PROJECT}` };
const catalog = loadCatalog();
const registry = new SchemaRegistry(loadSchemas());
const decisions = decisionIndex(catalog);

interface StackListOptions {
  sortIgnored?: boolean;
  dirIgnored?: boolean;
  sortKeysFilter?: boolean;
  caseless?: boolean;
  statusIgnored?: boolean;
  nameIgnored?: boolean;
}

const STACKS = [
  { name: 'delta', status: 'CREATE_COMPLETE' },
  { name: 'Alpha', status: 'UPDATE_COMPLETE' },
  { name: 'charlie', status: 'CREATE_FAILED' },
  { name: 'bravo', status: 'CREATE_COMPLETE' },
  { name: 'echo', status: 'CHECK_COMPLETE' },
].map((s, i) => ({
  id: `5000000${i}-0000-4000-8000-000000000000`,
  stack_name: s.name,
  stack_status: s.status,
  stack_status_reason: '',
  description: '',
  creation_time: `2024-03-01T12:0${i}:00Z`,
  updated_time: null,
  links: [{ rel: 'self', href: `${ORIGIN}/heat-api/v1/${PROJECT}/stacks/${s.name}/5000000${i}` }],
}));

/** Heat's stack list: the status/name filters and their STACK_KEYS spellings, sort_keys/sort_dir. */
function heat(o: StackListOptions): (req: HttpRequest, url: URL) => RouteAnswer {
  return (_req, url) => {
    if (url.pathname !== `/heat-api/v1/${PROJECT}/stacks`) return { status: 404, body: 'not found' };
    const q = url.searchParams;
    let rows = [...STACKS];
    const status = q.get('stack_status');
    if (status !== null && !o.statusIgnored) rows = rows.filter((r) => r.stack_status === status);
    const bare = q.get('status');
    if (bare !== null && !o.statusIgnored) rows = rows.filter((r) => r.stack_status.split('_')[1] === bare);
    const name = q.get('stack_name') ?? q.get('name');
    if (name !== null && !o.nameIgnored) rows = rows.filter((r) => r.stack_name === name);
    const key = q.get('sort_keys');
    if (key !== null && o.sortKeysFilter) rows = rows.filter((r) => r.stack_name === key);
    if (key !== null && !o.sortIgnored && !o.sortKeysFilter) {
      const dir = o.dirIgnored ? 'asc' : (q.get('sort_dir') ?? 'asc');
      if (dir !== 'asc' && dir !== 'desc') return { status: 400, body: { code: 400, title: 'Bad Request' } };
      const text = (v: unknown) => (o.caseless ? String(v).toLowerCase() : String(v));
      rows.sort((a, b) => {
        const x = text((a as Record<string, unknown>)[key]);
        const y = text((b as Record<string, unknown>)[key]);
        return (x < y ? -1 : x > y ? 1 : 0) * (dir === 'asc' ? 1 : -1);
      });
    }
    return { status: 200, body: { stacks: rows }, headers: { 'content-type': 'application/json' } };
  };
}

const STACK_LIST = catalog.operations.find((o) => o.id === 'stack-list')!;
const STACK_LIST_FILTERS = catalog.requirements.filter((r) => r.operation === STACK_LIST.id && r.family === 'filters');

/** The filters family of the stack list against `route`, the client bounded as `limits` says. */
function stackListFilters(
  route: (req: HttpRequest, url: URL) => RouteAnswer | Promise<RouteAnswer>,
  limits = DEFAULT_LIMITS,
  touched?: (reply: Reply) => void,
) {
  const client = new TargetClient(
    { endpoints: ENDPOINTS, authHeaders: async () => ({ 'X-Auth-Token': TOKEN }), secrets: () => [TOKEN], limits },
    new RouteTransport(route),
  );
  const ctx = checkContext({
    catalog,
    operation: STACK_LIST,
    session: { projectId: PROJECT, embedded: false, endpoints: ENDPOINTS, microversions: {}, readOnly: false, limits },
    client,
    schemas: registry,
    decisions,
    memo: new Map(),
    ...(touched ? { touched } : {}),
  });
  return runFamily(ctx, 'filters', STACK_LIST_FILTERS);
}

async function departures(route: (req: HttpRequest, url: URL) => RouteAnswer): Promise<Record<string, string>> {
  assert.ok(
    STACK_LIST_FILTERS.some((r) => r.assertion === 'sort-orders'),
    'the catalog has ordering requirements on stack-list',
  );
  const out: Record<string, string> = {};
  for (const r of await stackListFilters(route)) {
    if (r.verdict !== 'pass') out[r.requirementId.replace(/^stack-list\./, '')] = `${r.verdict} ${r.level}`;
  }
  return out;
}

describe('filters family on the stack list', () => {
  const sortBoth = { 'sort-keys.sort-orders': 'fail MUST', 'sort-dir.sort-orders': 'fail MUST' };
  const cases: [string, StackListOptions, Record<string, string>][] = [
    ['upstream: filters and ordering applied', {}, {}],
    ['legal: a case-insensitive collation (MySQL)', { caseless: true }, {}],
    ['broken: ordering ignored', { sortIgnored: true }, sortBoth],
    ['broken: sort_dir ignored', { dirIgnored: true }, sortBoth],
    ['broken: sort_keys taken for a filter', { sortKeysFilter: true }, sortBoth],
    [
      'broken: the status filter ignored',
      { statusIgnored: true },
      { 'status-stack-status.filter-narrows': 'fail MUST' },
    ],
    ['broken: the name filter ignored', { nameIgnored: true }, { 'name-stack-name.filter-narrows': 'fail MUST' }],
  ];
  for (const [name, given, want] of cases) {
    it(name, async () => assert.deepEqual(await departures(heat(given)), want));
  }
});

describe('probes of a family that only reads', () => {
  /** The filters family on the stack list at a concurrency: its results, its evidence and the most requests in flight. */
  async function family(concurrency: number) {
    const route = heat({});
    let inFlight = 0;
    let peak = 0;
    let asked = 0;
    const touched: string[] = [];
    const results = await stackListFilters(
      async (req, url) => {
        peak = Math.max(peak, ++inFlight);
        // Every third request answers late, so answers come back out of the order they were asked.
        await new Promise((r) => setTimeout(r, asked++ % 3 === 0 ? 15 : 1));
        inFlight--;
        return route(req, url);
      },
      { ...DEFAULT_LIMITS, concurrency },
      (reply) => touched.push(`${reply.method} ${reply.url}`),
    );
    return { results: results.map((r) => `${r.requirementId} ${r.verdict}`), touched, peak };
  }

  it('are sent at once within the client bound, with the verdicts and the evidence, in order, of one after another', async () => {
    const one = await family(1);
    const three = await family(3);
    assert.equal(one.peak, 1);
    assert.equal(three.peak, 3, 'independent filter probes are in flight together, up to the bound');
    assert.deepEqual(three.results, one.results);
    assert.deepEqual(three.touched, one.touched, 'evidence is attached in the order a sequential run attaches it');
    assert.ok(one.touched.length > 5);
  });
});

const field = (name: string, extra: Partial<Field> = {}): Field =>
  ({
    name,
    path: name,
    in: 'query',
    docType: 'String',
    type: 'string',
    required: false,
    nullable: false,
    description: '',
    source: { doc: 'd', table: 't', row: name, line: 1 },
    ...extra,
  }) as Field;

describe('ordering helpers', () => {
  it('isOrderingParam: sort words order, other words filter', () => {
    const cases: [string, boolean][] = [
      ['sort', true],
      ['sort_key', true],
      ['sort_keys', true],
      ['sort_dir', true],
      ['sort-dir', true],
      ['sorted_by_me', false],
      ['status', false],
      ['resort', false],
    ];
    for (const [name, want] of cases) assert.equal(isOrderingParam(name), want, name);
  });
  it('orderingParams finds the key, direction and combined parameters', () => {
    const got = orderingParams([field('sort_keys'), field('sort_dir'), field('limit')]);
    assert.equal(got.key?.name, 'sort_keys');
    assert.equal(got.dir?.name, 'sort_dir');
    assert.equal(got.combined, undefined);
    assert.equal(orderingParams([field('sort')]).combined?.name, 'sort');
  });
  it('sortKeyCandidates: documented keys the items show, most distinct first', () => {
    const items = [
      { id: 'a', name: 'x', status: 'available', size: 1, metadata: {} },
      { id: 'b', name: 'y', status: 'available', size: 2, metadata: {} },
    ];
    const cases: [string, Field, string[]][] = [
      [
        'words of the description',
        field('sort_key', { description: 'The value can be id, status, size, or created_at.' }),
        ['id', 'size', 'status'],
      ],
      [
        'an enum wins over the words',
        field('sort_key', { enum: ['status', 'name'], description: 'id' }),
        ['name', 'status'],
      ],
      ['objects are no key', field('sort_key', { description: 'metadata' }), []],
    ];
    for (const [name, f, want] of cases) assert.deepEqual(sortKeyCandidates(f, items), want, name);
  });
  it('outOfOrder: code points or case-insensitive; nulls left out', () => {
    const cases: [unknown[], 'asc' | 'desc', boolean][] = [
      [['a', 'b', 'c'], 'asc', true],
      [['Alpha', 'bravo', 'Charlie'], 'asc', true], // case-insensitive collation
      [['Bravo', 'Charlie', 'alpha'], 'asc', true], // code points
      [['b', 'a', 'c'], 'asc', false],
      [[3, 2, 2, 1], 'desc', true],
      [[1, 10, 2], 'asc', false],
      [['a', null, 'b'], 'asc', true],
      [['c', 'b', 'a'], 'asc', false],
    ];
    for (const [values, dir, ordered] of cases)
      assert.equal(outOfOrder(values, dir) === undefined, ordered, `${JSON.stringify(values)} ${dir}`);
  });
});

describe('filter value helpers', () => {
  it('a parameter written a/b is two spellings; the one the items show is sent', () => {
    assert.deepEqual(spellings('status/stack_status'), ['status', 'stack_status']);
    assert.deepEqual(spellings('name~'), ['name~']);
    assert.deepEqual(filterSpelling('status/stack_status', [{ stack_status: 'X' }]), {
      send: 'stack_status',
      field: 'stack_status',
    });
    assert.deepEqual(filterSpelling('status/stack_status', [{ id: 'x' }]), { send: 'status', field: 'status' });
  });
  it('typed values: integers and booleans are chosen and matched as the query writes them', () => {
    const items = [
      { id: 'a', min_ram: 512, protected: false, tags: ['x', 'y'] },
      { id: 'b', min_ram: 1024, protected: true, tags: ['y'] },
      { id: 'c', min_ram: 1024, protected: true, tags: [] },
    ];
    const cases: [string, string, string, boolean][] = [
      ['min_ram', '512', 'a', true],
      ['min_ram', '512', 'b', false],
      ['protected', 'true', 'b', true],
      ['protected', 'true', 'a', false],
      ['tag', 'x', 'a', true],
      ['tag', 'x', 'b', false],
      ['tag', 'y', 'b', true],
    ];
    for (const [param, value, id, want] of cases)
      assert.equal(
        matches(
          param,
          value,
          items.find((i) => i.id === id)!,
        ),
        want,
        `${param}=${value} on ${id}`,
      );
    assert.equal(chooseValue('min_ram', items), '512');
    assert.equal(chooseValue('protected', items), 'false');
    assert.equal(chooseValue('tag', items), 'x');
  });
});

describe('provoked bodies reach into arrays', () => {
  it('deleteAt and setAt on a JSON-patch body', () => {
    const cases: [string, (b: unknown) => void, unknown][] = [
      ['remove op from every item', (b) => deleteAt(b, '[].op'), [{ path: '/a' }, { path: '/b' }]],
      [
        'set path on every item',
        (b) => setAt(b as Record<string, unknown>, '[].path', 1),
        [
          { op: 'add', path: 1 },
          { op: 'add', path: 1 },
        ],
      ],
      [
        'an object path',
        (b) => deleteAt(b, 'x.y'),
        [
          { op: 'add', path: '/a' },
          { op: 'add', path: '/b' },
        ],
      ],
    ];
    for (const [name, edit, want] of cases) {
      const body = [
        { op: 'add', path: '/a' },
        { op: 'add', path: '/b' },
      ];
      edit(body);
      assert.deepEqual(body, want, name);
    }
  });
});
