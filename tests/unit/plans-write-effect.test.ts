// What a write beneath a member leaves for the member's show, read from the pages alone (the committed
// catalog of the reference pages).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeEffect } from '../../src/plans/write-effect.ts';
import { loadCatalog } from '../../src/catalog/load.ts';

const FAMILY = loadCatalog().operations;

const effectOf = (method: string, path: string) => {
  const op = FAMILY.find((o) => o.method === method && o.path === path);
  assert.ok(op, `${method} ${path} is in the pages`);
  const e = writeEffect(op, FAMILY);
  return e && { show: e.show.path, kind: e.kind, fields: e.fields, under: e.under };
};

test('a map the path names is shown by the member, not by the key show', () => {
  for (const [method, path] of [
    ['PUT', '/v3/{project_id}/volumes/{volume_id}/metadata'],
    ['PUT', '/v3/{project_id}/volumes/{volume_id}/metadata/{key}'],
    ['DELETE', '/v3/{project_id}/volumes/{volume_id}/metadata/{key}'],
  ] as const) {
    assert.deepEqual(effectOf(method, path), {
      show: '/v3/{project_id}/volumes/{volume_id}',
      kind: 'map',
      fields: ['metadata'],
      under: '',
    });
  }
});

test('a tag put or deleted is shown in the tag list', () => {
  for (const method of ['PUT', 'DELETE']) {
    assert.deepEqual(effectOf(method, '/v2/images/{image_id}/tags/{tag}'), {
      show: '/v2/images/{image_id}',
      kind: 'tags',
      fields: ['tags'],
      under: '',
    });
  }
});

test('an action or a PATCH is compared on the fields its request names', () => {
  const bootable = FAMILY.find((o) => o.action === 'os-set_bootable')!;
  const e = writeEffect(bootable, FAMILY)!;
  assert.deepEqual([e.kind, e.fields, e.under], ['fields', ['bootable'], 'os-set_bootable']);
  assert.deepEqual(
    effectOf('PATCH', '/v1/{project_id}/stacks/{stack_name}/{stack_id}/resources/{resource_name_or_physical_id}')
      ?.fields,
    ['resource_status_reason'],
  );
});

test('no effect where the answer is 202 or nothing of the request names a field of the show', () => {
  for (const action of ['os-extend', 'os-update_readonly_flag', 'os-volume_upload_image']) {
    const op = FAMILY.find((o) => o.action === action)!;
    assert.equal(writeEffect(op, FAMILY), undefined, action);
  }
  assert.equal(
    effectOf('POST', '/v1/{project_id}/stacks/{stack_name}/{stack_id}/resources/{resource_name}/signal'),
    undefined,
  );
});
