// `npm run conformance` as CI sees it: the exit code follows the verdict and the gate, every problem
// with the configuration or the options is exit 2 before anything runs, and a run that Playwright
// cannot even start still leaves a report.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  finish,
  inlineCliEnv,
  makeSuiteDir,
  readReport,
  result,
  startCli,
  type InlineTest,
  removeSuiteDirs,
} from '../support/inline-run.ts';

after(removeSuiteDirs);

const conforming: InlineTest[] = [
  {
    title: 'backups › schema',
    operation: 'backup-list',
    family: 'schema',
    results: [result('backup-list.backups.envelope', 'pass')],
  },
  {
    title: 'backups › status-codes',
    operation: 'backup-list',
    family: 'status-codes',
    results: [
      result('backup-list.401.error-body', 'fail', {
        family: 'status-codes',
        level: 'SHOULD',
        failures: [{ message: 'no fault body', received: '{}', documented: 'upstream fault' }],
      }),
    ],
  },
  {
    title: 'deployment › enums',
    operation: 'software-deployment-show',
    family: 'enums',
    results: [result('software-deployment-show.software-deployment-status.enum-response', 'pass', { family: 'enums' })],
  },
];

test('exit 0 when conforming to the pages; 1 under --gate upstream or should (or CONFORMANCE_GATE) when an upstream SHOULD fails', async () => {
  const dir = makeSuiteDir({ tests: conforming }, 'cli-gate');
  const must = await finish(startCli([], inlineCliEnv(dir, 'must'), dir), dir);
  assert.equal(must.code, 0, must.stdout + must.stderr);
  assert.match(must.stdout, /conformance: conforming, gate pages passed → exit 0/);
  const pages = readReport(join(dir, 'must'))!;
  assert.equal(pages.bases.pages.verdict, 'conforming');
  assert.equal(pages.bases.upstream.verdict, 'incompatible');
  assert.deepEqual(pages.bases.upstream.failing, ['backup-list.401.error-body']);

  const upstream = await finish(startCli(['--gate', 'upstream'], inlineCliEnv(dir, 'upstream'), dir), dir);
  assert.equal(upstream.code, 1, upstream.stdout + upstream.stderr);
  assert.deepEqual(readReport(join(dir, 'upstream'))!.gate, { level: 'upstream', passed: false });
  const legacy = await finish(startCli(['--gate', 'must'], inlineCliEnv(dir, 'legacy'), dir), dir);
  assert.equal(legacy.code, 0, '--gate must is the former name of pages');
  assert.deepEqual(readReport(join(dir, 'legacy'))!.gate, { level: 'pages', passed: true });

  const should = await finish(startCli(['--gate', 'should'], inlineCliEnv(dir, 'should'), dir), dir);
  assert.equal(should.code, 1);
  const report = readReport(join(dir, 'should'))!;
  assert.equal(report.verdict, 'conforming', 'the verdict stays MUST-based');
  assert.deepEqual(report.gate, { level: 'should', passed: false });

  const viaEnv = await finish(
    startCli(['--grep', 'enums'], inlineCliEnv(dir, 'env', { CONFORMANCE_GATE: 'should' }), dir),
    dir,
  );
  assert.equal(viaEnv.code, 0, 'the SHOULD failure is not in the selection');
  const selected = readReport(join(dir, 'env'))!;
  assert.equal(selected.run.grep, 'enums');
  assert.match(
    selected.requirements.find((e) => e.id === 'backup-list.backups.envelope')!.reason!,
    /not selected by --grep enums/,
  );
});

test('exit 2 with one clear message for configuration and input errors, before any run', async () => {
  const dir = makeSuiteDir({ tests: conforming }, 'cli-errors');
  writeFileSync(join(dir, 'waivers.yaml'), '- requirement: a\n  reason: r\n  expires: soon\n');
  writeFileSync(join(dir, 'old.json'), '{"requirements": "none"}');
  const cases: { args: string[]; env?: Record<string, string>; message: RegExp }[] = [
    {
      args: ['--waivers', 'waivers.yaml'],
      message: /waivers\.yaml: waivers\[0\] \(line 1\)\.expires: expected a date written YYYY-MM-DD/,
    },
    { args: ['--baseline', 'old.json'], message: /old\.json: requirements: not a conformance\.json/ },
    { args: ['--baseline', 'missing.json'], message: /missing\.json: cannot read the baseline \(ENOENT\)/ },
    {
      args: [],
      env: { CONFORMANCE_REQUEST_TIMEOUT_MS: 'soon' },
      message: /configuration error: CONFORMANCE_REQUEST_TIMEOUT_MS: "soon" is not a whole number/,
    },
    {
      args: [],
      env: { OS_CLOUD: 'nowhere', OS_CLIENT_CONFIG_FILE: join(dir, 'no-clouds.yaml') },
      message: /configuration error: .*no-clouds\.yaml/,
    },
    {
      args: [],
      env: { CONFORMANCE_ALLURE: 'maybe' },
      message: /configuration error: CONFORMANCE_ALLURE: "maybe" is not one of on, off \(or 1, 0, true, false\)/,
    },
    {
      args: ['merge'],
      env: { CONFORMANCE_ALLURE: 'no' },
      message: /configuration error: CONFORMANCE_ALLURE: "no" is not one of on, off/,
    },
    { args: ['--workers', 'lots'], message: /--workers expects a positive number/ },
    {
      args: [],
      env: { REFERENCE_DEFECT: 'no-such-defect' },
      message: /REFERENCE_DEFECT: unknown defect "no-such-defect"/,
    },
    {
      args: [],
      env: { REFERENCE_VARIANT: 'no-such-variant' },
      message: /REFERENCE_VARIANT: unknown variant "no-such-variant"/,
    },
  ];
  for (const c of cases) {
    const run = await finish(startCli(c.args, inlineCliEnv(dir, 'never', c.env ?? {}), dir), dir);
    assert.equal(run.code, 2, `${c.args.join(' ')}: ${run.stdout}${run.stderr}`);
    assert.match(run.stderr, c.message);
    assert.equal(run.stdout, '', 'nothing else printed');
  }
  assert.equal(existsSync(join(dir, 'never')), false, 'no run started, no report half-written');
});

test('--print-config shows the resolved cloud with every secret as ***', async () => {
  const dir = makeSuiteDir({ tests: conforming }, 'cli-print');
  const password = 'correct-horse-battery-staple';
  const run = await finish(
    startCli(
      ['--print-config'],
      inlineCliEnv(dir, 'never', {
        OS_AUTH_URL: 'http://127.0.0.1:5000/v3',
        OS_USERNAME: 'demo',
        OS_PASSWORD: password,
        OS_PROJECT_NAME: 'demo',
        OS_USER_DOMAIN_ID: 'default',
        OS_PROJECT_DOMAIN_ID: 'default',
      }),
      dir,
    ),
    dir,
  );
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /cloud: envvars/);
  assert.match(run.stdout, /password: "?\*\*\*"?/);
  assert.ok(!(run.stdout + run.stderr).includes(password));
});

test('a run whose global setup fails is incomplete and says why, exit 1', async () => {
  const dir = makeSuiteDir({ tests: conforming }, 'cli-setup');
  writeFileSync(
    join(dir, 'setup.config.ts'),
    "export default { testDir: '.', testMatch: 'inline.spec.ts', globalSetup: './setup.ts' };\n",
  );
  writeFileSync(join(dir, 'setup.ts'), "export default async () => { throw new Error('target refused to start'); };\n");
  const run = await finish(
    startCli([], inlineCliEnv(dir, 'reports', { CONFORMANCE_PLAYWRIGHT_CONFIG: join(dir, 'setup.config.ts') }), dir),
    dir,
  );
  assert.equal(run.code, 1, run.stdout + run.stderr);
  const report = readReport(join(dir, 'reports'))!;
  assert.equal(report.verdict, 'incomplete');
  assert.equal(report.counts.skipped, report.counts.total);
  assert.match(report.run.incompleteReasons.join('\n'), /outside any test: Error: target refused to start/);
  assert.match(report.requirements[0]!.reason!, /the run failed outside any test: Error: target refused to start/);
});

test('a run Playwright cannot start at all still leaves a report, incomplete, exit 1', async () => {
  const dir = makeSuiteDir({ tests: conforming }, 'cli-broken');
  writeFileSync(join(dir, 'broken.config.ts'), "throw new Error('config does not load');\n");
  const run = await finish(
    startCli([], inlineCliEnv(dir, 'reports', { CONFORMANCE_PLAYWRIGHT_CONFIG: join(dir, 'broken.config.ts') }), dir),
    dir,
  );
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.match(run.stderr, /before the reporter wrote anything; see its output above; wrote an incomplete report/);
  const report = readReport(join(dir, 'reports'))!;
  assert.equal(report.verdict, 'incomplete');
  assert.equal(report.counts.skipped, report.counts.total);
  assert.match(report.requirements[0]!.reason!, /Playwright exited \(code 1\) before the reporter wrote anything/);
  for (const file of ['conformance.html', 'summary.md', 'junit.xml'])
    assert.ok(existsSync(join(dir, 'reports', file)), file);
});
