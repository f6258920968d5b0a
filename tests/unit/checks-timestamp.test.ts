import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentedForms } from '../../src/checks/families/timestamps.ts';
import { classifyTimestamp } from '../../src/catalog/timestamp.ts';
import { isIso8601Timestamp } from '../../src/catalog/vocabulary.ts';
import { formsOf, isParseError, parseTimestamp } from '../../src/checks/timestamp.ts';

// given value → want: forms, or an error matching a pattern
const CASES: [string, string[] | RegExp][] = [
  ['2024-03-01T12:00:00Z', ['utc-z']],
  ['2024-03-01T14:00:00+02:00', ['utc-offset']],
  ['2024-03-01T12:00:00+00:00', ['utc-offset']],
  ['2016-03-15T15:09:07.000000', ['zone-less', 'fraction']],
  ['2014-03-06T16:37:50', ['zone-less']],
  ['2024-03-01 12:00:00', /space separates date and time/],
  // RFC 3339 §5.6 allows lower-case t and z; ISO 8601 does not, and the generator reads them the same way.
  ['2024-03-01T12:00:00z', /lower-case z/],
  ['2024-03-01t12:00:00Z', /lower-case t/],
  ['2024-02-29T00:00:00Z', ['utc-z']],
  ['2024-02-30T00:00:00Z', /day 30 does not exist/],
  ['2023-02-29T00:00:00Z', /day 29 does not exist/],
  ['2024-13-01T00:00:00Z', /month 13/],
  ['2024-03-01T24:00:00Z', /hour 24/],
  ['2024-03-01T12:00:00+25:00', /offset/],
  ['1709294400', /not an ISO 8601/],
  ['Fri, 01 Mar 2024 12:00:00 GMT', /not an ISO 8601/],
  ['', /not an ISO 8601/],
];

describe('parseTimestamp', () => {
  for (const [given, want] of CASES) {
    it(`${JSON.stringify(given)} → ${want instanceof RegExp ? want : want.join('+')}`, () => {
      const parsed = parseTimestamp(given);
      if (want instanceof RegExp) {
        assert.ok(isParseError(parsed));
        assert.match(parsed.error, want);
      } else {
        assert.ok(!isParseError(parsed), JSON.stringify(parsed));
        assert.deepEqual(formsOf(parsed), want);
      }
    });
  }
  it('reads an offset as the same instant', () => {
    const a = parseTimestamp('2024-03-01T14:00:00+02:00'),
      b = parseTimestamp('2024-03-01T12:00:00Z');
    assert.ok(!isParseError(a) && !isParseError(b));
    assert.equal(a.epochMs, b.epochMs);
  });
});

describe('documentedForms', () => {
  it('±hh:mm allows an offset, Z and fractional seconds, not zone-less', () => {
    assert.deepEqual([...documentedForms('CCYY-MM-DDThh:mm:ss±hh:mm')!].sort(), ['fraction', 'utc-offset', 'utc-z']);
  });
  it('no documented form allows any form', () => assert.equal(documentedForms(undefined), undefined));
});

describe('one timestamp reader', () => {
  // The generator (classifyTimestamp), the schemas' format (isIso8601Timestamp, what Ajv runs) and the
  // timestamp checks (parseTimestamp) give every value the same answer.
  const values = [
    '2024-03-01T12:00:00Z',
    '2024-03-01T12:00:00z',
    '2024-03-01t12:00:00Z',
    '2024-03-01 12:00:00Z',
    '2016-03-15T15:09:07.000000',
    '2024-02-30T00:00:00Z',
    '2024-03-01T12:00:00+02:00',
  ];
  for (const value of values) {
    it(`${value}: one answer`, () => {
      const valid = !isParseError(parseTimestamp(value));
      assert.equal(classifyTimestamp(value) !== 'invalid', valid);
      assert.equal(isIso8601Timestamp(value), valid);
    });
  }
});
