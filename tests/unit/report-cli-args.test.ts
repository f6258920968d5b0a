import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCliArgs, UsageError } from '../../src/cli/args.ts';

test('options parse into a run', () => {
  assert.deepEqual(
    parseCliArgs([
      '--shard',
      '2/3',
      '--grep',
      '@must',
      '--workers',
      '50%',
      '--baseline',
      'old.json',
      '--waivers',
      'w.yaml',
      '--gate',
      'SHOULD',
      '--read-only',
      '--concurrency',
      '8',
    ]),
    {
      command: 'run',
      shard: { current: 2, total: 3 },
      grep: '@must',
      workers: '50%',
      baseline: 'old.json',
      waivers: 'w.yaml',
      gate: 'should',
      readOnly: true,
      concurrency: '8',
      noAllure: false,
      printConfig: false,
      help: false,
    },
  );
});

test('merge takes a directory and the report options', () => {
  assert.deepEqual(parseCliArgs(['merge', 'blobs', '--gate', 'must']), {
    command: 'merge',
    dir: 'blobs',
    baseline: undefined,
    waivers: undefined,
    gate: 'pages',
    noAllure: false,
    help: false,
  });
  assert.equal((parseCliArgs(['merge']) as { dir: string }).dir, 'blob-report');
});

test('--no-allure turns the Allure results off, for a run and for a merge', () => {
  assert.equal(parseCliArgs([]).noAllure, false);
  assert.equal(parseCliArgs(['--no-allure']).noAllure, true);
  assert.equal(parseCliArgs(['merge', '--no-allure', 'blobs']).noAllure, true);
});

const USAGE_ERRORS: { argv: string[]; message: RegExp }[] = [
  { argv: ['--shard', '0/2'], message: /between 1 and N/ },
  { argv: ['--shard', '3/2'], message: /between 1 and N/ },
  { argv: ['--shard', 'two'], message: /expects i\/N/ },
  { argv: ['--workers', 'many'], message: /--workers expects/ },
  { argv: ['--workers', '0'], message: /--workers expects/ },
  { argv: ['--concurrency', '0'], message: /--concurrency expects a positive whole number/ },
  { argv: ['--concurrency', 'lots'], message: /--concurrency expects a positive whole number/ },
  { argv: ['merge', '--concurrency', '2'], message: /--concurrency does not apply to merge/ },
  { argv: ['--gate', 'may'], message: /--gate expects pages, upstream or should/ },
  { argv: ['--grep', '(unclosed'], message: /not a regular expression/ },
  { argv: ['--bogus'], message: /Unknown option '--bogus'/ },
  { argv: ['--allure'], message: /Unknown option '--allure'/ },
  { argv: ['--no-allure=yes'], message: /does not take an argument/ },
  { argv: ['stray'], message: /Unexpected argument 'stray'|positional/ },
  { argv: ['--baseline'], message: /argument missing|--baseline/ },
  { argv: ['merge', '--shard', '1/2'], message: /--shard does not apply to merge/ },
  { argv: ['merge', 'a', 'b'], message: /one directory/ },
];

for (const c of USAGE_ERRORS) {
  test(`usage error: ${c.argv.join(' ')}`, () => {
    assert.throws(
      () => parseCliArgs(c.argv),
      (e: unknown) => e instanceof UsageError && c.message.test(e.message),
    );
  });
}
