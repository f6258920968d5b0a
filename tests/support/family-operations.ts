// The 72 operations of the reference folder as bare catalog operations (service, method, URI; a list
// envelope where the page's response is an array), for model tests that need the whole family's shape
// without generating its catalog. Read from /work/shared/api-docs/family/README.md's index by hand.
import type { Field, HttpMethod, Operation, Service } from '../../src/catalog/model.ts';

const SOURCE = { doc: 'family', table: 'URI', row: '', line: 1 };

export function field(name: string, extra: Partial<Field> = {}): Field {
  return {
    name,
    path: name,
    in: 'body',
    docType: 'String',
    type: 'string',
    required: false,
    nullable: false,
    description: '',
    source: SOURCE,
    ...extra,
  };
}

export function bareOperation(
  service: Service,
  method: HttpMethod,
  path: string,
  extra: Partial<Operation> = {},
): Operation {
  const id = `${service}-${method}-${path}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/-$/, '');
  return {
    id,
    service,
    title: id,
    doc: 'family',
    method,
    path,
    alternatePaths: [],
    pathParams: [],
    queryParams: [],
    requestBody: [],
    response: [],
    statusCodes: [],
    microversions: [],
    examples: [],
    schemas: {},
    source: SOURCE,
    ...extra,
  };
}

const list = (key: string) => ({ response: [field(key, { type: 'array', in: 'body' })] });

export const FAMILY: Operation[] = [
  bareOperation('block-storage', 'POST', '/v3/{project_id}/os-volume-transfer/{transfer_id}/accept'),
  bareOperation('block-storage', 'POST', '/v3/{project_id}/volumes/{volume_id}/metadata'),
  bareOperation('block-storage', 'POST', '/v3/{project_id}/os-volume-transfer', {
    requestBody: [
      field('transfer.volume_id', {
        path: 'transfer.volume_id',
        name: 'volume_id',
        required: true,
        description: 'Specifies the disk ID.',
      }),
    ],
  }),
  bareOperation('block-storage', 'POST', '/v3/{project_id}/volumes', {
    requestBody: [
      field('volume.snapshot_id', {
        path: 'volume.snapshot_id',
        name: 'snapshot_id',
        description: 'Specifies the snapshot ID.',
      }),
      field('volume.imageRef', { path: 'volume.imageRef', name: 'imageRef', description: 'Specifies the image ID.' }),
    ],
  }),
  bareOperation('block-storage', 'DELETE', '/v3/{project_id}/os-volume-transfer/{transfer_id}'),
  bareOperation('block-storage', 'DELETE', '/v3/{project_id}/volumes/{volume_id}'),
  bareOperation('block-storage', 'DELETE', '/v3/{project_id}/volumes/{volume_id}/metadata/{key}'),
  bareOperation('block-storage', 'POST', '/v3/{project_id}/volumes/{volume_id}/action'),
  bareOperation('block-storage', 'GET', '/v3/{project_id}/os-availability-zone'),
  bareOperation('block-storage', 'GET', '/v3/{project_id}/os-volume-transfer', list('transfers')),
  bareOperation('block-storage', 'GET', '/v3/{project_id}/volumes/{volume_id}'),
  bareOperation('block-storage', 'GET', '/v3/{project_id}/volumes/detail', list('volumes')),
  bareOperation('block-storage', 'GET', '/v3/{project_id}/types/{type_id}'),
  bareOperation('block-storage', 'GET', '/v3/{project_id}/os-volume-transfer/{transfer_id}'),
  bareOperation('block-storage', 'GET', '/v3/{project_id}/os-volume-transfer/detail', list('transfers')),
  bareOperation('block-storage', 'GET', '/v3/{project_id}/os-quota-sets/{project_id}'),
  bareOperation('block-storage', 'GET', '/v3/{project_id}/types', list('volume_types')),
  bareOperation('block-storage', 'GET', '/v3/{project_id}/volumes', list('volumes')),
  bareOperation('block-storage', 'GET', '/v3/{project_id}/extensions', list('extensions')),
  bareOperation('block-storage', 'GET', '/v3/{project_id}/volumes/{volume_id}/metadata'),
  bareOperation('block-storage', 'GET', '/v3/{project_id}/volumes/{volume_id}/metadata/{key}'),
  bareOperation('block-storage', 'GET', '/v3/{project_id}/native/backups', list('backups')),
  bareOperation('block-storage', 'GET', '/v3/{project_id}/volumes/summary'),
  bareOperation('block-storage', 'PUT', '/v3/{project_id}/volumes/{volume_id}'),
  bareOperation('block-storage', 'PUT', '/v3/{project_id}/volumes/{volume_id}/metadata'),
  bareOperation('block-storage', 'PUT', '/v3/{project_id}/volumes/{volume_id}/metadata/{key}'),
  bareOperation('image', 'PUT', '/v2/images/{image_id}/tags/{tag}'),
  bareOperation('image', 'POST', '/v2/images'),
  bareOperation('image', 'DELETE', '/v2/images/{image_id}/tags/{tag}'),
  bareOperation('image', 'DELETE', '/v2/images/{image_id}'),
  bareOperation('image', 'GET', '/{api_version}'),
  bareOperation('image', 'GET', '/v2/schemas/images'),
  bareOperation('image', 'GET', '/v2/schemas/members'),
  bareOperation('image', 'GET', '/v2/schemas/member'),
  bareOperation('image', 'GET', '/v2/schemas/image'),
  bareOperation('image', 'GET', '/', list('versions')),
  bareOperation('image', 'GET', '/v2/images/{image_id}'),
  bareOperation('image', 'GET', '/v1.1/images/detail', list('images')),
  bareOperation('image', 'GET', '/v2/images', list('images')),
  bareOperation('image', 'PATCH', '/v2/images/{image_id}'),
  bareOperation('image', 'PUT', '/v2/images/{image_id}/file'),
  bareOperation('orchestration', 'POST', '/v1/{project_id}/stacks/{stack_name}/{stack_id}/actions'),
  bareOperation('orchestration', 'POST', '/v1/{project_id}/stacks'),
  bareOperation('orchestration', 'POST', '/v1/{project_id}/software_deployments', {
    requestBody: [
      field('config_id', {
        required: true,
        description: 'Specifies the ID of the software configuration running on a server.',
      }),
      field('server_id', {
        required: true,
        description: 'Specifies the ID of the server deployed using the software configuration.',
      }),
      field('stack_user_project_id', {
        description:
          'Specifies the ID of the authenticated tenant who can perform operations on the deployment resources.',
      }),
    ],
  }),
  bareOperation('orchestration', 'DELETE', '/v1/{project_id}/software_deployments/{deployment_id}'),
  bareOperation('orchestration', 'DELETE', '/v1/{project_id}/stacks/{stack_name}/{stack_id}'),
  bareOperation(
    'orchestration',
    'PATCH',
    '/v1/{project_id}/stacks/{stack_name}/{stack_id}/resources/{resource_name_or_physical_id}',
  ),
  bareOperation('orchestration', 'POST', '/v1/{project_id}/stacks/preview'),
  bareOperation('orchestration', 'GET', '/v1/{project_id}/stacks/{stack_name}/{stack_id}/template'),
  bareOperation('orchestration', 'GET', '/'),
  bareOperation('orchestration', 'GET', '/v1/{project_id}/software_deployments/{deployment_id}'),
  bareOperation(
    'orchestration',
    'GET',
    '/v1/{project_id}/stacks/{stack_name}/{stack_id}/resources/{resource_name}/events/{event_id}',
  ),
  bareOperation('orchestration', 'GET', '/v1/{project_id}/stacks/{stack_name}/{stack_id}/resources/{resource_name}'),
  bareOperation('orchestration', 'GET', '/v1/{project_id}/stacks/{stack_name}/{stack_id}'),
  bareOperation(
    'orchestration',
    'GET',
    '/v1/{project_id}/stacks/{stack_name}/{stack_id}/resources/{resource_name}/events',
    list('events'),
  ),
  bareOperation('orchestration', 'GET', '/v1/{project_id}/stacks/{stack_name}/{stack_id}/events', list('events')),
  bareOperation(
    'orchestration',
    'GET',
    '/v1/{project_id}/stacks/{stack_name}/{stack_id}/resources/{resource_name}/metadata',
  ),
  bareOperation('orchestration', 'GET', '/v1/{project_id}/resource_types', list('resource_types')),
  bareOperation('orchestration', 'GET', '/v1/{project_id}/stacks/{stack_name}/{stack_id}/resources', list('resources')),
  bareOperation('orchestration', 'GET', '/v1/{project_id}/build_info'),
  bareOperation('orchestration', 'GET', '/v1/{project_id}/stacks', list('stacks')),
  bareOperation('orchestration', 'GET', '/v1/{project_id}/resource_types/{type_name}/template'),
  bareOperation('orchestration', 'GET', '/v1/{project_id}/resource_types/{type_name}'),
  bareOperation(
    'orchestration',
    'POST',
    '/v1/{project_id}/stacks/{stack_name}/{stack_id}/resources/{resource_name}/signal',
  ),
  bareOperation('orchestration', 'PUT', '/v1/{project_id}/software_deployments/{deployment_id}'),
  bareOperation('orchestration', 'PUT', '/v1/{project_id}/stacks/{stack_name}/{stack_id}'),
  bareOperation('orchestration', 'POST', '/v1/{project_id}/validate'),
  bareOperation('orchestration', 'GET', '/v1/{project_id}/software_deployments/metadata/{server_id}'),
];
