// The reporter run for real: a small inline Playwright suite whose tests attach hand-made results,
// then the files it wrote are read back.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportSchemaErrors } from '../../src/report/validate-report.ts';
import { leakedSecrets } from '../../src/lib/redact.ts';
import { recordSecrets } from '../../src/report/secrets.ts';
import {
  makeSuiteDir,
  finish,
  result,
  startPlaywright,
  type InlineTest,
  removeSuiteDirs,
} from '../support/inline-run.ts';

after(removeSuiteDirs);

const TOKEN = 'gAAAAABtoken-0123456789-abcdef';
const PASSWORD = 'pa55-w0rd-!?';
const RECORDED = 'renewed-token-9876543210';

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

const tests: InlineTest[] = [
  {
    title: 'GET /v3/{project_id}/backups › schema',
    operation: 'backup-list',
    family: 'schema',
    tags: ['@schema', '@must'],
    target: {
      cloudName: 'test-cloud',
      embedded: false,
      endpoints: { 'block-storage': 'http://127.0.0.1:9/v3/p' },
      readOnly: false,
    },
    results: [
      result('backup-list.backups.envelope', 'pass'),
      result('backup-list.backups-id.field-type', 'fail', {
        // A check that slipped: the token in the message, the received value and the reproduce line.
        failures: [
          {
            message: `backups[0].id is not a string (token ${TOKEN})`,
            received: `42 ${RECORDED}`,
            documented: 'string',
            reproduce: `curl -H 'X-Auth-Token: ${TOKEN}' http://127.0.0.1:9/v3/p/backups`,
          },
        ],
      }),
      result('backup-list.backups-name.field-type', 'warn', {
        reason: 'name is null; decided nullable',
        decision: 'name-nullable',
      }),
    ],
    exchanges: [
      {
        method: 'GET',
        url: `http://127.0.0.1:9/v3/p/backups?password=${encodeURIComponent(PASSWORD)}`,
        requestHeaders: { 'X-Auth-Token': TOKEN },
        status: 200,
        responseHeaders: { 'content-type': 'application/json' },
        responseBody: JSON.stringify({ backups: [{ id: 42, echoed: TOKEN, pw: PASSWORD }] }),
        durationMs: 3,
      },
    ],
  },
  {
    title: 'GET /v3/{project_id}/backups › status-codes',
    operation: 'backup-list',
    family: 'status-codes',
    results: [
      result('backup-list.200.success-code', 'pass', { family: 'status-codes' }),
      result('backup-list.401-missing-token.error-code', 'fail', {
        family: 'status-codes',
        failures: [{ message: 'a request without a token answered 200', received: '200', documented: '401' }],
      }),
      result('backup-list.401.error-body', 'fail', {
        family: 'status-codes',
        level: 'SHOULD',
        failures: [{ message: 'no fault body', received: '{}', documented: '{"error": {...}}' }],
      }),
    ],
  },
  {
    title: 'GET /v1/{tenant_id}/software_deployments/{deployment_id} › timestamps',
    operation: 'software-deployment-show',
    family: 'timestamps',
    behaviour: 'error-without-results',
  },
];

test('the reporter writes valid, redacted reports with waivers, baseline and skip reasons applied', async () => {
  const dir = makeSuiteDir({ tests, reporter: { secrets: [TOKEN, PASSWORD] } }, 'reporter');
  const waivers = join(dir, 'waivers.yaml');
  writeFileSync(
    waivers,
    [
      'waivers:',
      '  - requirement: backup-list.401-missing-token.error-code',
      '    reason: tracked upstream',
      '    expires: 2999-12-31',
      '  - requirement: backup-list.401.error-body',
      '    reason: was fixed once',
      '    expires: 2001-01-01',
      '',
    ].join('\n'),
  );
  const baseline = join(dir, 'old.json');
  writeFileSync(
    baseline,
    JSON.stringify({
      catalog: { version: 'old' },
      requirements: [
        { id: 'backup-list.backups.envelope', verdict: 'fail' },
        { id: 'backup-list.backups-id.field-type', verdict: 'pass' },
      ],
    }),
  );
  const secretsFile = join(dir, 'secrets');
  recordSecrets(secretsFile, [RECORDED]);
  const run = await finish(
    startPlaywright(dir, [], {
      CONFORMANCE_WAIVERS: waivers,
      CONFORMANCE_BASELINE: baseline,
      CONFORMANCE_SECRETS_FILE: secretsFile,
    }),
    dir,
  );
  const report = run.report;
  assert.ok(report, `no conformance.json\n${run.stdout}\n${run.stderr}`);
  assert.deepEqual(reportSchemaErrors(report), []);

  const verdicts = Object.fromEntries(report.requirements.map((e) => [e.id, e.verdict]));
  assert.equal(verdicts['backup-list.backups.envelope'], 'pass');
  assert.equal(verdicts['backup-list.backups-id.field-type'], 'fail');
  assert.equal(verdicts['backup-list.backups-name.field-type'], 'warn');
  assert.equal(verdicts['backup-list.401-missing-token.error-code'], 'waived');
  assert.equal(verdicts['backup-list.401.error-body'], 'fail', 'an expired waiver fails again');
  assert.equal(report.verdict, 'non-conforming');
  assert.equal(report.gate.passed, false);
  assert.deepEqual(report.score.must, { passed: 3, applicable: 5, ratio: 0.6 });
  assert.deepEqual(report.score.should, { passed: 0, applicable: 1, ratio: 0 });
  assert.deepEqual(report.waivers, {
    file: waivers,
    applied: ['backup-list.401-missing-token.error-code'],
    expired: ['backup-list.401.error-body'],
    unused: [],
  });
  assert.deepEqual(report.baseline?.newlyFailing, ['backup-list.backups-id.field-type', 'backup-list.401.error-body']);
  assert.deepEqual(report.baseline?.newlyFixed, ['backup-list.backups.envelope']);
  assert.equal(report.target.cloudName, 'test-cloud');

  // The test that errored leaves its requirements skipped with its error, and the run incomplete.
  const timestamp = report.requirements.find(
    (e) => e.id === 'software-deployment-show.software-deployment-creation-time.timestamp-format',
  )!;
  assert.equal(timestamp.verdict, 'skipped');
  assert.match(timestamp.reason!, /ended without a result for it: no results attached: Error: connect ECONNREFUSED/);
  assert.equal(report.run.complete, false);
  assert.equal(report.run.tests.errored, 1);

  // Terminal: verdict, score, failures grouped by family; Playwright's own line reporter still printed.
  assert.match(run.stdout, /Conformance: NON-CONFORMING/);
  assert.match(run.stdout, /Score: MUST 3\/5 \(60%\)/);
  assert.match(run.stdout, /schema: 1 failing[\s\S]*status-codes: 1 failing/);
  assert.match(run.stdout, /Running 3 tests using 1 worker/);

  // No secret anywhere: the reports, the Allure results, the terminal.
  const files = [...allFiles(join(dir, 'reports')), ...allFiles(join(dir, 'allure-results'))];
  assert.ok(
    files.some((f) => f.endsWith('.httpexchange')),
    'the exchange is attached in Allure',
  );
  for (const file of files)
    assert.deepEqual(leakedSecrets(readFileSync(file, 'utf8'), [TOKEN, PASSWORD, RECORDED]), [], file);
  assert.deepEqual(leakedSecrets(run.stdout + run.stderr, [TOKEN, PASSWORD, RECORDED]), []);
  const json = readFileSync(join(dir, 'reports/conformance.json'), 'utf8');
  assert.ok(json.includes('X-Auth-Token: ***'), 'the reproduce line keeps its shape with the token masked');
});

test('Allure results: one per requirement, labelled, linked to the citation, the exchange attached', async () => {
  const dir = makeSuiteDir({ tests: tests.slice(0, 1) }, 'allure');
  const run = await finish(startPlaywright(dir), dir);
  assert.ok(run.report);
  const resultsDir = join(dir, 'allure-results');
  const results = readdirSync(resultsDir)
    .filter((f) => f.endsWith('-result.json'))
    .map((f) => JSON.parse(readFileSync(join(resultsDir, f), 'utf8')));
  assert.equal(results.length, run.report.requirements.length);
  const failing = results.find((r) =>
    r.labels.some(
      (l: { name: string; value: string }) =>
        l.name === 'requirement' && l.value === 'backup-list.backups-id.field-type',
    ),
  );
  assert.equal(failing.status, 'failed');
  assert.equal(failing.name, 'backups[].id is a string');
  const label = (name: string) =>
    failing.labels.filter((l: { name: string }) => l.name === name).map((l: { value: string }) => l.value);
  assert.deepEqual(label('epic'), ['block-storage']);
  assert.deepEqual(label('feature'), ['backup-list']);
  assert.deepEqual(label('story'), ['check.field-type']);
  assert.deepEqual(label('severity'), ['critical']);
  assert.ok(label('tag').includes('MUST') && label('tag').includes('schema'));
  assert.match(
    failing.links[0].url,
    /specs\/block-storage\/querying-summary-information-about-vbs-backups-\(native-openstack-v3-api\)\.md#L41$/,
  );
  assert.match(failing.statusDetails.trace, /Received: 42[\s\S]*Documented: string/);
  assert.equal(failing.attachments.length, 1);
  const exchange = JSON.parse(readFileSync(join(resultsDir, failing.attachments[0].source), 'utf8'));
  assert.equal(exchange.request.method, 'GET');
  assert.deepEqual(exchange.request.headers, [{ name: 'X-Auth-Token', value: '***' }]);
  const skipped = results.find((r) =>
    r.labels.some(
      (l: { name: string; value: string }) => l.name === 'requirement' && l.value === 'backup-list.401.error-body',
    ),
  );
  assert.equal(skipped.status, 'skipped');
  assert.deepEqual(
    skipped.labels.filter((l: { name: string }) => l.name === 'severity').map((l: { value: string }) => l.value),
    ['normal'],
  );
});
