import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyWaivers, parseWaivers, waiverExpired } from '../../src/report/waivers.ts';
import { ReportInputError } from '../../src/report/input-error.ts';
import type { RequirementEntry } from '../../src/report/model.ts';

test('a YAML list under `waivers:` and a bare JSON list read the same', () => {
  const yaml = parseWaivers(
    'waivers:\n  - requirement: a.b\n    reason: upstream bug 123\n    expires: 2030-01-31\n',
    'w.yaml',
  );
  const json = parseWaivers(
    '[{"requirement": "a.b", "reason": "upstream bug 123", "expires": "2030-01-31"}]',
    'w.json',
  );
  assert.deepEqual(
    yaml.map(({ line: _l, ...w }) => w),
    json.map(({ line: _l, ...w }) => w),
  );
  assert.equal(yaml[0]!.line, 2);
});

const BAD: { name: string; text: string; where: RegExp }[] = [
  { name: 'not YAML', text: 'waivers: [\n', where: /line \d+.*not valid YAML/ },
  { name: 'a mapping without waivers key', text: 'other: 1\n', where: /waivers:/ },
  { name: 'an item that is not a mapping', text: '- just text\n', where: /waivers\[0\] \(line 1\)/ },
  {
    name: 'missing requirement',
    text: '- reason: r\n  expires: 2030-01-01\n',
    where: /waivers\[0\] \(line 1\)\.requirement: missing/,
  },
  { name: 'missing reason', text: '- requirement: a\n  expires: 2030-01-01\n', where: /\.reason: missing/ },
  {
    name: 'date not YYYY-MM-DD',
    text: '- requirement: a\n  reason: r\n  expires: 31/01/2030\n',
    where: /\.expires: expected a date written YYYY-MM-DD/,
  },
  { name: 'impossible date', text: '- requirement: a\n  reason: r\n  expires: 2030-02-30\n', where: /\.expires/ },
  {
    name: 'unknown key',
    text: '- requirement: a\n  reason: r\n  expires: 2030-01-01\n  until: x\n',
    where: /\.until: unknown key/,
  },
  {
    name: 'duplicate requirement',
    text: '- {requirement: a, reason: r, expires: 2030-01-01}\n- {requirement: a, reason: s, expires: 2030-01-01}\n',
    where: /waivers\[1\] \(line 2\)\.requirement: a is already waived at line 1/,
  },
];

for (const c of BAD) {
  test(`a waivers file with ${c.name} is refused naming file and place`, () => {
    assert.throws(
      () => parseWaivers(c.text, 'ci/waivers.yaml'),
      (error: unknown) =>
        error instanceof ReportInputError && error.message.startsWith('ci/waivers.yaml') && c.where.test(error.message),
    );
  });
}

test('a waiver holds through the whole expiry day (UTC) and lapses the next day', () => {
  const waiver = { expires: '2030-01-31' };
  assert.equal(waiverExpired(waiver, new Date('2030-01-31T23:59:59Z')), false);
  assert.equal(waiverExpired(waiver, new Date('2030-02-01T00:00:00Z')), true);
});

function entry(id: string, verdict: RequirementEntry['verdict']): RequirementEntry {
  return {
    id,
    level: 'MUST',
    family: 'schema',
    operation: 'op',
    title: id,
    basis: 'documented',
    verdict,
    citation: { doc: 'd', table: 't', row: 'r', line: 1 },
    failures: [],
    durationMs: 0,
  };
}

test('a live waiver turns a failure into waived; an expired one leaves it failing; others are unused', () => {
  const entries = [entry('live', 'fail'), entry('old', 'fail'), entry('passing', 'pass')];
  const waivers = parseWaivers(
    '- {requirement: live, reason: known, expires: 2030-01-31}\n- {requirement: old, reason: was known, expires: 2020-01-31}\n- {requirement: passing, reason: r, expires: 2030-01-31}\n- {requirement: absent, reason: r, expires: 2030-01-31}\n',
    'w.yaml',
  );
  const summary = applyWaivers(entries, waivers, 'w.yaml', new Date('2025-06-01T00:00:00Z'));
  assert.deepEqual(
    entries.map((e) => e.verdict),
    ['waived', 'fail', 'pass'],
  );
  assert.match(entries[0]!.reason!, /waived until 2030-01-31: known/);
  assert.deepEqual(entries[1]!.waiver, { reason: 'was known', expires: '2020-01-31', expired: true });
  assert.deepEqual(summary, { file: 'w.yaml', applied: ['live'], expired: ['old'], unused: ['passing', 'absent'] });
});
