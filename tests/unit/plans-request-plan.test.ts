// Request plans: prerequisites in dependency order, from create, list, configuration or a decision.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCatalog } from '../../src/catalog/load.ts';
import { Planner, settingName, cloudsKey } from '../../src/plans/request-plan.ts';
import { FAMILY } from '../support/family-operations.ts';

const catalog = loadCatalog();
const family = { operations: FAMILY, decisions: catalog.decisions };
const opId = (method: string, path: string) => FAMILY.find((o) => o.method === method && o.path === path)!.id;
const order = (p: Planner, method: string, path: string) =>
  p.plan(opId(method, path)).order.map((o) => `${o.resource}:${o.source.kind}`);

test('prerequisites come first, each made the way the catalog allows', () => {
  const p = new Planner(family, { readOnly: false, existing: {} });
  const cases: [string, string, string[]][] = [
    [
      'GET',
      '/v1/{project_id}/software_deployments/{deployment_id}',
      ['software-configuration:provided', 'server:any-value', 'software-deployment:created'],
    ],
    [
      'POST',
      '/v3/{project_id}/os-volume-transfer/{transfer_id}/accept',
      ['volume:created', 'os-volume-transfer:created'],
    ],
    ['DELETE', '/v2/images/{image_id}/tags/{tag}', ['image:created', 'image-tag:upserted']],
    ['GET', '/v3/{project_id}/types/{type_id}', ['type:listed']],
    [
      'GET',
      '/v1/{project_id}/stacks/{stack_name}/{stack_id}/resources/{resource_name}',
      ['stack:created', 'stack-resource:listed'],
    ],
    ['GET', '/v3/{project_id}/os-quota-sets/{project_id}', []],
    ['POST', '/v1/{project_id}/software_deployments', ['software-configuration:provided', 'server:any-value']],
  ];
  for (const [method, path, want] of cases) assert.deepEqual(order(p, method, path), want, `${method} ${path}`);
});

test('a configured id is used before any other source; a missing one names its setting', () => {
  const configured = new Planner(family, {
    readOnly: false,
    existing: { server: 'srv-1', 'software-configuration': 'cfg-1' },
  });
  assert.deepEqual(order(configured, 'POST', '/v1/{project_id}/software_deployments'), [
    'software-configuration:setting',
    'server:setting',
  ]);
  const noDecisions = new Planner({ operations: FAMILY, decisions: [] }, { readOnly: false, existing: {} });
  const plan = noDecisions.plan(opId('GET', '/v1/{project_id}/software_deployments/metadata/{server_id}'));
  assert.match(
    plan.notTested ?? '',
    /no page creates or lists a server; name an existing one with OS_SERVER_ID \(clouds\.yaml: server_id\)/,
  );
  assert.equal(settingName('software-configuration'), 'OS_SOFTWARE_CONFIGURATION_ID');
  assert.equal(cloudsKey('software-configuration'), 'software_configuration_id');
});

test('read-only mode plans lists and shows over listed resources, and says what it cannot test', () => {
  const p = new Planner(family, { readOnly: true, existing: {} });
  assert.deepEqual(order(p, 'GET', '/v2/images/{image_id}'), ['image:listed']);
  assert.equal(p.plan(opId('GET', '/v2/images/{image_id}')).notTested, undefined);
  assert.match(p.plan(opId('DELETE', '/v2/images/{image_id}')).notTested ?? '', /^read-only mode: DELETE/);
  assert.match(
    p.plan(opId('GET', '/v1/{project_id}/software_deployments/{deployment_id}')).notTested ?? '',
    /read-only mode: no page lists a software-deployment/,
  );
});

test('bindings name the field that gives each value', () => {
  const p = new Planner(family, { readOnly: false, existing: {} });
  const plan = p.plan(opId('GET', '/v1/{project_id}/stacks/{stack_name}/{stack_id}'));
  assert.deepEqual(
    plan.bindings.map((b) => `${b.in} ${b.name} ← ${b.from}.${b.field}`),
    ['path stack_name ← orchestration/stack.name', 'path stack_id ← orchestration/stack.id'],
  );
  assert.equal(plan.ownInstance, false);
  assert.equal(p.plan(opId('DELETE', '/v1/{project_id}/stacks/{stack_name}/{stack_id}')).ownInstance, true);
});

test("a configured id serves the actions on it, never the delete: the configured resource is the user's", () => {
  const p = new Planner(family, { readOnly: false, existing: { volume: 'vol-1' } });
  assert.deepEqual(order(p, 'POST', '/v3/{project_id}/volumes/{volume_id}/metadata'), ['volume:setting']);
  assert.deepEqual(order(p, 'POST', '/v3/{project_id}/os-volume-transfer/{transfer_id}/accept'), [
    'volume:setting',
    'os-volume-transfer:created',
  ]);
  assert.deepEqual(order(p, 'DELETE', '/v3/{project_id}/volumes/{volume_id}'), ['volume:created']);
  // A resource no page creates stays the configured one, also where a delete names it.
  const servers = new Planner(family, { readOnly: false, existing: { server: 'srv-1' } });
  assert.equal(servers.obtainOf('orchestration', 'server', true).source.kind, 'setting');
});

test('a PUT makes its own member only where the member is named by a word of the suite, not by an id', () => {
  // The update page alone (no page creates, lists or refers to a volume), beside the image tag pages.
  const update = FAMILY.find((o) => o.method === 'PUT' && o.path === '/v3/{project_id}/volumes/{volume_id}')!;
  const alone = FAMILY.filter((o) => o === update || o.path.startsWith('/v2/images'));
  const p = new Planner({ operations: alone, decisions: catalog.decisions }, { readOnly: false, existing: {} });
  const plan = p.plan(update.id);
  assert.equal(plan.ownName, undefined, 'a PUT on {volume_id} updates a volume; it does not make one');
  assert.match(plan.notTested ?? '', /no page creates or lists a volume/);
  const tag = p.plan(opId('PUT', '/v2/images/{image_id}/tags/{tag}'));
  assert.equal(tag.ownName, 'tag');
});

test('a write beneath a parent the suite makes acts under a parent of its own; a read, or a parent it only lists, is shared', () => {
  const p = new Planner(family, { readOnly: false, existing: {} });
  const put = p.plan(opId('PUT', '/v2/images/{image_id}/tags/{tag}'));
  assert.equal(put.ownInstance, true);
  assert.deepEqual(put.own, ['image/image', 'image/image-tag']);
  const del = p.plan(opId('DELETE', '/v2/images/{image_id}/tags/{tag}'));
  assert.deepEqual([del.ownInstance, del.own], [true, ['image/image', 'image/image-tag']]);
  // A top-level update changes the shared instance, as before; its chain is the resource alone.
  const patch = p.plan(opId('PATCH', '/v2/images/{image_id}'));
  assert.deepEqual([patch.ownInstance, patch.own], [false, ['image/image']]);
  // In read-only mode the image is listed, never made: a tag beneath it could only be the shared one.
  const ro = new Planner(family, { readOnly: true, existing: {} });
  assert.deepEqual(ro.plan(opId('DELETE', '/v2/images/{image_id}/tags/{tag}')).own, ['image/image-tag']);
});

test("what the create of an instance of the chain names in its body, and the suite makes, is of the chain: a transfer of the suite's own is of a volume of its own", () => {
  const p = new Planner(family, { readOnly: false, existing: {} });
  // The create names the volume it transfers: a create of its own, of a volume of its own.
  const create = p.plan(opId('POST', '/v3/{project_id}/os-volume-transfer'));
  assert.deepEqual(
    [create.ownInstance, create.own],
    [true, ['block-storage/volume', 'block-storage/os-volume-transfer']],
  );
  // Accepting or deleting a transfer of its own: the volume its create named is its own too.
  for (const [method, path] of [
    ['POST', '/v3/{project_id}/os-volume-transfer/{transfer_id}/accept'],
    ['DELETE', '/v3/{project_id}/os-volume-transfer/{transfer_id}'],
  ] as const) {
    const plan = p.plan(opId(method, path));
    assert.deepEqual(
      [plan.ownInstance, plan.own],
      [true, ['block-storage/volume', 'block-storage/os-volume-transfer']],
    );
  }
  // A show reads the shared transfer. What a decision provides (the configuration a deployment's
  // create names) stays one shared instance, and a value of the suite's own (a server) is never made.
  assert.equal(p.plan(opId('GET', '/v3/{project_id}/os-volume-transfer/{transfer_id}')).ownInstance, false);
  const deploy = p.plan(opId('POST', '/v1/{project_id}/software_deployments'));
  assert.deepEqual([deploy.ownInstance, deploy.own], [false, ['orchestration/software-deployment']]);
});
