// A test attaches its exchanges only when a report of the run reads them: the Allure results are the
// only one, so with them off (CONFORMANCE_ALLURE=off, the CLI's --no-allure) no test sends them to the
// runner; a sharded run attaches them whatever the switch says, since its blobs may be merged into a
// report with the Allure results on.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { spawn } from 'node:child_process';
import { cleanEnv, finish, PLAYWRIGHT_CLI, REPO } from '../support/inline-run.ts';

const made: string[] = [];
after(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

const GREP = 'os-availability-zone › headers';

interface JsonSuite {
  suites?: JsonSuite[];
  specs?: { tests: { results: { attachments: { name: string }[] }[] }[] }[];
}

function attachmentNames(suite: JsonSuite): string[] {
  return [
    ...(suite.specs ?? []).flatMap((s) =>
      s.tests.flatMap((t) => t.results.flatMap((r) => r.attachments.map((a) => a.name))),
    ),
    ...(suite.suites ?? []).flatMap(attachmentNames),
  ];
}

async function attachments(allure: string, extra: string[] = []): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cac-exchanges-'));
  made.push(dir);
  const env = {
    CONFORMANCE_ALLURE: allure,
    CONFORMANCE_GREP: GREP,
    CONFORMANCE_REPORT_DIR: join(dir, 'reports'),
    CONFORMANCE_ALLURE_DIR: join(dir, 'allure-results'),
    PLAYWRIGHT_BLOB_OUTPUT_DIR: join(dir, 'blob'),
  };
  const args = [
    PLAYWRIGHT_CLI,
    'test',
    '-c',
    join(REPO, 'playwright.config.ts'),
    `--grep=${GREP}`,
    '--reporter=json',
    ...extra,
  ];
  const child = spawn(process.execPath, args, { cwd: REPO, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const done = await finish(child, dir, 180_000);
  assert.equal(done.code, 0, done.stdout.slice(-2000) + done.stderr);
  const names = attachmentNames(JSON.parse(done.stdout) as JsonSuite);
  assert.ok(names.includes('conformance-results.json'), names.join(', '));
  return names;
}

test('with the Allure results off no test attaches its exchanges; on, or sharded, each does', async () => {
  assert.ok((await attachments('1')).includes('exchanges.json'), 'on: attached');
  assert.ok(!(await attachments('off')).includes('exchanges.json'), 'off: not attached');
  assert.ok((await attachments('off', ['--shard=1/1'])).includes('exchanges.json'), 'off but sharded: attached');
});
