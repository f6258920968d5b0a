// Two shards merged give the same conformance.json, HTML, JUnit and Allure results as one unsharded
// run, timings aside.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  finish,
  inlineCliEnv,
  makeSuiteDir,
  result,
  startCli,
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
    results: [
      result('backup-list.backups.envelope', 'pass'),
      result('backup-list.backups-id.field-type', 'fail', {
        failures: [{ message: 'id is a number', received: '42', documented: 'string' }],
      }),
    ],
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
    title: 'backups › status-codes',
    operation: 'backup-list',
    family: 'status-codes',
    results: [result('backup-list.200.success-code', 'pass', { family: 'status-codes' })],
  },
  {
    title: 'backups › pagination',
    operation: 'backup-list',
    family: 'pagination',
    results: [
      result('backup-list.limit.limit-honoured', 'not-applicable', {
        family: 'pagination',
        reason: 'paging not served',
      }),
    ],
  },
  {
    title: 'deployment › enums',
    operation: 'software-deployment-show',
    family: 'enums',
    results: [result('software-deployment-show.software-deployment-status.enum-response', 'pass', { family: 'enums' })],
  },
  {
    title: 'deployment › timestamps',
    operation: 'software-deployment-show',
    family: 'timestamps',
    results: [
      result('software-deployment-show.software-deployment-creation-time.timestamp-format', 'warn', {
        family: 'timestamps',
        reason: 'no offset',
      }),
    ],
  },
];

const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g;

function normalisedJson(dir: string): unknown {
  const report = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8'));
  assert.deepEqual(reportSchemaErrors(report), []);
  delete report.run.startedAt;
  delete report.run.endedAt;
  delete report.run.durationMs;
  for (const entry of report.requirements) delete entry.durationMs;
  return report;
}

function normalisedText(file: string): string {
  return readFileSync(file, 'utf8')
    .replace(ISO, 'T')
    .replace(/time="[\d.]+"/g, 'time=""')
    .replace(/\d+ ms|\d+(?:\.\d+)?s\b/g, '');
}

/**
 * An Allure result set without its times. Attachments are named after their content, times included,
 * so each is renamed after its content without them, and so are the results' references to it.
 */
function normalisedAllure(dir: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const renamed = new Map<string, string>();
  const files = readdirSync(dir).sort();
  for (const file of files.filter((f) => f.endsWith('.httpexchange'))) {
    const data = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    delete data.start;
    delete data.stop;
    const name = `attachment ${JSON.stringify(data)}`;
    renamed.set(file, name);
    out[name] = data;
  }
  for (const file of files.filter((f) => !f.endsWith('.httpexchange'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    if (file.endsWith('.properties')) {
      out[file] = text;
      continue;
    }
    const data = JSON.parse(text);
    delete data.start;
    delete data.stop;
    for (const a of data.attachments ?? []) a.source = renamed.get(a.source) ?? `missing ${a.source}`;
    out[file] = data;
  }
  return out;
}

test('N shards merged equal one unsharded run', async () => {
  const dir = makeSuiteDir({ tests }, 'shards');
  const whole = await finish(startCli([], inlineCliEnv(dir, 'whole'), dir), dir);
  assert.equal(whole.code, 1, whole.stdout + whole.stderr);

  // Both shards on one machine, one after the other, in the CLI's default blob layout.
  for (const shard of ['1/2', '2/2']) {
    const i = shard[0]!;
    const run = await finish(startCli(['--shard', shard], inlineCliEnv(dir, `shard-${i}`), dir), dir);
    assert.equal(run.code, 1, `a shard alone is never conforming\n${run.stdout}${run.stderr}`);
    const partial = JSON.parse(readFileSync(join(dir, `shard-${i}`, 'conformance.json'), 'utf8'));
    assert.equal(partial.run.complete, false);
    assert.ok(partial.requirements.some((e: { reason?: string }) => e.reason === `not in this shard (${i}/2)`));
  }
  assert.deepEqual(readdirSync(join(dir, 'blob-report')).sort(), ['shard-1-of-2', 'shard-2-of-2']);
  const merged = await finish(startCli(['merge'], inlineCliEnv(dir, 'merged'), dir), dir);
  assert.equal(merged.code, 1, merged.stdout + merged.stderr);

  assert.deepEqual(normalisedJson(join(dir, 'merged')), normalisedJson(join(dir, 'whole')));
  assert.equal(
    normalisedText(join(dir, 'merged/conformance.html')),
    normalisedText(join(dir, 'whole/conformance.html')),
  );
  assert.equal(normalisedText(join(dir, 'merged/junit.xml')), normalisedText(join(dir, 'whole/junit.xml')));
  assert.equal(normalisedText(join(dir, 'merged/summary.md')), normalisedText(join(dir, 'whole/summary.md')));
  assert.deepEqual(normalisedAllure(join(dir, 'merged-allure')), normalisedAllure(join(dir, 'whole-allure')));
});

test('merge refuses a set of shard reports with one missing', async () => {
  const dir = makeSuiteDir({ tests: tests.slice(0, 2) }, 'shards-missing');
  const run = await finish(
    startCli(['--shard', '2/2'], inlineCliEnv(dir, 'shard-2', { PLAYWRIGHT_BLOB_OUTPUT_DIR: join(dir, 'blobs') }), dir),
    dir,
  );
  assert.equal(run.code, 1, run.stdout + run.stderr);
  const merged = await finish(startCli(['merge', join(dir, 'blobs')], inlineCliEnv(dir, 'merged'), dir), dir);
  assert.equal(merged.code, 2);
  assert.match(merged.stderr, /shard report\(s\) 1 missing/);
});
