import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyTimestamp } from '../../src/catalog/timestamp.ts';
import {
  enumFromProse,
  microversionFromProse,
  microversionNote,
  timestampFormFromProse,
  describesTime,
  referencedTable,
  linkRelFromProse,
} from '../../src/generator/prose.ts';
import { mapTypeWord } from '../../src/generator/type-words.ts';

describe('type words', () => {
  const cases: [string, ReturnType<typeof mapTypeWord>][] = [
    ['String', { type: 'string' }],
    ['string', { type: 'string' }],
    ['int', { type: 'integer' }],
    ['Integer', { type: 'integer' }],
    ['boolean', { type: 'boolean' }],
    ['Boolean', { type: 'boolean' }],
    ['Object', { type: 'object' }],
    ['Dict', { type: 'object' }],
    ['list<dict>', { type: 'array', items: 'object' }],
    ['List <dict>', { type: 'array', items: 'object' }],
    ['list<string>', { type: 'array', items: 'string' }],
    ['UUIDish', undefined],
    ['list<list>', undefined],
    ['', undefined],
  ];
  for (const [given, want] of cases)
    it(`"${given}" maps to ${JSON.stringify(want)}`, () => assert.deepEqual(mapTypeWord(given), want));
});

describe('enums written in prose', () => {
  const cases: [string, string[] | undefined][] = [
    [
      'Specifies the status of software deployments. Valid values include COMPLETE, IN_PROGRESS, and FAILED.',
      ['COMPLETE', 'IN_PROGRESS', 'FAILED'],
    ],
    [
      'Status of the backup to be queried. The value can be available, error, restoring, creating, deleting, or error_deleting.',
      ['available', 'error', 'restoring', 'creating', 'deleting', 'error_deleting'],
    ],
    ['Valid values include A and B.', ['A', 'B']],
    ['Image status', undefined],
    [
      'Relationship between the query result and href. The value next indicates that some backups are not obtained.',
      undefined,
    ],
  ];
  for (const [given, want] of cases) it(`${given.slice(0, 60)}…`, () => assert.deepEqual(enumFromProse(given), want));
});

describe('timestamp forms written in prose', () => {
  const cases: [string, string | undefined][] = [
    [
      'Specifies the creation time. The timestamp uses the ISO 8601 format: CCYY-MM-DDThh:mm:ss±hh:mm',
      'CCYY-MM-DDThh:mm:ss±hh:mm',
    ],
    ['Uses ISO 8601 format: YYYY-MM-DDThh:mm:ssZ.', 'YYYY-MM-DDThh:mm:ssZ'],
    ['Time when an image was created', undefined],
  ];
  for (const [given, want] of cases)
    it(`${given.slice(0, 50)}… → ${want}`, () => assert.equal(timestampFormFromProse(given), want));

  it('a description naming a time marks a time field; a timeout does not', () => {
    assert.equal(describesTime('Time when an image was created'), true);
    assert.equal(describesTime('Last update time'), true);
    assert.equal(describesTime('The request timed out.'), false);
    assert.equal(describesTime('Image status'), false);
  });
});

describe('timestamp values', () => {
  const cases: [string, ReturnType<typeof classifyTimestamp>][] = [
    ['2015-01-31T15:12:36Z', 'utc-z'],
    ['2015-01-31T15:12:36+08:00', 'offset'],
    ['2015-01-31T15:12:36.123-05:30', 'offset'],
    ['2018-05-15T08:48:23.500895', 'zoneless'],
    ['2016-05-22T06:04:20', 'zoneless'],
    ['2024-02-30T00:00:00Z', 'invalid'],
    ['2015-01-31 15:12:36Z', 'invalid'],
    // RFC 3339 allows a lower-case z; ISO 8601, which the pages name, does not (as in the checks).
    ['2024-03-01T12:00:00z', 'invalid'],
    ['2015-01-31T25:00:00Z', 'invalid'],
    ['2015-01-31T15:12:36+24:00', 'invalid'],
    ['yesterday', 'invalid'],
  ];
  for (const [given, want] of cases) it(`${given} is ${want}`, () => assert.equal(classifyTimestamp(given), want));
});

describe('microversions and references in prose', () => {
  it('reads the version a row names', () => {
    assert.equal(microversionFromProse('This field is first available in version 3.45.'), '3.45');
    assert.equal(microversionFromProse('This parameter is added in version 3.31.'), '3.31');
    assert.equal(microversionFromProse('Fuzzy query by backup name.'), undefined);
    assert.equal(
      microversionFromProse('This parameter is supported when the request version is 3.31 or later.'),
      '3.31',
    );
    assert.equal(
      microversionFromProse('format and is supported when the request version is 3.45 or later. This parameter'),
      '3.45',
    );
    assert.equal(microversionFromProse('supported when the request version is 3.45 or earlier'), undefined);
  });
  it('reads the header note with its service, version and covered parameters', () => {
    const note = microversionNote(
      'NOTE: If the version features such as with_count, name~, status~, and volume_id~ are used, add Openstack-Api-Version": volume 3.45 (3.45 is the version number) to the header when requesting the URL.',
    );
    assert.deepEqual(note, {
      header: 'Openstack-Api-Version',
      serviceName: 'volume',
      version: '3.45',
      appliesTo: ['with_count', 'name~', 'status~', 'volume_id~'],
    });
  });
  it('reads table references and link relations', () => {
    assert.equal(
      referencedTable('Backup list returned by the query request. For details, see the backup field description.'),
      'backup',
    );
    assert.equal(
      linkRelFromProse(
        'Relationship between the query result and href. The value next indicates that some backups are not obtained.',
      ),
      'next',
    );
  });
});
