// The Allure result set staged as tests end: whatever was staged before, the directory the run leaves
// holds exactly the final set (stale files removed, changed texts rewritten, the old set replaced),
// and a file staged twice ends with its last text.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AllureStaging, type AllureFile } from '../../src/report/allure.ts';

function contents(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

const cases: { name: string; staged: AllureFile[][]; final: AllureFile[] }[] = [
  { name: 'nothing staged: the final set is written whole', staged: [], final: [{ name: 'a', text: '1' }] },
  {
    name: 'staged then unchanged',
    staged: [[{ name: 'a', text: '1' }], [{ name: 'b', text: '2' }]],
    final: [
      { name: 'a', text: '1' },
      { name: 'b', text: '2' },
    ],
  },
  {
    name: 'a text changed by the final report, a file it no longer holds, one it adds',
    staged: [[{ name: 'a', text: 'early' }], [{ name: 'gone', text: 'x' }]],
    final: [
      { name: 'a', text: 'final' },
      { name: 'new', text: 'n' },
    ],
  },
  {
    name: 'one name staged twice with different texts, then final',
    staged: [[{ name: 'a', text: 'first' }], [{ name: 'a', text: 'second' }]],
    final: [{ name: 'a', text: 'third' }],
  },
];

for (const c of cases) {
  test(`AllureStaging: ${c.name}`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'allure-staging-'));
    const dir = join(root, 'allure-results');
    mkdirSync(dir);
    writeFileSync(join(dir, 'stale-from-last-run'), 'old');
    const staging = new AllureStaging(dir);
    for (const files of c.staged) staging.stage(files);
    await staging.finish(c.final);
    assert.deepEqual(contents(dir), Object.fromEntries(c.final.map((f) => [f.name, f.text])));
    assert.deepEqual(readdirSync(root), ['allure-results'], 'no staging or old directory is left beside it');
  });
}

test('AllureStaging: a directory that cannot be made fails finish with a clear error, and the old set stays', async () => {
  const root = mkdtempSync(join(tmpdir(), 'allure-staging-'));
  const blocker = join(root, 'file');
  writeFileSync(blocker, '');
  const dir = join(blocker, 'allure-results');
  const staging = new AllureStaging(dir);
  staging.stage([{ name: 'a', text: '1' }]);
  await assert.rejects(staging.finish([{ name: 'a', text: '1' }]), /Allure|ENOTDIR|EEXIST/);
  assert.equal(existsSync(dir), false);
});
