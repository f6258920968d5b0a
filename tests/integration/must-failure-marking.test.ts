// A MUST failure under the CLI marks its test as failing (test.fail()) instead of failing Playwright's
// run, so Playwright keeps its worker (it replaces a worker after every unexpected failure, and the new
// one repeats its start-up, its prerequisites and the work it ran ahead). The verdict, the exit code
// and the reports are the same either way; run directly, the tests fail in Playwright's own terms.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { spawn } from 'node:child_process';
import { cleanEnv, CLI, finish, PLAYWRIGHT_CLI, readReport, REPO } from '../support/inline-run.ts';

const made: string[] = [];
after(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

// A few operations' headers: the defect labels every JSON body text/plain, a MUST failure in each.
const GREP = '(extensions|os-availability-zone|types) › headers';

function lastRun(): { status: string; failedTests: string[] } {
  return JSON.parse(readFileSync(join(REPO, 'test-results/.last-run.json'), 'utf8'));
}

async function run(direct: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'cac-marking-'));
  made.push(dir);
  const env = {
    REFERENCE_DEFECT: 'content-type-text-plain',
    CONFORMANCE_REPORT_DIR: join(dir, 'reports'),
    CONFORMANCE_ALLURE_DIR: join(dir, 'allure-results'),
    ...(direct ? { CONFORMANCE_GREP: GREP } : {}),
  };
  const args = direct
    ? [PLAYWRIGHT_CLI, 'test', '-c', join(REPO, 'playwright.config.ts'), `--grep=${GREP}`]
    : [CLI, '--grep', GREP];
  const child = spawn(process.execPath, args, { cwd: REPO, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const done = await finish(child, dir, 180_000);
  return { ...done, report: readReport(join(dir, 'reports'))!, last: lastRun() };
}

test('under the CLI a MUST failure marks its test; run directly it fails it; the verdicts are the same', async () => {
  const cli = await run(false);
  assert.equal(cli.code, 1, cli.stdout + cli.stderr);
  assert.equal(cli.report.verdict, 'non-conforming');
  const failing = (r: typeof cli.report) =>
    r.requirements
      .filter((e) => e.verdict === 'fail' && e.level === 'MUST')
      .map((e) => e.id)
      .sort();
  const operations = new Set(failing(cli.report).map((id) => id.split('.')[0]));
  assert.ok(operations.size >= 3, failing(cli.report).join(', '));
  assert.deepEqual(cli.last, { status: 'passed', failedTests: [] }, 'Playwright saw no unexpected failure');
  // The CLI's terminal: the reporter's own line per test, ✘ for each with a MUST failure, and no
  // Playwright count calling the marked tests passed.
  const lines = cli.stdout.split('\n');
  assert.equal(
    lines.filter((l) => /^  ✘ \[\d+\/\d+\] .* — \d+ MUST failing/.test(l)).length,
    operations.size,
    cli.stdout,
  );
  assert.match(
    cli.stdout,
    new RegExp(`^\\d+ tests in [\\d.]+s: \\d+ without a MUST failure, ${operations.size} with one$`, 'm'),
  );
  assert.doesNotMatch(cli.stdout, /\d+ passed \(/);

  const direct = await run(true);
  assert.equal(direct.code, 1, direct.stdout + direct.stderr);
  assert.equal(direct.last.status, 'failed');
  // Run directly, Playwright's own terminal reporter (the config's list) prints and counts.
  assert.match(direct.stdout, new RegExp(`${operations.size} failed`));
  assert.equal(
    direct.last.failedTests.length,
    operations.size,
    'each test with a MUST failure failed in Playwright terms',
  );
  assert.deepEqual(failing(direct.report), failing(cli.report));
  const verdicts = (r: typeof cli.report) => r.requirements.map((e) => `${e.id} ${e.verdict}`);
  assert.deepEqual(verdicts(direct.report), verdicts(cli.report));
});
