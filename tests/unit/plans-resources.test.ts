// The resource model read from URI templates and methods: roles, resources, references.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCatalog } from '../../src/catalog/load.ts';
import { nounOfDescription, nounOfName, resourceModel, singular } from '../../src/plans/resources.ts';
import { bareOperation, FAMILY, field } from '../support/family-operations.ts';

const model = resourceModel({ operations: FAMILY });
const place = (method: string, path: string) => {
  const op = FAMILY.find((o) => o.method === method && o.path === path)!;
  return model.places.get(op.id)!;
};

test('each operation has its role on its resource', () => {
  const cases: [string, string, string, string][] = [
    ['GET', '/v3/{project_id}/volumes/detail', 'list', 'volume'],
    ['GET', '/v3/{project_id}/volumes', 'list', 'volume'],
    ['POST', '/v3/{project_id}/volumes', 'create', 'volume'],
    ['POST', '/v3/{project_id}/volumes/{volume_id}/action', 'action', 'volume'],
    ['PUT', '/v3/{project_id}/volumes/{volume_id}/metadata/{key}', 'update', 'volume-metadata'],
    ['GET', '/v3/{project_id}/native/backups', 'list', 'backup'],
    ['POST', '/v3/{project_id}/os-volume-transfer/{transfer_id}/accept', 'action', 'os-volume-transfer'],
    ['GET', '/v1/{project_id}/stacks/{stack_name}/{stack_id}', 'show', 'stack'],
    ['POST', '/v1/{project_id}/stacks/preview', 'action', 'stack'],
    ['POST', '/v1/{project_id}/validate', 'action', 'validate'],
    ['DELETE', '/v1/{project_id}/software_deployments/{deployment_id}', 'delete', 'software-deployment'],
    [
      'GET',
      '/v1/{project_id}/stacks/{stack_name}/{stack_id}/resources/{resource_name}/events/{event_id}',
      'show',
      'stack-resource-event',
    ],
    ['PUT', '/v2/images/{image_id}/tags/{tag}', 'update', 'image-tag'],
    ['GET', '/v1/{project_id}/build_info', 'read', 'build-info'],
  ];
  for (const [method, path, role, resource] of cases) {
    assert.deepEqual(
      { role: place(method, path).role, resource: place(method, path).resource },
      { role, resource },
      `${method} ${path}`,
    );
  }
});

test('path parameters and request fields name the resource they refer to', () => {
  const ref = (method: string, path: string, name: string) => {
    const op = FAMILY.find((o) => o.method === method && o.path === path)!;
    const r = model.references.find((x) => x.operation === op.id && x.name === name)!;
    return `${r.service}/${r.resource}${r.modelled ? '' : ' (not modelled)'}`;
  };
  const deployments = '/v1/{project_id}/software_deployments';
  const cases: [string, string, string, string][] = [
    ['GET', `${deployments}/{deployment_id}`, 'deployment_id', 'orchestration/software-deployment'],
    ['GET', `${deployments}/metadata/{server_id}`, 'server_id', 'orchestration/server (not modelled)'],
    ['POST', deployments, 'config_id', 'orchestration/software-configuration (not modelled)'],
    ['POST', deployments, 'server_id', 'orchestration/server (not modelled)'],
    ['POST', deployments, 'stack_user_project_id', 'orchestration/project (not modelled)'],
    ['POST', '/v3/{project_id}/volumes', 'imageRef', 'image/image'],
    ['POST', '/v3/{project_id}/volumes', 'snapshot_id', 'block-storage/snapshot (not modelled)'],
    ['POST', '/v3/{project_id}/os-volume-transfer', 'volume_id', 'block-storage/volume'],
    ['GET', '/v1/{project_id}/resource_types/{type_name}', 'type_name', 'orchestration/resource-type'],
    [
      'PATCH',
      '/v1/{project_id}/stacks/{stack_name}/{stack_id}/resources/{resource_name_or_physical_id}',
      'resource_name_or_physical_id',
      'orchestration/stack-resource',
    ],
    ['GET', '/v3/{project_id}/os-quota-sets/{project_id}', 'project_id', 'block-storage/project (not modelled)'],
  ];
  for (const [method, path, name, want] of cases)
    assert.equal(ref(method, path, name), want, `${method} ${path} ${name}`);
});

test('words: singular nouns, nouns of names and of descriptions', () => {
  assert.deepEqual(['software_deployments', 'types', 'os-volume-transfer', 'policies', 'address'].map(singular), [
    'software-deployment',
    'type',
    'os-volume-transfer',
    'policy',
    'address',
  ]);
  assert.deepEqual(['deployment_id', 'stack_name', 'imageRef', 'key'].map(nounOfName), [
    'deployment',
    'stack',
    'image',
    undefined,
  ]);
  assert.equal(
    nounOfDescription('Specifies the ID of the software configuration running on a server.'),
    'software-configuration',
  );
  assert.equal(nounOfDescription('Specifies the disk ID.'), undefined);
});

test('the generated catalog is modelled: deployments have create, show and update', () => {
  const catalog = loadCatalog();
  const m = resourceModel(catalog);
  const deployment = m.resources.find((r) => r.name === 'software-deployment')!;
  assert.deepEqual(Object.keys(deployment.operations).sort(), ['create', 'delete', 'show', 'update']);
  assert.deepEqual(deployment.idParams, ['deployment_id']);
  assert.equal(m.places.size, catalog.operations.length);
});

test('collections of one service never share a name, whatever the order of their pages', () => {
  // A page under another path (`…/copy/types/{type_id}`) listed before the page of `types`: each
  // collection keeps a resource of its own, so what the checks obtain of one is never used for the other.
  const show = bareOperation('block-storage', 'GET', '/v3/{project_id}/copy/types/{type_id}');
  const copyVolume = bareOperation('block-storage', 'GET', '/v3/{project_id}/copy/volumes/{volume_id}/metadata', {
    response: [field('metadata', { type: 'object', in: 'body' })],
  });
  const schemas = [
    bareOperation('image', 'GET', '/v2/schemas/image'),
    bareOperation('image', 'GET', '/v2/schemas/images'),
  ];
  for (const operations of [
    [show, copyVolume, ...schemas, ...FAMILY],
    [...FAMILY, ...schemas.reverse(), copyVolume, show],
  ]) {
    const m = resourceModel({ operations });
    const names = m.resources.map((r) => `${r.service} ${r.name}`);
    assert.deepEqual(names, [...new Set(names)], 'one resource per name');
    for (const r of m.resources) {
      const own = operations.filter((o) => Object.values(r.operations).flat().includes(o.id));
      const collections = new Set(own.map((o) => m.places.get(o.id)!.resource));
      assert.equal(collections.size <= 1, true, `${r.name}: ${[...collections].join(', ')}`);
    }
    const named = (op: { id: string }) => m.places.get(op.id)!.resource;
    assert.equal(named(FAMILY.find((o) => o.path === '/v3/{project_id}/types/{type_id}')!), 'type');
    assert.equal(named(show), 'copy-type');
    assert.equal(
      named(FAMILY.find((o) => o.method === 'GET' && o.path === '/v3/{project_id}/volumes/{volume_id}')!),
      'volume',
    );
    assert.equal(named(copyVolume), 'copy-volume-metadata');
    assert.equal(m.resources.find((r) => r.name === 'type')!.collection, '/v3/{project_id}/types');
    assert.notEqual(named(schemas[0]!), named(schemas[1]!));
  }
});
