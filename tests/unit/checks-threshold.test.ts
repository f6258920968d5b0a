// The changes-since threshold: a whole second at least a second from every stored time, or none.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sinceThreshold } from '../../src/checks/families/filters.ts';

it('picks a whole second a second clear of both neighbours, nearest the median gap', () => {
  const t = sinceThreshold([
    '2024-01-01T00:00:00.900000',
    '2024-01-01T00:00:10.100000',
    '2024-01-01T00:00:20.5',
    '2024-01-01T00:00:30',
  ]);
  assert.equal(t, '2024-01-01T00:00:12Z');
});
it('gives none when stored times are all within two seconds of each other', () => {
  assert.equal(
    sinceThreshold(['2024-01-01T00:00:00.100', '2024-01-01T00:00:01.900', '2024-01-01T00:00:03.000']),
    undefined,
  );
  assert.equal(sinceThreshold(['2024-01-01T00:00:00']), undefined);
});
