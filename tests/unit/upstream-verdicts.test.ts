// The comparison run.sh makes between a run on real upstream services and
// tests/upstream/expected-verdicts.txt: strict both ways, a reason for every verdict that was not
// judged, and a failure or warning only where a decision records it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  catalogIndex,
  compare,
  expectedLines,
  normalizeReason,
  parseCoverage,
  parseExpectations,
  type Row,
} from '../../scripts/upstream/verdicts.ts';

const index = catalogIndex({
  decisions: [
    { id: 'stored', appliesTo: [{ operation: 'op-show', subject: 'thing.status' }] },
    { id: 'other', appliesTo: [{ operation: 'op-list', subject: 'things' }] },
  ],
  requirements: [
    { id: 'op-show.thing.status.enum-response', operation: 'op-show', subject: 'thing.status' },
    { id: 'op-list.things.envelope', operation: 'op-list', subject: 'things' },
  ],
});

const rows: Row[] = [
  { id: 'op-show.thing.status.enum-response', level: 'MUST', verdict: 'fail' },
  { id: 'op-list.things.envelope', level: 'MUST', verdict: 'warn', decision: 'other' },
  { id: 'op-list.200.success-code', level: 'MUST', verdict: 'pass' },
  {
    id: 'op-old.200.success-code',
    level: 'MUST',
    verdict: 'not-applicable',
    reason: 'not served: GET http://127.0.0.1:9292/v1.1/x answers 300',
  },
  {
    id: 'op-old.images.id.field-type',
    level: 'SHOULD',
    verdict: 'not-applicable',
    reason: 'not served: GET http://127.0.0.1:9393/v1.1/x answers 300',
  },
  {
    id: 'op-new.200.success-code',
    level: 'MUST',
    verdict: 'not-tested',
    reason: 'no check exercises GET /x yet; the checks drive a, b',
  },
];

const FILE = `# comment
fail MUST op-show.thing.status.enum-response stored
warn MUST op-list.things.envelope other   # the decision the report cites
not-applicable * op-old.* | not served: GET <origin>/v1.1/x answers 300
not-tested * op-new.* | no check exercises GET /x yet…
`;

describe('upstream expected verdicts', () => {
  it('matches a run exactly: decisions that record the departure, globs, reasons without origins, prefixes', () => {
    assert.deepEqual(compare(rows, parseExpectations(FILE), index), {
      unexpected: [],
      unexplained: [],
      unseen: [],
      uncovered: [],
      unrecorded: [],
    });
  });

  it('a failure is accepted only with a decision that records it', () => {
    const wrong = FILE.replace('enum-response stored', 'enum-response other');
    const got = compare(rows, parseExpectations(wrong), index);
    assert.deepEqual(
      got.unexpected.map((r) => r.id),
      ['op-show.thing.status.enum-response'],
    );
    assert.equal(got.unseen.length, 1);
    assert.throws(() => parseExpectations('fail MUST op-show.thing.status.enum-response\n'), /fail needs the decision/);
    assert.throws(() => parseExpectations('warn MUST\n'), /needs <verdict> <level> <requirement id>/);
  });

  it('a verdict that was not judged needs its reason, in the file and in the report', () => {
    assert.throws(() => parseExpectations('not-tested * op-new.*\n', 'f.txt'), /f\.txt:1: not-tested needs its reason/);
    const silent: Row[] = [{ id: 'op-new.200.success-code', level: 'MUST', verdict: 'not-tested' }];
    const got = compare(silent, parseExpectations('not-tested * op-new.* | …\n'), index);
    assert.deepEqual(
      got.unexplained.map((r) => r.id),
      ['op-new.200.success-code'],
    );
  });

  it('is strict both ways: a new verdict, another reason, a level, a line nothing matches', () => {
    const more: Row[] = [
      ...rows,
      { id: 'op-list.things.id.field-type', level: 'MUST', verdict: 'fail', decision: 'other' },
    ];
    assert.deepEqual(
      compare(more, parseExpectations(FILE), index).unexpected.map((r) => r.id),
      ['op-list.things.id.field-type'],
    );
    const reason = rows.map((r) =>
      r.verdict === 'not-tested' ? { ...r, reason: 'could not create a volume: POST /v3/p/volumes answered 413' } : r,
    );
    assert.deepEqual(
      compare(reason, parseExpectations(FILE), index).unexpected.map((r) => r.id),
      ['op-new.200.success-code'],
    );
    const level = rows.map((r) => (r.verdict === 'warn' ? { ...r, level: 'SHOULD' } : r));
    assert.deepEqual(
      compare(level, parseExpectations(FILE), index).unexpected.map((r) => r.id),
      ['op-list.things.envelope'],
    );
    const fewer = rows.filter((r) => r.verdict !== 'warn');
    assert.deepEqual(
      compare(fewer, parseExpectations(FILE), index).unseen.map((e) => e.line),
      [3],
    );
  });

  it('reasons lose what changes from run to run', () => {
    assert.equal(
      normalizeReason(
        'could not create a x: POST https://h.example:8776/v3/0123456789abcdef0123456789abcdef/volumes/6f1c7c1e-3f5b-4c1d-9a59-2f4f8a1b2c3d named cac-mx9fnb5t-cyskui-volume',
      ),
      'could not create a x: POST <origin>/v3/<id>/volumes/<id> named <cac>',
    );
  });

  it('prints the lines a run would need, leaving any failure without a decision unmatched', () => {
    const lines = expectedLines(rows);
    assert.deepEqual(lines, [
      'operations: op-list op-new op-old op-show',
      'fail MUST op-show.thing.status.enum-response NO-DECISION-RECORDS-IT',
      'warn MUST op-list.things.envelope other',
      'not-applicable * op-old.* | not served: GET <origin>/v1.1/x answers 300',
      'not-tested * op-new.* | no check exercises GET /x yet; the checks drive a, b',
    ]);
    assert.deepEqual(
      compare(rows, parseExpectations(lines.join('\n')), index).unexpected.map((r) => r.id),
      ['op-show.thing.status.enum-response'],
    );
  });

  it('an operation the list was not written for (a page dropped in later) fails only on a MUST failure no decision records', () => {
    const file = `operations: op-show op-list op-old op-new\n${FILE}`;
    assert.deepEqual([...parseCoverage(file)!].sort(), ['op-list', 'op-new', 'op-old', 'op-show']);
    assert.equal(parseCoverage(FILE), undefined);
    const dropped: Row[] = [
      ...rows,
      { id: 'op-extra.200.success-code', level: 'MUST', verdict: 'not-tested', reason: 'could not obtain a thing' },
      { id: 'op-extra.things.id.field-type', level: 'SHOULD', verdict: 'fail' },
      { id: 'op-extra.things.name.field-type', level: 'MUST', verdict: 'fail', decision: 'other' },
      { id: 'op-extra.things.envelope', level: 'MUST', verdict: 'fail' },
    ];
    const got = compare(dropped, parseExpectations(file), index, parseCoverage(file));
    assert.deepEqual(got.unexpected, []);
    assert.deepEqual(got.unseen, []);
    assert.deepEqual(
      got.uncovered.map((r) => r.id),
      [
        'op-extra.200.success-code',
        'op-extra.things.id.field-type',
        'op-extra.things.name.field-type',
        'op-extra.things.envelope',
      ],
    );
    assert.deepEqual(
      got.unrecorded.map((r) => r.id),
      ['op-extra.things.envelope'],
    );
    // Without an operations: line the same rows are judged strictly.
    assert.equal(compare(dropped, parseExpectations(FILE), index).unexpected.length, 4);
  });

  it('the committed file parses', () => {
    assert.ok(
      parseExpectations(readFileSync('tests/upstream/expected-verdicts.txt', 'utf8'), 'expected-verdicts.txt').length >
        0,
    );
  });
});

describe('optional expected lines', () => {
  it('a line written "? …" may match nothing, and still matches what it names', () => {
    const file = `? not-tested * op-gone.* | a state an earlier run left\n${FILE}`;
    const parsed = parseExpectations(file);
    assert.equal(parsed[0]!.optional, true);
    assert.deepEqual(compare(rows, parsed, index).unseen, []);
    const extra: Row[] = [
      ...rows,
      { id: 'op-gone.200.success-code', level: 'MUST', verdict: 'not-tested', reason: 'a state an earlier run left' },
    ];
    assert.deepEqual(compare(extra, parsed, index).unexpected, []);
    assert.equal(compare(rows, parseExpectations(file.slice(2)), index).unseen.length, 1);
  });
});
