import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildReport } from '../../src/report/build-report.ts';
import { loadReportCatalog } from '../../src/report/catalog.ts';
import { renderHtml } from '../../src/report/html.ts';
import { renderJunit } from '../../src/report/junit.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';

const catalog = loadReportCatalog(join(import.meta.dirname, '../../fixtures/report/catalog.yaml'));
const HOSTILE = '<script>alert(1)</script>"\u0007```';

const report = buildReport({
  catalog,
  tool: { name: 'cloud-api-conformance', version: '0.0.0' },
  target: {
    cloudName: 'c<1>',
    embedded: false,
    endpoints: { 'block-storage': 'http://127.0.0.1:1/v3/p' },
    readOnly: false,
  },
  results: [
    {
      requirementId: 'backup-list.backups-id.field-type',
      checkId: 'schema.field-type',
      operation: 'backup-list',
      family: 'schema',
      level: 'MUST',
      verdict: 'fail',
      failures: [
        {
          message: `backups[0].id is not a string ${HOSTILE}`,
          received: HOSTILE,
          documented: 'string',
          reproduce: "curl -H 'X-Auth-Token: ***' http://127.0.0.1:1/v3/p/backups",
        },
      ],
      durationMs: 5,
    },
    {
      requirementId: 'backup-list.backups.envelope',
      checkId: 'schema.envelope',
      operation: 'backup-list',
      family: 'schema',
      level: 'MUST',
      verdict: 'pass',
      failures: [],
      durationMs: 1,
    },
  ],
  tests: [],
  status: 'failed',
  startTime: new Date('2030-01-01T00:00:00Z'),
  durationMs: 1000,
  shard: null,
  gate: 'pages',
  now: new Date('2030-01-01T00:00:00Z'),
});

test('the HTML escapes what the target sent and loads nothing from outside', () => {
  const html = renderHtml(report, catalog);
  assert.ok(!html.includes('<script>'), 'no live script tag');
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(!/\b(?:src|href)="(?:https?:)?\/\//.test(html), 'no external resource');
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  // Table text from the catalog is escaped as well (the fixture holds a `<b>` in a description).
  assert.ok(html.includes('Filters results by status &lt;b&gt;not bold&lt;/b&gt;.'));
});

test('the HTML marks the documented row with the verdicts of the requirements it gave rise to', () => {
  const html = renderHtml(report, catalog);
  const row = /<tr class="row-fail" data-row="id">([\s\S]*?)<\/tr>/.exec(html);
  assert.ok(row, 'the id row of Response Parameters is marked failing');
  assert.match(row![1]!, /badge v-fail">fail</);
  assert.match(row![1]!, /Received:/);
  assert.match(row![1]!, /Documented:/);
  assert.match(row![1]!, /Reproduce:/);
});

test('JUnit has one testcase per requirement, named by title, classname the operation, failures with Received/Documented/Reproduce', () => {
  const xml = renderJunit(report);
  const cases = [...xml.matchAll(/<testcase name="([^"]*)" classname="([^"]*)"/g)];
  assert.equal(cases.length, catalog.requirements.length);
  assert.deepEqual(
    cases.map((m) => m[2]),
    catalog.requirements.map((q) => q.operation),
  );
  assert.equal(cases[0]![1], 'limit caps the number of backups returned');
  const failures = [...xml.matchAll(/<failure message="[^"]*" type="MUST">([^<]*)<\/failure>/g)];
  assert.equal(failures.length, 1);
  assert.match(
    failures[0]![1]!,
    /Received: &lt;script&gt;[\s\S]*Documented: string[\s\S]*Reproduce: curl -H &apos;X-Auth-Token: \*\*\*&apos;/,
  );
  assert.ok(!/[\u0000-\u0008]/.test(xml), 'no control characters XML forbids');
  assert.match(xml, /<testsuites name="cloud-api-conformance" tests="14" failures="1" errors="0" skipped="12"/);
});

test('the Markdown summary keeps hostile text inside its code fence', () => {
  const md = renderMarkdown(report);
  assert.match(md, /^# Conformance: NON-CONFORMING/);
  assert.match(md, /````text\n[\s\S]*```[\s\S]*\n  ````/, 'a fence longer than the backticks inside');
});

test('the HTML says, beside the verdict, how many MUST requirements were not tested', () => {
  const untested = buildReport({
    catalog,
    tool: { name: 'cloud-api-conformance', version: '0.0.0' },
    target: { cloudName: 'c', embedded: true, endpoints: {}, readOnly: false },
    results: [
      {
        requirementId: 'backup-list.backups.envelope',
        checkId: 'schema.envelope',
        operation: 'backup-list',
        family: 'schema',
        level: 'MUST',
        verdict: 'not-tested',
        failures: [],
        reason: 'no volume to list',
        durationMs: 1,
      },
    ],
    tests: [],
    status: 'passed',
    startTime: new Date('2030-01-01T00:00:00Z'),
    durationMs: 1000,
    shard: null,
    gate: 'pages',
    now: new Date('2030-01-01T00:00:00Z'),
  });
  assert.match(renderHtml(untested, catalog), /id="untested">1 MUST requirement\(s\) were not tested/);
  assert.ok(!renderHtml(report, catalog).includes('id="untested"'), 'no note when every MUST was exercised');
});

test('retries after 429/503 are said in the Markdown and the HTML, as in the terminal', () => {
  for (const [requests, want] of [
    [{ sent: 40, retried: 2, retries: 3 }, 'Requests: 40 sent · 2 retried after 429/503 (3 retries in all)'],
    [{ sent: 40, retried: 0, retries: 0 }, 'Requests: 40 sent · 0 retried after 429/503'],
  ] as const) {
    const withRequests = { ...report, run: { ...report.run, requests: { ...requests } } };
    assert.ok(renderMarkdown(withRequests).includes(want), want);
    assert.ok(renderHtml(withRequests, catalog).includes(want), want);
  }
  const without = { ...report, run: { ...report.run } };
  delete without.run.requests;
  assert.ok(!renderMarkdown(without).includes('Requests:'));
  assert.ok(!renderHtml(without, catalog).includes('id="requests"'));
});
