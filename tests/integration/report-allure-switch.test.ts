// The Allure results can be turned off (`--no-allure`, CONFORMANCE_ALLURE=off): a run, a direct
// Playwright run and a merge then write every other report and no Allure file, leave an earlier
// result set exactly as it was and list none; on (the default), the set is written as ever.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  finish,
  inlineCliEnv,
  makeSuiteDir,
  result,
  startCli,
  startPlaywright,
  type InlineTest,
  removeSuiteDirs,
} from '../support/inline-run.ts';

after(removeSuiteDirs);

const tests: InlineTest[] = [
  {
    title: 'backups › schema',
    operation: 'backup-list',
    family: 'schema',
    results: [result('backup-list.backups.envelope', 'pass'), result('backup-list.backups-id.field-type', 'pass')],
    exchanges: [
      {
        method: 'GET',
        url: 'http://127.0.0.1:9/v3/p/backups',
        requestHeaders: { 'X-Auth-Token': '***' },
        status: 200,
        responseBody: '{"backups":[]}',
        durationMs: 2,
      },
    ],
  },
  {
    title: 'deployment › enums',
    operation: 'software-deployment-show',
    family: 'enums',
    results: [result('software-deployment-show.software-deployment-status.enum-response', 'pass', { family: 'enums' })],
  },
];

const REPORTS = ['conformance.json', 'conformance.html', 'summary.md', 'junit.xml'];

/** An Allure directory holding one file of an earlier run, to see that a run with Allure off leaves it. */
function earlierSet(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'earlier-result.json'), '{"from": "an earlier run"}');
}

function assertUntouched(dir: string, parent: string, name: string): void {
  assert.deepEqual(readdirSync(dir), ['earlier-result.json'], `${dir}: nothing added or removed`);
  assert.equal(readFileSync(join(dir, 'earlier-result.json'), 'utf8'), '{"from": "an earlier run"}');
  assert.deepEqual(
    readdirSync(parent).filter((f) => f.startsWith(`.${name}.`)),
    [],
    'no staging directory beside it',
  );
}

function assertReports(reportDir: string): number {
  for (const file of REPORTS) assert.ok(existsSync(join(reportDir, file)), `${reportDir}/${file}`);
  return JSON.parse(readFileSync(join(reportDir, 'conformance.json'), 'utf8')).requirements.length;
}

function resultCount(allureDir: string): number {
  return readdirSync(allureDir).filter((f) => f.endsWith('-result.json')).length;
}

test('npm run conformance -- --no-allure writes every other report and leaves the Allure directory alone; on by default', async () => {
  const dir = makeSuiteDir({ tests }, 'allure-off');
  earlierSet(join(dir, 'off-allure'));
  const off = await finish(startCli(['--no-allure'], inlineCliEnv(dir, 'off'), dir), dir);
  assert.equal(off.code, 0, off.stdout + off.stderr);
  assertReports(join(dir, 'off'));
  assertUntouched(join(dir, 'off-allure'), dir, 'off-allure');
  const listed = off.stdout.split('\n').find((l) => l.startsWith('Reports: '));
  assert.ok(listed, off.stdout);
  assert.ok(listed.includes(join(dir, 'off', 'conformance.json')), listed);
  assert.ok(!listed.includes('off-allure'), `Allure is not listed as written: ${listed}`);

  const viaEnv = await finish(startCli([], inlineCliEnv(dir, 'off', { CONFORMANCE_ALLURE: 'false' }), dir), dir);
  assert.equal(viaEnv.code, 0, viaEnv.stdout + viaEnv.stderr);
  assertUntouched(join(dir, 'off-allure'), dir, 'off-allure');

  earlierSet(join(dir, 'on-allure'));
  const on = await finish(startCli([], inlineCliEnv(dir, 'on'), dir), dir);
  assert.equal(on.code, 0, on.stdout + on.stderr);
  const requirements = assertReports(join(dir, 'on'));
  assert.equal(resultCount(join(dir, 'on-allure')), requirements, 'one result per requirement');
  assert.ok(!existsSync(join(dir, 'on-allure', 'earlier-result.json')), 'the earlier set is replaced');
  assert.match(on.stdout, /Reports: .*on-allure/);
});

test('Playwright run directly with CONFORMANCE_ALLURE=off writes no Allure file', async () => {
  const dir = makeSuiteDir({ tests }, 'allure-direct');
  earlierSet(join(dir, 'allure-results'));
  const off = await finish(startPlaywright(dir, [], { CONFORMANCE_ALLURE: 'off' }), dir);
  assert.equal(off.code, 0, off.stdout + off.stderr);
  assertReports(join(dir, 'reports'));
  assertUntouched(join(dir, 'allure-results'), dir, 'allure-results');

  const on = await finish(startPlaywright(dir, [], { CONFORMANCE_ALLURE: '1' }), dir);
  assert.equal(on.code, 0, on.stdout + on.stderr);
  assert.equal(resultCount(join(dir, 'allure-results')), assertReports(join(dir, 'reports')));
});

test('sharded runs and their merge with --no-allure write no Allure file; a merge with it on does', async () => {
  const dir = makeSuiteDir({ tests }, 'allure-merge');
  for (const shard of ['1/2', '2/2']) {
    const i = shard[0]!;
    const run = await finish(startCli(['--shard', shard, '--no-allure'], inlineCliEnv(dir, `shard-${i}`), dir), dir);
    assert.equal(run.code, 1, `a shard alone is incomplete\n${run.stdout}${run.stderr}`);
    assertReports(join(dir, `shard-${i}`));
    assert.equal(existsSync(join(dir, `shard-${i}-allure`)), false);
  }
  earlierSet(join(dir, 'merged-allure'));
  const off = await finish(startCli(['merge', '--no-allure'], inlineCliEnv(dir, 'merged'), dir), dir);
  assert.equal(off.code, 0, off.stdout + off.stderr);
  const requirements = assertReports(join(dir, 'merged'));
  assertUntouched(join(dir, 'merged-allure'), dir, 'merged-allure');

  // The shards' blobs still carry what the Allure results need.
  const on = await finish(startCli(['merge'], inlineCliEnv(dir, 'merged'), dir), dir);
  assert.equal(on.code, 0, on.stdout + on.stderr);
  assert.equal(resultCount(join(dir, 'merged-allure')), requirements);
  assert.ok(readdirSync(join(dir, 'merged-allure')).some((f) => f.endsWith('.httpexchange')));
});

test('a run Playwright cannot start leaves its fallback reports and, Allure off, no Allure file', async () => {
  const dir = makeSuiteDir({ tests }, 'allure-broken');
  writeFileSync(join(dir, 'broken.config.ts'), "throw new Error('config does not load');\n");
  const run = await finish(
    startCli(
      ['--no-allure'],
      inlineCliEnv(dir, 'reports', { CONFORMANCE_PLAYWRIGHT_CONFIG: join(dir, 'broken.config.ts') }),
      dir,
    ),
    dir,
  );
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assertReports(join(dir, 'reports'));
  assert.equal(existsSync(join(dir, 'reports-allure')), false);
});
