// What the checks assume of a page they have never seen: only what the page (or a reviewed decision
// about that very operation) says.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Decision } from '../../src/catalog/model.ts';
import { resource } from '../../src/checks/plans/bodies.ts';
import { badFilterParam } from '../../src/checks/provoke.ts';
import type { Reply } from '../../src/http/client.ts';
import { bareOperation, field } from '../support/family-operations.ts';

test('a malformed filter value is sent only in a parameter typed as a number or named by a reviewed decision', () => {
  const sizes = [field('size_min', { in: 'query' }), field('name', { in: 'query' })];
  const list = bareOperation('image', 'GET', '/v1.1/other/images/detail', { queryParams: sizes });
  const decision = (reviewed: boolean): Decision =>
    ({
      id: 'd',
      reviewed,
      appliesTo: [{ operation: list.id, subject: 'size_min' }],
    }) as unknown as Decision;
  // The page types size_min as a string: nothing says a non-number is refused there.
  assert.equal(badFilterParam(list), undefined);
  assert.equal(badFilterParam(list, [decision(false)]), undefined);
  assert.equal(badFilterParam(list, [decision(true)])?.name, 'size_min');
  const typed = bareOperation('image', 'GET', '/v2/other/images', {
    queryParams: [field('limit', { in: 'query', type: 'integer' })],
  });
  assert.equal(badFilterParam(typed)?.name, 'limit');
});

test('the resource of a show whose page types its envelope as an array is its one member', () => {
  const reply = (json: unknown) => ({ status: 200, json }) as unknown as Reply;
  assert.deepEqual(resource(reply({ software_deployment: [{ id: 'a' }] })), { id: 'a' });
  assert.deepEqual(resource(reply({ software_deployment: { id: 'a' } })), { id: 'a' });
  // Two members are no one resource: the body is returned as it is.
  const two = { items: [{ id: 'a' }, { id: 'b' }] };
  assert.deepEqual(resource(reply(two)), two);
});
