// The resource model read from URI templates and methods: roles, resources, references.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCatalog } from '../../src/catalog/load.ts';
import { nounOfDescription, nounOfName, resourceModel, singular } from '../../src/plans/resources.ts';
import { FAMILY } from '../support/family-operations.ts';

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
