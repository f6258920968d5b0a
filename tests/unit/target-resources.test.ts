// The reference target on the whole working set (the 72 pages of specs/), without a socket: a table
// of cases per resource of each service, each case one request and what the catalog says it answers.
// The bodies are checked against the catalog's own fields (envelope, documented keys, types), so a
// regenerated catalog changes the expectations with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Field, Operation } from '../../src/catalog/model.ts';
import { loadCatalog } from '../../src/catalog/load.ts';
import { makeClient, type Reply } from '../support/target-client.ts';

const catalog = loadCatalog();
const op = (id: string): Operation => {
  const found = catalog.operations.find((o) => o.id === id);
  assert.ok(found, `catalog has ${id}`);
  return found;
};
const code = (id: string): number => op(id).statusCodes.find((s) => s.kind === 'success')!.code;
const PREFIX = { orchestration: '/heat-api', image: '/image', 'block-storage': '/volume' } as const;
const typeOf = (v: unknown) =>
  Array.isArray(v) ? 'array' : v === null ? 'null' : Number.isInteger(v) ? 'integer' : typeof v;

/** Every documented field under `prefix` (`volume.`, `volumes[].`) present in `body` has its documented type. */
function typesMatch(id: string, body: unknown, prefix = ''): void {
  const fields = op(id).response.filter(
    (f: Field) =>
      f.path.startsWith(prefix) &&
      !f.path.slice(prefix.length).includes('.') &&
      !f.path.slice(prefix.length).includes('['),
  );
  for (const f of fields) {
    if (f.name === 'error') continue;
    const v = (body as Record<string, unknown>)?.[f.name];
    if (v === undefined || (v === null && f.nullable)) continue;
    const t = typeOf(v);
    assert.ok(t === f.type || (f.type === 'number' && t === 'integer'), `${id} ${f.path}: ${t}, documented ${f.type}`);
  }
}

interface Case {
  name: string;
  run: (k: Ctx) => Promise<Reply>;
  status: number | ((k: Ctx) => number);
  check?: (r: Reply, k: Ctx) => void;
}
type Ctx = ReturnType<typeof makeClient> & {
  token: string;
  ids: Record<string, string>;
  base(service: keyof typeof PREFIX): string;
};

async function runTable(t: import('node:test').TestContext, cases: Case[]): Promise<void> {
  const k0 = makeClient();
  const k = Object.assign(k0, {
    token: await k0.token(),
    ids: {} as Record<string, string>,
    base: (s: keyof typeof PREFIX) =>
      s === 'image' ? PREFIX[s] : `${PREFIX[s]}/${s === 'orchestration' ? 'v1' : 'v3'}/${k0.cred.projectId}`,
  });
  for (const c of cases) {
    await t.test(c.name, async () => {
      const r = await c.run(k);
      assert.equal(r.status, typeof c.status === 'function' ? c.status(k) : c.status, r.text.slice(0, 500));
      c.check?.(r, k);
    });
  }
}

const get = (k: Ctx, path: string) => k.call(path, { token: k.token });
const send = (k: Ctx, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  k.call(path, { method, token: k.token, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });

test('Cinder volumes, metadata, actions, transfers, types and documents', async (t) => {
  await runTable(t, [
    {
      name: 'create a volume: 202, creating',
      run: (k) =>
        send(k, 'POST', `${k.base('block-storage')}/volumes`, {
          volume: { size: 1, availability_zone: 'az-1', name: 'cac-v' },
        }),
      status: code('volume-create'),
      check: (r, k) => {
        k.ids.volume = r.json.volume.id;
        assert.equal(r.json.volume.status, 'creating');
        typesMatch('volume-create', r.json.volume, 'volume.');
      },
    },
    {
      name: 'create without the mandatory size: 400 badRequest',
      run: (k) => send(k, 'POST', `${k.base('block-storage')}/volumes`, { volume: { availability_zone: 'az-1' } }),
      status: 400,
      check: (r) => assert.ok(r.json.badRequest),
    },
    {
      name: 'create with size as a string: 400',
      run: (k) =>
        send(k, 'POST', `${k.base('block-storage')}/volumes`, { volume: { size: '1', availability_zone: 'az-1' } }),
      status: 400,
    },
    {
      name: 'show: the status moved on to available',
      run: (k) => get(k, `${k.base('block-storage')}/volumes/${k.ids.volume}`),
      status: code('volume-show'),
      check: (r) => {
        assert.equal(r.json.volume.status, 'available');
        typesMatch('volume-show', r.json.volume, 'volume.');
      },
    },
    {
      name: 'show an unknown id: 404 itemNotFound',
      run: (k) => get(k, `${k.base('block-storage')}/volumes/00000000-0000-4000-8000-000000000000`),
      status: 404,
      check: (r) => assert.ok(r.json.itemNotFound),
    },
    {
      name: 'show without a token: 401 keystonemiddleware',
      run: (k) => k.call(`${k.base('block-storage')}/volumes/${k.ids.volume}`),
      status: 401,
      check: (r) => assert.equal(r.json.error.code, 401),
    },
    {
      name: 'list detail pages with limit and volumes_links',
      run: (k) => get(k, `${k.base('block-storage')}/volumes/detail?limit=2`),
      status: code('volume-list-detail'),
      check: (r) => {
        assert.equal(r.json.volumes.length, 2);
        assert.equal(r.json.volumes_links[0].rel, 'next');
        assert.match(r.json.volumes_links[0].href, /marker=/);
        typesMatch('volume-list-detail', r.json.volumes[0], 'volumes[].');
      },
    },
    {
      name: 'list filters by name',
      run: (k) => get(k, `${k.base('block-storage')}/volumes/detail?name=cac-v`),
      status: 200,
      check: (r) =>
        assert.deepEqual(
          r.json.volumes.map((v: { name: string }) => v.name),
          ['cac-v'],
        ),
    },
    { name: 'a bad limit: 400', run: (k) => get(k, `${k.base('block-storage')}/volumes?limit=x`), status: 400 },
    {
      name: 'an undocumented filter from 3.31: 400',
      run: (k) =>
        k.call(`${k.base('block-storage')}/volumes?colour=red`, {
          token: k.token,
          headers: { 'openstack-api-version': 'volume 3.59' },
        }),
      status: 400,
    },
    {
      name: 'summary',
      run: (k) => get(k, `${k.base('block-storage')}/volumes/summary`),
      status: code('volume-list-summary'),
    },
    {
      name: 'update the name',
      run: (k) =>
        send(k, 'PUT', `${k.base('block-storage')}/volumes/${k.ids.volume}`, { volume: { name: 'cac-renamed' } }),
      status: code('volume-update'),
      check: (r) => assert.equal(r.json.volume.name, 'cac-renamed'),
    },
    {
      name: 'extend (os-extend)',
      run: (k) =>
        send(k, 'POST', `${k.base('block-storage')}/volumes/${k.ids.volume}/action`, { 'os-extend': { new_size: 5 } }),
      status: code('volume-extend'),
    },
    {
      name: 'the size is extended',
      run: (k) => get(k, `${k.base('block-storage')}/volumes/${k.ids.volume}`),
      status: 200,
      check: (r) => assert.equal(r.json.volume.size, 5),
    },
    {
      name: 'set bootable (os-set_bootable), its own code',
      run: (k) =>
        send(k, 'POST', `${k.base('block-storage')}/volumes/${k.ids.volume}/action`, {
          'os-set_bootable': { bootable: true },
        }),
      status: code('volume-set-bootable'),
    },
    {
      name: 'read-only flag (os-update_readonly_flag)',
      run: (k) =>
        send(k, 'POST', `${k.base('block-storage')}/volumes/${k.ids.volume}/action`, {
          'os-update_readonly_flag': { readonly: true },
        }),
      status: code('volume-update-readonly-flag'),
    },
    {
      name: 'an undocumented action: 400',
      run: (k) => send(k, 'POST', `${k.base('block-storage')}/volumes/${k.ids.volume}/action`, { 'os-nothing': {} }),
      status: 400,
    },
    {
      name: 'metadata: create',
      run: (k) =>
        send(k, 'POST', `${k.base('block-storage')}/volumes/${k.ids.volume}/metadata`, { metadata: { k1: 'v1' } }),
      status: code('volume-metadata-create'),
      check: (r) => assert.equal(r.json.metadata.k1, 'v1'),
    },
    {
      name: 'metadata: one key',
      run: (k) => get(k, `${k.base('block-storage')}/volumes/${k.ids.volume}/metadata/k1`),
      status: code('volume-metadata-key-show'),
      check: (r) => assert.deepEqual(r.json.meta, { k1: 'v1' }),
    },
    {
      name: 'metadata: update one key',
      run: (k) =>
        send(k, 'PUT', `${k.base('block-storage')}/volumes/${k.ids.volume}/metadata/k1`, { meta: { k1: 'v2' } }),
      status: code('volume-metadata-key-update'),
    },
    {
      name: 'metadata: shown',
      run: (k) => get(k, `${k.base('block-storage')}/volumes/${k.ids.volume}/metadata`),
      status: code('volume-metadata-show'),
      check: (r) => assert.equal(r.json.metadata.k1, 'v2'),
    },
    {
      name: 'metadata: delete one key',
      run: (k) => send(k, 'DELETE', `${k.base('block-storage')}/volumes/${k.ids.volume}/metadata/k1`),
      status: code('volume-metadata-key-delete'),
    },
    {
      name: 'metadata: the key is gone',
      run: (k) => get(k, `${k.base('block-storage')}/volumes/${k.ids.volume}/metadata/k1`),
      status: 404,
    },
    {
      name: 'transfer: create',
      run: (k) =>
        send(k, 'POST', `${k.base('block-storage')}/os-volume-transfer`, {
          transfer: { volume_id: k.ids.volume, name: 'cac-t' },
        }),
      status: code('volume-transfer-create'),
      check: (r, k) => {
        k.ids.transfer = r.json.transfer.id;
        k.ids.authKey = r.json.transfer.auth_key;
        typesMatch('volume-transfer-create', r.json.transfer, 'transfer.');
      },
    },
    {
      name: 'transfer: show',
      run: (k) => get(k, `${k.base('block-storage')}/os-volume-transfer/${k.ids.transfer}`),
      status: code('volume-transfer-show'),
    },
    {
      name: 'transfer: accept',
      run: (k) =>
        send(k, 'POST', `${k.base('block-storage')}/os-volume-transfer/${k.ids.transfer}/accept`, {
          accept: { auth_key: k.ids.authKey },
        }),
      status: code('volume-transfer-accept'),
    },
    {
      name: 'transfer: delete',
      run: (k) => send(k, 'DELETE', `${k.base('block-storage')}/os-volume-transfer/${k.ids.transfer}`),
      status: code('volume-transfer-delete'),
    },
    {
      name: 'transfer: gone',
      run: (k) => get(k, `${k.base('block-storage')}/os-volume-transfer/${k.ids.transfer}`),
      status: 404,
    },
    {
      name: 'types: list, then show the first',
      run: async (k) => {
        const list = await get(k, `${k.base('block-storage')}/types`);
        k.ids.type = list.json.volume_types[0].id;
        return get(k, `${k.base('block-storage')}/types/${k.ids.type}`);
      },
      status: code('type-show'),
      check: (r) => typesMatch('type-show', r.json.volume_type, 'volume_type.'),
    },
    {
      name: 'availability zones',
      run: (k) => get(k, `${k.base('block-storage')}/os-availability-zone`),
      status: code('availability-zone-list'),
    },
    { name: 'extensions', run: (k) => get(k, `${k.base('block-storage')}/extensions`), status: code('extension-list') },
    {
      name: 'quotas of the own project',
      run: (k) => get(k, `${k.base('block-storage')}/os-quota-sets/${k.cred.projectId}?usage=True`),
      status: code('quota-set-show'),
    },
    {
      name: 'delete the volume',
      run: (k) => send(k, 'DELETE', `${k.base('block-storage')}/volumes/${k.ids.volume}`),
      status: code('volume-delete'),
    },
    {
      name: 'the volume is gone',
      run: (k) => get(k, `${k.base('block-storage')}/volumes/${k.ids.volume}`),
      status: 404,
    },
  ]);
});

test('Glance v2 images: create, JSON patch, tags, upload, list, schemas, versions, delete', async (t) => {
  const PATCH = { 'content-type': 'application/openstack-images-v2.1-json-patch' };
  await runTable(t, [
    {
      name: 'create: 201, queued',
      run: (k) =>
        send(k, 'POST', '/image/v2/images', { name: 'cac-img', container_format: 'bare', disk_format: 'qcow2' }),
      status: code('image-create'),
      check: (r, k) => {
        k.ids.image = r.json.id;
        assert.equal(r.json.status, 'queued');
        typesMatch('image-create', r.json);
      },
    },
    {
      name: 'patch the name (JSON patch)',
      run: (k) =>
        k.call(`/image/v2/images/${k.ids.image}`, {
          method: 'PATCH',
          token: k.token,
          rawBody: JSON.stringify([{ op: 'replace', path: '/name', value: 'cac-img-2' }]),
          headers: PATCH,
        }),
      status: code('image-patch'),
      check: (r) => assert.equal(r.json.name, 'cac-img-2'),
    },
    {
      name: 'patch with application/json: 415',
      run: (k) =>
        k.call(`/image/v2/images/${k.ids.image}`, {
          method: 'PATCH',
          token: k.token,
          rawBody: '[]',
          headers: { 'content-type': 'application/json' },
        }),
      status: 415,
    },
    {
      name: 'add a tag',
      run: (k) => send(k, 'PUT', `/image/v2/images/${k.ids.image}/tags/cac-tag`),
      status: code('image-tag-update'),
    },
    {
      name: 'upload data',
      run: (k) =>
        k.call(`/image/v2/images/${k.ids.image}/file`, {
          method: 'PUT',
          token: k.token,
          rawBody: 'data',
          headers: { 'content-type': 'application/octet-stream' },
        }),
      status: code('image-file-replace'),
    },
    {
      name: 'show: active, tagged',
      run: (k) => get(k, `/image/v2/images/${k.ids.image}`),
      status: code('image-show'),
      check: (r) => {
        assert.equal(r.json.status, 'active');
        assert.ok(r.json.tags.includes('cac-tag'));
        typesMatch('image-show', r.json);
      },
    },
    {
      name: 'delete the tag',
      run: (k) => send(k, 'DELETE', `/image/v2/images/${k.ids.image}/tags/cac-tag`),
      status: code('image-tag-delete'),
    },
    {
      name: 'list with limit: a next link',
      run: (k) => get(k, '/image/v2/images?limit=1'),
      status: code('image-list'),
      check: (r) => assert.match(r.json.next, /^\/v2\/images\?limit=1&marker=/),
    },
    { name: 'list with an unknown marker: 400', run: (k) => get(k, '/image/v2/images?marker=nope'), status: 400 },
    { name: 'schema of an image', run: (k) => get(k, '/image/v2/schemas/image'), status: code('schema-image-show') },
    { name: 'versions, no token needed', run: (k) => k.call('/image/'), status: code('image-version-list') },
    { name: 'delete', run: (k) => send(k, 'DELETE', `/image/v2/images/${k.ids.image}`), status: code('image-delete') },
    { name: 'gone', run: (k) => get(k, `/image/v2/images/${k.ids.image}`), status: 404 },
  ]);
});

test('Heat stacks, their resources and events, resource types and documents', async (t) => {
  const stack = (k: Ctx) => `${k.base('orchestration')}/stacks/cac-stack/${k.ids.stack}`;
  await runTable(t, [
    {
      name: 'create a stack: 201, id and links',
      run: (k) =>
        send(k, 'POST', `${k.base('orchestration')}/stacks`, {
          stack_name: 'cac-stack',
          // The stack holds the resources its template names (and no others).
          template: { heat_template_version: '2013-05-23', resources: { cac_none: { type: 'OS::Heat::None' } } },
        }),
      status: code('stack-create'),
      check: (r, k) => {
        k.ids.stack = r.json.stack.id;
        assert.ok(r.json.stack.links[0].href.startsWith('http://127.0.0.1:8999/heat-api/v1/'));
      },
    },
    {
      name: 'create without a template: 400 Heat fault',
      run: (k) => send(k, 'POST', `${k.base('orchestration')}/stacks`, { stack_name: 'x' }),
      status: 400,
      check: (r) => assert.equal(r.json.error.type, 'HTTPBadRequest'),
    },
    {
      name: 'show by name and id: the create completes',
      run: async (k) => {
        await get(k, stack(k));
        return get(k, stack(k));
      },
      status: code('stack-show'),
      check: (r) => {
        assert.equal(r.json.stack.stack_status, 'CREATE_COMPLETE');
        typesMatch('stack-show', r.json.stack, 'stack.');
      },
    },
    {
      name: 'show with another name: 404',
      run: (k) => get(k, `${k.base('orchestration')}/stacks/other/${k.ids.stack}`),
      status: 404,
    },
    {
      name: 'resources of the stack, each shown by name',
      run: async (k) => {
        const list = await get(k, `${stack(k)}/resources`);
        k.ids.resource = list.json.resources[0].resource_name;
        return get(k, `${stack(k)}/resources/${k.ids.resource}`);
      },
      status: code('stack-resource-show'),
      check: (r) => typesMatch('stack-resource-show', r.json.resource, 'resource.'),
    },
    {
      name: 'resource metadata',
      run: (k) => get(k, `${stack(k)}/resources/${k.ids.resource}/metadata`),
      status: code('stack-resource-metadata-show'),
    },
    {
      name: 'events of a resource, one shown',
      run: async (k) => {
        const list = await get(k, `${stack(k)}/resources/${k.ids.resource}/events`);
        return get(k, `${stack(k)}/resources/${k.ids.resource}/events/${list.json.events[0].id}`);
      },
      status: code('stack-resource-event-show'),
    },
    { name: 'events of the stack', run: (k) => get(k, `${stack(k)}/events`), status: code('stack-event-list') },
    {
      name: 'mark a resource unhealthy',
      run: (k) =>
        send(k, 'PATCH', `${stack(k)}/resources/${k.ids.resource}`, {
          mark_unhealthy: true,
          resource_status_reason: 'cac',
        }),
      status: code('stack-resource-patch'),
    },
    {
      name: 'signal a resource',
      run: (k) => send(k, 'POST', `${stack(k)}/resources/${k.ids.resource}/signal`, {}),
      status: code('stack-resource-signal'),
    },
    { name: 'template of the stack', run: (k) => get(k, `${stack(k)}/template`), status: code('stack-template-show') },
    {
      name: 'check (actions keyed by the body)',
      run: (k) => send(k, 'POST', `${stack(k)}/actions`, { check: null }),
      status: code('stack-check'),
    },
    {
      name: 'cancel update',
      run: (k) => send(k, 'POST', `${stack(k)}/actions`, { cancel_update: null }),
      status: code('stack-cancel-update'),
    },
    {
      name: 'update',
      run: (k) => send(k, 'PUT', stack(k), { template: { heat_template_version: '2013-05-23' } }),
      status: code('stack-update'),
    },
    {
      name: 'list stacks',
      run: (k) => get(k, `${k.base('orchestration')}/stacks`),
      status: code('stack-list'),
      check: (r, k) => assert.ok(r.json.stacks.some((s: { id: string }) => s.id === k.ids.stack)),
    },
    {
      name: 'preview',
      run: (k) =>
        send(k, 'POST', `${k.base('orchestration')}/stacks/preview`, {
          stack_name: 'p',
          template: { heat_template_version: '2013-05-23' },
        }),
      status: code('stack-preview'),
    },
    {
      name: 'validate',
      run: (k) =>
        send(k, 'POST', `${k.base('orchestration')}/validate`, { template: { heat_template_version: '2013-05-23' } }),
      status: code('orchestration-validate'),
    },
    {
      name: 'resource types',
      run: (k) => get(k, `${k.base('orchestration')}/resource_types`),
      status: code('resource-type-list'),
    },
    {
      name: 'a resource type template',
      run: (k) => get(k, `${k.base('orchestration')}/resource_types/OS::Nova::Server/template`),
      status: code('resource-type-template-show'),
    },
    {
      name: 'build info',
      run: (k) => get(k, `${k.base('orchestration')}/build_info`),
      status: code('build-info-show'),
    },
    {
      name: 'deployment metadata of a server',
      run: (k) => get(k, `${k.base('orchestration')}/software_deployments/metadata/any-server`),
      status: code('software-deployment-metadata-show'),
    },
    {
      name: 'another project in the path: 403',
      run: (k) => get(k, `/heat-api/v1/${k.cred.otherProjectId}/stacks`),
      status: 403,
    },
    { name: 'delete the stack', run: (k) => send(k, 'DELETE', stack(k)), status: code('stack-delete') },
    { name: 'gone', run: (k) => get(k, stack(k)), status: 404 },
  ]);
});
