// Allure results carry the time each requirement's test really ran (its first request) and each
// exchange its own start, so Allure's timeline shows the run as it happened; without recorded
// requests, the run's start.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { allureFiles } from '../../src/report/allure.ts';
import { buildReport } from '../../src/report/build-report.ts';
import { loadReportCatalog } from '../../src/report/catalog.ts';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { Exchange, RequirementResult } from '../../src/results/model.ts';

const reportCatalog = loadReportCatalog(join(import.meta.dirname, '../../fixtures/report/catalog.yaml'));
const RUN_START = new Date('2030-01-01T00:00:00Z');
const result = (requirementId: string): RequirementResult => ({
  requirementId,
  checkId: 'schema.envelope',
  operation: 'backup-list',
  family: 'schema',
  level: 'MUST',
  verdict: 'pass',
  failures: [],
  durationMs: 7,
});
const report = buildReport({
  catalog: reportCatalog,
  tool: { name: 'cloud-api-conformance', version: '0.0.0' },
  target: { cloudName: 'c', embedded: true, endpoints: {}, readOnly: false },
  results: [result('backup-list.backups.envelope'), result('backup-list.backups-id.field-type')],
  tests: [],
  status: 'passed',
  startTime: RUN_START,
  durationMs: 60_000,
  shard: null,
  gate: 'pages',
  now: RUN_START,
});
const exchange = (startedAt: string | undefined): Exchange => ({
  method: 'GET',
  url: 'http://127.0.0.1:1/v3/p/backups',
  requestHeaders: {},
  status: 200,
  durationMs: 12,
  ...(startedAt ? { startedAt } : {}),
});

test('each requirement starts at its first request; each exchange at its own time', () => {
  const files = allureFiles({
    report,
    catalog: loadCatalog(),
    exchanges: new Map([
      ['backup-list.backups.envelope', [exchange('2030-01-01T00:00:05.000Z'), exchange('2030-01-01T00:00:03.000Z')]],
      ['backup-list.backups-id.field-type', []],
    ]),
    secrets: [],
  });
  const results = files.filter((f) => f.name.endsWith('-result.json')).map((f) => JSON.parse(f.text));
  const byName = new Map(
    results.map((r) => [r.labels.find((l: { name: string }) => l.name === 'requirement').value, r]),
  );
  const withRequests = byName.get('backup-list.backups.envelope');
  assert.equal(withRequests.start, Date.parse('2030-01-01T00:00:03.000Z'));
  assert.equal(withRequests.stop, withRequests.start + 7);
  assert.equal(byName.get('backup-list.backups-id.field-type').start, RUN_START.getTime());
  const exchanges = files.filter((f) => f.name.endsWith('.httpexchange')).map((f) => JSON.parse(f.text).start);
  assert.deepEqual(exchanges.sort(), [Date.parse('2030-01-01T00:00:03.000Z'), Date.parse('2030-01-01T00:00:05.000Z')]);
});

test('an exchange recorded without a time starts at the run start', () => {
  const files = allureFiles({
    report,
    catalog: loadCatalog(),
    exchanges: new Map([['backup-list.backups.envelope', [exchange(undefined)]]]),
    secrets: [],
  });
  const x = files.find((f) => f.name.endsWith('.httpexchange'))!;
  assert.equal(JSON.parse(x.text).start, RUN_START.getTime());
});
