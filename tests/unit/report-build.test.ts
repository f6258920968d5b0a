import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildReport, type RunFacts } from '../../src/report/build-report.ts';
import { loadReportCatalog } from '../../src/report/catalog.ts';
import { diffBaseline } from '../../src/report/baseline.ts';
import { reportSchemaErrors } from '../../src/report/validate-report.ts';
import type { RequirementResult } from '../../src/results/model.ts';

const catalog = loadReportCatalog(join(import.meta.dirname, '../../fixtures/report/catalog.yaml'));

function r(
  requirementId: string,
  verdict: RequirementResult['verdict'],
  extra: Partial<RequirementResult> = {},
): RequirementResult {
  return {
    requirementId,
    checkId: 'c',
    operation: requirementId.split('.')[0]!,
    family: 'schema',
    level: 'MUST',
    verdict,
    failures: [],
    durationMs: 2,
    ...extra,
  };
}

function facts(extra: Partial<RunFacts> = {}): RunFacts {
  return {
    catalog,
    tool: { name: 'cloud-api-conformance', version: '0.0.0' },
    target: { cloudName: 'embedded', embedded: true, endpoints: {}, readOnly: false },
    results: [],
    tests: [],
    status: 'passed',
    startTime: new Date('2030-01-01T00:00:00Z'),
    durationMs: 1000,
    shard: null,
    gate: 'pages',
    now: new Date('2030-01-01T00:00:00Z'),
    ...extra,
  };
}

test('every catalog requirement gets exactly one entry, in catalog order', () => {
  const report = buildReport(facts({ results: [r('backup-list.backups.envelope', 'pass')] }));
  assert.deepEqual(
    report.requirements.map((e) => e.id),
    catalog.requirements.map((q) => q.id),
  );
  assert.deepEqual(reportSchemaErrors(report), []);
});

test('the catalog, not the check, decides level and citation', () => {
  const report = buildReport(
    facts({ results: [r('backup-list.401.error-body', 'fail', { level: 'MUST', failures: [{ message: 'm' }] })] }),
  );
  const entry = report.requirements.find((e) => e.id === 'backup-list.401.error-body')!;
  assert.equal(entry.level, 'SHOULD');
  assert.equal(report.verdict, 'conforming');
  assert.equal(entry.citation.row, '401');
});

test('two results for one requirement: the worse verdict stands and failures add up', () => {
  const report = buildReport(
    facts({
      results: [
        r('backup-list.backups.envelope', 'pass'),
        r('backup-list.backups.envelope', 'fail', { failures: [{ message: 'second' }] }),
      ],
    }),
  );
  const entry = report.requirements.find((e) => e.id === 'backup-list.backups.envelope')!;
  assert.equal(entry.verdict, 'fail');
  assert.equal(entry.durationMs, 4);
  assert.equal(report.verdict, 'non-conforming');
});

test('a fail without failures and a not-applicable without reason still make a valid report that says so', () => {
  const report = buildReport(
    facts({
      results: [r('backup-list.backups.envelope', 'fail'), r('backup-list.200.success-code', 'not-applicable')],
    }),
  );
  assert.deepEqual(reportSchemaErrors(report), []);
  assert.match(
    report.requirements.find((e) => e.id === 'backup-list.backups.envelope')!.failures[0]!.message,
    /without details/,
  );
  assert.match(report.requirements.find((e) => e.id === 'backup-list.200.success-code')!.reason!, /gave no reason/);
});

const SKIPS: { name: string; extra: Partial<RunFacts>; reason: RegExp; complete: boolean }[] = [
  { name: 'no test covers it', extra: {}, reason: /no check covers this requirement/, complete: true },
  {
    name: 'its test ran but did not report it',
    extra: { tests: [{ title: 't', operation: 'backup-list', family: 'schema', state: 'finished' }] },
    reason: /no check ran/,
    complete: true,
  },
  {
    name: 'its test errored',
    extra: {
      tests: [
        {
          title: 'backups › schema',
          operation: 'backup-list',
          family: 'schema',
          state: 'errored',
          error: 'ECONNREFUSED',
        },
      ],
    },
    reason: /the test "backups › schema" ended without a result for it: ECONNREFUSED/,
    complete: false,
  },
  {
    name: 'its test never ran',
    extra: {
      status: 'interrupted',
      tests: [{ title: 't', operation: 'backup-list', family: 'schema', state: 'pending' }],
    },
    reason: /ended before this check ran/,
    complete: false,
  },
  {
    name: 'another shard has it',
    extra: { shard: { current: 2, total: 3 } },
    reason: /not in this shard \(2\/3\)/,
    complete: false,
  },
  { name: 'grep left it out', extra: { grep: '@enums' }, reason: /not selected by --grep @enums/, complete: true },
];

for (const c of SKIPS) {
  test(`a requirement without a result is skipped when ${c.name}`, () => {
    const report = buildReport(facts(c.extra));
    const entry = report.requirements.find((e) => e.id === 'backup-list.backups-id.field-type')!;
    assert.equal(entry.verdict, 'skipped');
    assert.match(entry.reason!, c.reason);
    assert.equal(report.run.complete, c.complete);
    assert.equal(report.verdict, c.complete ? 'conforming' : 'incomplete');
    assert.deepEqual(reportSchemaErrors(report), []);
  });
}

test('the baseline diff names what newly fails and what is newly fixed; a waived failure is not new', () => {
  const report = buildReport(
    facts({
      results: [
        r('backup-list.backups.envelope', 'fail', { failures: [{ message: 'm' }] }),
        r('backup-list.200.success-code', 'pass'),
        r('backup-list.limit.limit-honoured', 'fail', { failures: [{ message: 'm' }] }),
      ],
    }),
  );
  const baseline = {
    file: 'old.json',
    catalogVersion: 'v',
    verdicts: new Map([
      ['backup-list.backups.envelope', 'pass' as const],
      ['backup-list.200.success-code', 'fail' as const],
      ['backup-list.limit.limit-honoured', 'waived' as const],
    ]),
  };
  const diff = diffBaseline(report.requirements, baseline);
  assert.deepEqual(diff.newlyFailing, ['backup-list.backups.envelope']);
  assert.deepEqual(diff.newlyFixed, ['backup-list.200.success-code']);
  assert.equal(
    report.requirements.find((e) => e.id === 'backup-list.status.filter-narrows')!.baselineVerdict,
    'absent',
  );
});

test('the schema refuses a report that breaks its rules', () => {
  const report = buildReport(facts());
  const broken = structuredClone(report) as unknown as {
    verdict: string;
    requirements: { verdict: string; failures: unknown[] }[];
  };
  broken.verdict = 'mostly-fine';
  broken.requirements[0]!.verdict = 'fail';
  broken.requirements[0]!.failures = [];
  const errors = reportSchemaErrors(broken);
  assert.ok(
    errors.some((e) => e.startsWith('/verdict')),
    errors.join('\n'),
  );
  assert.ok(
    errors.some((e) => e.startsWith('/requirements/0/failures')),
    errors.join('\n'),
  );
});
