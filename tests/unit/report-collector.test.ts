import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { Family, Requirement } from '../../src/catalog/model.ts';
import type { AttachmentLike } from '../../src/report/attachments.ts';
import { buildReport, type PlannedTest, type RunFacts } from '../../src/report/build-report.ts';
import { Collector, type ResultLike, type TestLike } from '../../src/report/collector.ts';
import { reportSchemaErrors } from '../../src/report/validate-report.ts';
import {
  RESULTS_ATTACHMENT,
  RESULTS_CONTENT_TYPE,
  type Exchange,
  type RequirementResult,
  type Verdict,
} from '../../src/results/model.ts';

const catalog = loadCatalog();
const OP = catalog.operations.find((o) => o.id === 'image-list-detail')!;
const OTHER = catalog.operations.find((o) => o.id === 'backup-list')!;
const reqs = (operation: string, family: Family): Requirement[] =>
  catalog.requirements.filter((r) => r.operation === operation && r.family === family);
const SCHEMA = reqs(OP.id, 'schema');
const TIMESTAMPS = reqs(OP.id, 'timestamps');
const HEADERS = reqs(OP.id, 'headers');

function opTest(
  extra: Partial<TestLike> = {},
  op = OP,
  families = 'schema,timestamps',
  id = `${op.id}-test`,
): TestLike {
  const file = `${op.service}.spec.ts`;
  return {
    id,
    title: `${op.method} ${op.path}`,
    titlePath: () => ['', '', file, `${op.method} ${op.path}`],
    tags: ['@must', '@should', '@schema', '@timestamps', `@${op.service}`],
    annotations: [
      { type: 'operation', description: op.id },
      { type: 'families', description: families },
    ],
    ...extra,
  };
}

function result(req: Requirement, verdict: Verdict = 'pass'): RequirementResult {
  return {
    requirementId: req.id,
    checkId: `check-${req.family}`,
    operation: req.operation,
    family: req.family,
    level: req.level,
    verdict,
    failures: verdict === 'fail' ? [{ message: `${req.id} failed` }] : [],
    durationMs: 1,
  };
}

function exchange(url: string, families?: Family[]): Exchange {
  return {
    method: 'GET',
    url,
    requestHeaders: { accept: 'application/json' },
    status: 200,
    durationMs: 3,
    ...(families ? { families } : {}),
  };
}

function attempt(
  status: ResultLike['status'],
  results: RequirementResult[],
  extra: { exchanges?: Exchange[]; errors?: ResultLike['errors'] } = {},
): ResultLike {
  const attachments: AttachmentLike[] = [
    { name: RESULTS_ATTACHMENT, contentType: RESULTS_CONTENT_TYPE, body: Buffer.from(JSON.stringify(results)) },
  ];
  if (extra.exchanges)
    attachments.push({
      name: 'exchanges.json',
      contentType: 'application/json',
      body: Buffer.from(JSON.stringify(extra.exchanges)),
    });
  return { status, attachments, errors: extra.errors ?? [] };
}

function facts(collector: Collector, extra: Partial<RunFacts> = {}): RunFacts {
  return {
    catalog,
    tool: { name: 'cloud-api-conformance', version: '0.0.0' },
    target: { cloudName: 'embedded', embedded: true, endpoints: {}, readOnly: false },
    results: collector.results(),
    tests: collector.planned(),
    status: 'passed',
    startTime: new Date('2030-01-01T00:00:00Z'),
    durationMs: 1000,
    shard: null,
    gate: 'pages',
    incompleteReasons: collector.incompleteReasons(),
    now: new Date('2030-01-01T00:00:00Z'),
    ...extra,
  };
}

const entry = (report: ReturnType<typeof buildReport>, id: string) => report.requirements.find((e) => e.id === id)!;

test('the catalog has what these tests lean on', () => {
  assert.ok(OP && OTHER);
  assert.ok(SCHEMA.length >= 2 && TIMESTAMPS.length >= 2 && HEADERS.length >= 1);
});

test('a test annotated with an operation and families is planned with those families, not one family', () => {
  const collector = new Collector(catalog);
  collector.plan(opTest());
  const planned = collector.planned();
  assert.equal(planned.length, 1);
  assert.equal(planned[0]!.family, undefined);
  assert.deepEqual(planned[0], {
    title: 'GET /v1.1/images/detail',
    operation: 'image-list-detail',
    families: ['schema', 'timestamps'],
    state: 'pending',
  } satisfies PlannedTest);
  // Planning twice does not add a second test.
  collector.plan(opTest());
  assert.equal(collector.planned().length, 1);
});

test('an operation found from the title when only the families are annotated', () => {
  const collector = new Collector(catalog);
  collector.plan(opTest({ annotations: [{ type: 'families', description: 'schema,' }] }));
  assert.deepEqual(collector.planned()[0], {
    title: 'GET /v1.1/images/detail',
    operation: 'image-list-detail',
    families: ['schema'],
    state: 'pending',
  });
});

test('a planned test that never ran: its families say the run ended, the other families say not covered', () => {
  const collector = new Collector(catalog);
  collector.plan(opTest());
  const report = buildReport(facts(collector, { status: 'interrupted' }));
  for (const r of [...SCHEMA, ...TIMESTAMPS])
    assert.match(entry(report, r.id).reason!, /the run ended before this check ran/, r.id);
  assert.deepEqual(reportSchemaErrors(report), []);
});

test("a finished multi-family test: its families' requirements without a result say no check ran; other families say not covered or grep", () => {
  const collector = new Collector(catalog);
  const t = opTest();
  collector.plan(t);
  // Every schema requirement, and only the first timestamps requirement, got a result.
  collector.record(t, attempt('passed', [...SCHEMA.map((r) => result(r)), result(TIMESTAMPS[0]!)]));
  assert.equal(collector.planned()[0]!.state, 'finished');

  const report = buildReport(facts(collector));
  assert.equal(report.run.complete, true);
  for (const r of SCHEMA) assert.equal(entry(report, r.id).verdict, 'pass');
  assert.equal(entry(report, TIMESTAMPS[0]!.id).verdict, 'pass');
  for (const r of TIMESTAMPS.slice(1)) {
    assert.equal(entry(report, r.id).verdict, 'skipped');
    assert.match(entry(report, r.id).reason!, /no check ran for this requirement/, r.id);
  }
  for (const r of HEADERS) {
    assert.equal(entry(report, r.id).verdict, 'skipped');
    assert.match(entry(report, r.id).reason!, /no check covers this requirement/, r.id);
  }
  // With a grep, the operation's other families were left out by it.
  const grepped = buildReport(facts(collector, { grep: '@schema|@timestamps' }));
  for (const r of HEADERS)
    assert.match(entry(grepped, r.id).reason!, /not selected by --grep @schema\|@timestamps/, r.id);
  for (const r of TIMESTAMPS.slice(1))
    assert.match(entry(grepped, r.id).reason!, /no check ran for this requirement/, r.id);
  assert.deepEqual(reportSchemaErrors(report), []);
});

test("a failed test with results for only some of its families' requirements is errored with its last error", () => {
  const collector = new Collector(catalog);
  const t = opTest();
  collector.plan(t);
  collector.record(
    t,
    attempt(
      'failed',
      SCHEMA.map((r) => result(r)),
      {
        errors: [
          { message: 'Error: expect(received).toBe(expected)\n\nExpected: "pass"' },
          { message: '\n\u001b[31mTypeError: cannot read timestamps\u001b[39m\n    at run (x.ts:1:1)' },
        ],
      },
    ),
  );
  const planned = collector.planned()[0]!;
  assert.equal(planned.state, 'errored');
  assert.equal(planned.error, 'TypeError: cannot read timestamps');

  const report = buildReport(facts(collector));
  assert.equal(report.run.complete, false);
  assert.equal(report.verdict, 'incomplete');
  assert.equal(report.gate.passed, false);
  assert.equal(report.run.tests.errored, 1);
  assert.ok(
    report.run.incompleteReasons.some((r) => r.includes('TypeError: cannot read timestamps')),
    report.run.incompleteReasons.join('\n'),
  );
  for (const r of TIMESTAMPS) {
    assert.equal(entry(report, r.id).verdict, 'skipped');
    assert.match(
      entry(report, r.id).reason!,
      /the test "GET \/v1\.1\/images\/detail" ended without a result for it: TypeError: cannot read timestamps/,
      r.id,
    );
  }
  for (const r of SCHEMA) assert.equal(entry(report, r.id).verdict, 'pass');
  for (const r of HEADERS) assert.match(entry(report, r.id).reason!, /no check covers this requirement/, r.id);
  assert.deepEqual(reportSchemaErrors(report), []);
});

test('an error given only as a value counts too, and a failure without any error still errors', () => {
  const collector = new Collector(catalog);
  const a = opTest({}, OP, 'schema,timestamps', 'a');
  const b = opTest({}, OP, 'schema,timestamps', 'b');
  collector.record(
    a,
    attempt('failed', [result(SCHEMA[0]!)], { errors: [{ message: 'first' }, { value: 'thrown value' }] }),
  );
  collector.record(b, attempt('failed', [result(SCHEMA[0]!)]));
  const [pa, pb] = collector.planned();
  assert.deepEqual([pa!.state, pa!.error], ['errored', 'thrown value']);
  assert.equal(pb!.state, 'errored');
  assert.ok(pb!.error && pb!.error.length > 0);
});

test('a failed test with a result for every requirement of its families is finished', () => {
  const collector = new Collector(catalog);
  const t = opTest();
  const results = [...SCHEMA.map((r) => result(r)), ...TIMESTAMPS.map((r) => result(r))];
  const mustSchema = SCHEMA.find((r) => r.level === 'MUST')!;
  results[results.findIndex((r) => r.requirementId === mustSchema.id)] = result(mustSchema, 'fail');
  collector.record(t, attempt('failed', results, { errors: [{ message: `Error: ${mustSchema.id}` }] }));
  const planned = collector.planned()[0]!;
  assert.equal(planned.state, 'finished');
  assert.equal(planned.error, undefined);

  const report = buildReport(facts(collector));
  assert.equal(report.run.complete, true);
  assert.equal(report.run.tests.errored, 0);
  assert.equal(report.verdict, 'non-conforming');
  assert.equal(entry(report, mustSchema.id).verdict, 'fail');
  for (const r of TIMESTAMPS) assert.equal(entry(report, r.id).verdict, 'pass');
});

test("results for requirements outside the test's families do not make up for a missing one", () => {
  const collector = new Collector(catalog);
  const t = opTest();
  const results = [
    ...SCHEMA.map((r) => result(r)),
    ...TIMESTAMPS.slice(1).map((r) => result(r)),
    ...HEADERS.map((r) => result(r)),
  ];
  collector.record(t, attempt('failed', results, { errors: [{ message: 'boom' }] }));
  assert.deepEqual([collector.planned()[0]!.state, collector.planned()[0]!.error], ['errored', 'boom']);
});

test('the last attempt counts: a retry that finishes replaces an errored attempt', () => {
  const collector = new Collector(catalog);
  const t = opTest();
  collector.record(t, attempt('failed', [result(SCHEMA[0]!)], { errors: [{ message: 'flaky' }] }));
  assert.equal(collector.planned()[0]!.state, 'errored');
  collector.record(
    t,
    attempt(
      'passed',
      [...SCHEMA, ...TIMESTAMPS].map((r) => result(r)),
    ),
  );
  assert.equal(collector.planned()[0]!.state, 'finished');
  assert.equal(collector.results().length, SCHEMA.length + TIMESTAMPS.length);
  const report = buildReport(facts(collector));
  assert.equal(report.run.complete, true);
});

test("exchangesByRequirement narrows a test's exchanges to each requirement's family", () => {
  const collector = new Collector(catalog);
  const t = opTest();
  const onlySchema = exchange('http://h/schema', ['schema']);
  const onlyTimestamps = exchange('http://h/timestamps', ['timestamps']);
  const unmarked = exchange('http://h/all');
  const both = exchange('http://h/both', ['schema', 'timestamps']);
  const unused = exchange('http://h/headers', ['headers']);
  collector.record(
    t,
    attempt(
      'passed',
      [...SCHEMA, ...TIMESTAMPS].map((r) => result(r)),
      { exchanges: [onlySchema, onlyTimestamps, unmarked, both, unused] },
    ),
  );

  const map = collector.exchangesByRequirement();
  assert.equal(map.size, SCHEMA.length + TIMESTAMPS.length);
  const urls = (id: string) => map.get(id)!.map((e) => e.url);
  for (const r of SCHEMA) assert.deepEqual(urls(r.id), ['http://h/schema', 'http://h/all', 'http://h/both']);
  for (const r of TIMESTAMPS) assert.deepEqual(urls(r.id), ['http://h/timestamps', 'http://h/all', 'http://h/both']);
  // One array per test × family: two requirements of one family share it.
  assert.equal(map.get(SCHEMA[0]!.id), map.get(SCHEMA[1]!.id));
  assert.equal(map.get(TIMESTAMPS[0]!.id), map.get(TIMESTAMPS[1]!.id));
  assert.notEqual(map.get(SCHEMA[0]!.id), map.get(TIMESTAMPS[0]!.id));
});

test('exchangesByRequirement: exchanges without families go to every family; tests do not share arrays', () => {
  const collector = new Collector(catalog);
  const a = opTest();
  const otherSchema = reqs(OTHER.id, 'schema');
  const otherHeaders = reqs(OTHER.id, 'headers');
  const b = opTest({}, OTHER, 'schema,headers');
  collector.record(
    a,
    attempt(
      'passed',
      [...SCHEMA, ...TIMESTAMPS].map((r) => result(r)),
      { exchanges: [exchange('http://a/1'), exchange('http://a/2')] },
    ),
  );
  collector.record(
    b,
    attempt(
      'passed',
      [...otherSchema, ...otherHeaders].map((r) => result(r)),
      { exchanges: [exchange('http://b/1')] },
    ),
  );

  const map = collector.exchangesByRequirement();
  assert.deepEqual(
    map.get(SCHEMA[0]!.id)!.map((e) => e.url),
    ['http://a/1', 'http://a/2'],
  );
  assert.deepEqual(
    map.get(TIMESTAMPS[0]!.id)!.map((e) => e.url),
    ['http://a/1', 'http://a/2'],
  );
  assert.deepEqual(
    map.get(otherSchema[0]!.id)!.map((e) => e.url),
    ['http://b/1'],
  );
  assert.deepEqual(
    map.get(otherHeaders[0]!.id)!.map((e) => e.url),
    ['http://b/1'],
  );
  assert.notEqual(map.get(SCHEMA[0]!.id), map.get(otherSchema[0]!.id), 'same family, other test: another array');
  assert.equal(map.get(otherSchema[0]!.id), map.get(otherSchema.at(-1)!.id));
});

test('exchangesByRequirement: a family no exchange was marked with gets an empty list', () => {
  const collector = new Collector(catalog);
  const t = opTest();
  collector.record(
    t,
    attempt(
      'passed',
      [...SCHEMA, ...TIMESTAMPS].map((r) => result(r)),
      { exchanges: [exchange('http://h/s', ['schema'])] },
    ),
  );
  const map = collector.exchangesByRequirement();
  assert.deepEqual(map.get(TIMESTAMPS[0]!.id), []);
  assert.equal(map.get(SCHEMA[0]!.id)!.length, 1);
});

test('requests sent and retried are summed over the last attempt of each test, shown in the JSON (schema-valid) and the terminal', async () => {
  const { REQUESTS_ATTACHMENT } = await import('../../src/report/attachments.ts');
  const { terminalSummary, paint } = await import('../../src/report/terminal.ts');
  const counts = (sent: number, retried: number, retries: number): AttachmentLike => ({
    name: REQUESTS_ATTACHMENT,
    contentType: 'application/json',
    body: Buffer.from(JSON.stringify({ sent, retried, retries })),
  });
  const collector = new Collector(catalog);
  const a = opTest();
  const b = opTest({}, OTHER, 'schema', 'other-test');
  const first = attempt(
    'passed',
    SCHEMA.map((r) => result(r)),
  );
  collector.record(a, { ...first, attachments: [...first.attachments, counts(5, 0, 0)] });
  const again = attempt(
    'passed',
    SCHEMA.map((r) => result(r)),
  );
  collector.record(a, { ...again, attachments: [...again.attachments, counts(7, 1, 2)] });
  const other = attempt(
    'passed',
    reqs(OTHER.id, 'schema').map((r) => result(r)),
    { exchanges: [exchange('http://h/x')] },
  );
  collector.record(b, { ...other, attachments: [...other.attachments, counts(3, 1, 1)] });
  assert.equal(collector.exchangesByRequirement().size > 0, true, 'the counts are not read as exchanges');
  const report = buildReport({ ...facts(collector), requests: collector.requests()! });
  assert.deepEqual(report.run.requests, { sent: 10, retried: 2, retries: 3 });
  assert.deepEqual(reportSchemaErrors(report), []);
  assert.match(
    terminalSummary(report, [], paint(false)),
    /Requests: 10 sent · 2 retried after 429\/503 \(3 retries in all\)/,
  );
  assert.equal(new Collector(catalog).requests(), undefined);
});
