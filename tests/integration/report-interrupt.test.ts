// Reports are written also when a run does not end by itself: SIGINT to Playwright, SIGTERM to the CLI,
// the total time budget reached. Each is marked incomplete and never claims conformance.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  finish,
  inlineCliEnv,
  makeSuiteDir,
  readReport,
  result,
  startCli,
  startPlaywright,
  type InlineTest,
  removeSuiteDirs,
} from '../support/inline-run.ts';
import { reportSchemaErrors } from '../../src/report/validate-report.ts';

after(removeSuiteDirs);

const tests: InlineTest[] = [
  {
    title: 'backups › schema',
    operation: 'backup-list',
    family: 'schema',
    results: [result('backup-list.backups.envelope', 'pass')],
  },
  { title: 'deployment › enums', operation: 'software-deployment-show', family: 'enums', behaviour: 'hang' },
];

async function waitForHang(dir: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (readdirSync(dir).some((f) => f.startsWith('started-'))) return;
    await sleep(100);
  }
  throw new Error('the hanging test never started');
}

function assertIncomplete(reportDir: string, status: string, finishedBeforeStop = true): void {
  const report = readReport(reportDir);
  assert.ok(report, `no report in ${reportDir}`);
  assert.deepEqual(reportSchemaErrors(report), []);
  assert.equal(report.run.complete, false);
  assert.equal(report.run.status, status);
  assert.equal(report.verdict, 'incomplete');
  assert.equal(report.gate.passed, false);
  const verdicts = Object.fromEntries(report.requirements.map((e) => [e.id, e]));
  if (finishedBeforeStop)
    assert.equal(verdicts['backup-list.backups.envelope']!.verdict, 'pass', 'what finished before the stop is kept');
  const hung = verdicts['software-deployment-show.software-deployment-status.enum-response']!;
  assert.equal(hung.verdict, 'skipped');
  assert.match(hung.reason!, /interrupted|ended before|timed out/);
  for (const file of ['conformance.html', 'summary.md', 'junit.xml'])
    assert.ok(existsSync(join(reportDir, file)), file);
  assert.match(
    readFileSync(join(reportDir, 'junit.xml'), 'utf8'),
    /<testcase name="the run completes" classname="run"[^>]*>\s*<error message="run incomplete \(/,
  );
}

test('SIGINT to Playwright: the reporter writes the reports, marked incomplete', async () => {
  const dir = makeSuiteDir({ tests, workers: 1 }, 'sigint');
  const child = startPlaywright(dir);
  const done = finish(child, dir);
  await waitForHang(dir);
  child.kill('SIGINT');
  const run = await done;
  assertIncomplete(join(dir, 'reports'), 'interrupted');
  assert.match(run.stdout, /Conformance: INCOMPLETE/);
  assert.ok(readdirSync(join(dir, 'allure-results')).some((f) => f.endsWith('-result.json')));
});

test('SIGTERM to the CLI: relayed, reports written and incomplete, exit 1', async () => {
  const dir = makeSuiteDir({ tests, workers: 1 }, 'sigterm');
  const child = startCli([], inlineCliEnv(dir), dir);
  const done = finish(child, dir);
  await waitForHang(dir);
  child.kill('SIGTERM');
  const run = await done;
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assertIncomplete(join(dir, 'reports'), 'interrupted');
  assert.match(run.stdout, /conformance: incomplete, gate pages failed → exit 1/);
});

test('the total budget reached: the run is timed out and incomplete', async () => {
  const dir = makeSuiteDir({ tests, workers: 1, globalTimeout: 8_000 }, 'budget');
  const run = await finish(startPlaywright(dir), dir);
  assert.notEqual(run.code, 0);
  // On a loaded machine the budget may end before even the first test: only the hang is certain.
  assertIncomplete(join(dir, 'reports'), 'timedout', false);
  assert.match(readReport(join(dir, 'reports'))!.run.incompleteReasons.join('\n'), /total time budget/);
});
