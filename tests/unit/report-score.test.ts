import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countVerdicts, gatePassed, overallVerdict, ratio, score } from '../../src/report/score.ts';
import type { RequirementEntry } from '../../src/report/model.ts';
import type { Level } from '../../src/catalog/model.ts';

function e(level: Level, verdict: RequirementEntry['verdict']): RequirementEntry {
  return {
    id: `${level}-${verdict}-${Math.random()}`,
    level,
    family: 'schema',
    operation: 'op',
    title: 't',
    basis: 'documented',
    verdict,
    citation: { doc: 'd', table: 't', row: 'r', line: 1 },
    failures: [],
    durationMs: 0,
  };
}

test('warn counts as passed, waived as applicable and not passed, not-applicable and skipped not at all', () => {
  const counts = countVerdicts([
    e('MUST', 'pass'),
    e('MUST', 'warn'),
    e('MUST', 'fail'),
    e('MUST', 'waived'),
    e('MUST', 'not-applicable'),
    e('MUST', 'skipped'),
  ]);
  assert.deepEqual(ratio(counts.byLevel.MUST), { passed: 2, applicable: 4, ratio: 0.5 });
});

test('nothing applicable gives a null ratio, not a division by zero', () => {
  assert.deepEqual(score(countVerdicts([e('SHOULD', 'skipped')])).should, { passed: 0, applicable: 0, ratio: null });
});

const CASES: {
  name: string;
  entries: RequirementEntry[];
  complete: boolean;
  verdict: string;
  must: boolean;
  should: boolean;
}[] = [
  {
    name: 'all pass',
    entries: [e('MUST', 'pass'), e('SHOULD', 'pass')],
    complete: true,
    verdict: 'conforming',
    must: true,
    should: true,
  },
  {
    name: 'a MUST fails',
    entries: [e('MUST', 'fail'), e('SHOULD', 'pass')],
    complete: true,
    verdict: 'non-conforming',
    must: false,
    should: false,
  },
  {
    name: 'only a SHOULD fails',
    entries: [e('MUST', 'pass'), e('SHOULD', 'fail')],
    complete: true,
    verdict: 'conforming',
    must: true,
    should: false,
  },
  {
    name: 'a MAY fails',
    entries: [e('MUST', 'pass'), e('MAY', 'fail')],
    complete: true,
    verdict: 'conforming',
    must: true,
    should: true,
  },
  {
    name: 'a MUST is waived',
    entries: [e('MUST', 'waived')],
    complete: true,
    verdict: 'conforming',
    must: true,
    should: true,
  },
  {
    name: 'a MUST warns',
    entries: [e('MUST', 'warn')],
    complete: true,
    verdict: 'conforming',
    must: true,
    should: true,
  },
  {
    name: 'incomplete without failures',
    entries: [e('MUST', 'pass')],
    complete: false,
    verdict: 'incomplete',
    must: false,
    should: false,
  },
  {
    name: 'incomplete with a MUST failure',
    entries: [e('MUST', 'fail')],
    complete: false,
    verdict: 'non-conforming',
    must: false,
    should: false,
  },
];

for (const c of CASES) {
  test(`verdict and gates: ${c.name}`, () => {
    const verdict = overallVerdict(c.entries, c.complete);
    assert.equal(verdict, c.verdict);
    assert.equal(gatePassed(c.entries, verdict, 'pages'), c.must);
    assert.equal(gatePassed(c.entries, verdict, 'should'), c.should);
  });
}
