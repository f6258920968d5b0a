// The generic core on operations no module of the target knows: a volume-like resource of Cinder
// (create 202 whose status moves on, show, list with paging and filters, update, delete, an action,
// metadata), an image-like resource of Glance v2 (JSON patch, tags, upload) and a service the target
// has never heard of. All through app.request(), from catalog operations alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Catalog, Field, HttpMethod, Operation, Service } from '../../src/catalog/model.ts';
import { loadCatalog } from '../../src/catalog/load.ts';
import { makeClient } from '../support/target-client.ts';
import { buildRoutes } from '../../src/target/core/routes.ts';
import { checkDefectSpecs, operationsFor } from '../../src/target/switches.ts';
import { DEFECTS } from '../../src/target/defects.ts';

const src = { doc: 'specs/test.md', table: 't', row: 'r', line: 1 };
type F = Partial<Field> & { path: string; type: Field['type'] };
const field = (f: F, where: Field['in'] = 'body'): Field => ({
  name: f.path.split('.').at(-1)!.replace(/\[\]$/, ''),
  in: where,
  docType: f.type,
  required: false,
  nullable: false,
  description: '',
  source: src,
  ...f,
});

function op(
  id: string,
  service: string,
  method: HttpMethod,
  path: string,
  o: { req?: F[]; res?: F[]; query?: F[]; code?: number; paging?: boolean } = {},
): Operation {
  return {
    id,
    service: service as Service,
    title: id,
    doc: 'specs/test.md',
    method,
    path,
    alternatePaths: [],
    pathParams: [],
    queryParams: (o.query ?? []).map((q) => field(q, 'query')),
    requestBody: (o.req ?? []).map((f) => field(f)),
    response: (o.res ?? []).map((f) => field({ required: true, ...f })),
    statusCodes: [{ code: o.code ?? 200, kind: 'success', title: 'OK', description: '', source: src }],
    ...(o.paging
      ? { pagination: { linksField: 'volumes_links', rel: 'next', params: ['limit', 'marker'], source: src } }
      : {}),
    microversions: [],
    examples: [],
    schemas: {},
    source: src,
  };
}

const STATUS = ['creating', 'available', 'error', 'extending'];
const volumeFields = (env: string): F[] => [
  { path: env, type: 'object' },
  { path: `${env}.id`, type: 'string' },
  { path: `${env}.name`, type: 'string' },
  { path: `${env}.size`, type: 'integer' },
  { path: `${env}.status`, type: 'string', enum: STATUS },
  { path: `${env}.bootable`, type: 'string' },
  { path: `${env}.metadata`, type: 'object' },
  { path: `${env}.created_at`, type: 'string', timestamp: { documentedForm: 'CCYY-MM-DDThh:mm:ss.ffffff' } },
  { path: `${env}.updated_at`, type: 'string', timestamp: { documentedForm: 'CCYY-MM-DDThh:mm:ss.ffffff' } },
  { path: `${env}.links`, type: 'array', items: 'object' },
  { path: `${env}.links[].rel`, type: 'string' },
  { path: `${env}.links[].href`, type: 'string' },
];
const V = '/v3/{project_id}/volumes';
const synthetic: Operation[] = [
  op('volume-create', 'block-storage', 'POST', V, {
    code: 202,
    req: [
      { path: 'volume', type: 'object', required: true },
      { path: 'volume.size', type: 'integer', required: true },
      { path: 'volume.name', type: 'string' },
    ],
    res: volumeFields('volume'),
  }),
  op('volume-show', 'block-storage', 'GET', `${V}/{volume_id}`, { res: volumeFields('volume') }),
  op('volume-list-detail', 'block-storage', 'GET', `${V}/detail`, {
    res: [
      { path: 'volumes', type: 'array', items: 'object' },
      ...volumeFields('volumes[]').slice(1),
      { path: 'volumes_links', type: 'array', items: 'object', required: false },
      { path: 'volumes_links[].href', type: 'string' },
      { path: 'volumes_links[].rel', type: 'string' },
    ],
    query: [
      { path: 'limit', type: 'integer' },
      { path: 'marker', type: 'string' },
      { path: 'status', type: 'string' },
      { path: 'name', type: 'string' },
    ],
    paging: true,
  }),
  op('volume-update', 'block-storage', 'PUT', `${V}/{volume_id}`, {
    req: [
      { path: 'volume', type: 'object', required: true },
      { path: 'volume.name', type: 'string' },
    ],
    res: volumeFields('volume'),
  }),
  op('volume-delete', 'block-storage', 'DELETE', `${V}/{volume_id}`, { code: 202 }),
  op('volume-extend', 'block-storage', 'POST', `${V}/{volume_id}/action`, {
    code: 202,
    req: [
      { path: 'os-extend', type: 'object', required: true },
      { path: 'os-extend.new_size', type: 'integer', required: true },
    ],
  }),
  op('volume-metadata-create', 'block-storage', 'POST', `${V}/{volume_id}/metadata`, {
    req: [{ path: 'metadata', type: 'object', required: true }],
    res: [{ path: 'metadata', type: 'object' }],
  }),
  op('volume-metadata-show', 'block-storage', 'GET', `${V}/{volume_id}/metadata/{key}`, {
    res: [{ path: 'meta', type: 'object' }],
  }),
  op('volume-metadata-delete', 'block-storage', 'DELETE', `${V}/{volume_id}/metadata/{key}`),
  op('image-create', 'image', 'POST', '/v2/images', {
    code: 201,
    req: [{ path: 'name', type: 'string' }],
    res: [
      { path: 'id', type: 'string' },
      { path: 'name', type: 'string' },
      { path: 'status', type: 'string', enum: ['queued', 'saving', 'active'] },
      { path: 'tags', type: 'array', items: 'string' },
      { path: 'size', type: 'integer', nullable: true },
    ],
  }),
  op('image-show', 'image', 'GET', '/v2/images/{image_id}', {
    res: [
      { path: 'id', type: 'string' },
      { path: 'name', type: 'string' },
      { path: 'status', type: 'string', enum: ['queued', 'saving', 'active'] },
      { path: 'tags', type: 'array', items: 'string' },
      { path: 'size', type: 'integer', nullable: true },
    ],
  }),
  op('image-update', 'image', 'PATCH', '/v2/images/{image_id}', {
    res: [
      { path: 'id', type: 'string' },
      { path: 'name', type: 'string' },
    ],
  }),
  op('image-tag-add', 'image', 'PUT', '/v2/images/{image_id}/tags/{tag}', { code: 204 }),
  op('image-upload', 'image', 'PUT', '/v2/images/{image_id}/file', { code: 204 }),
  op('widget-list', 'widgets', 'GET', '/v1/{project_id}/widgets', {
    res: [
      { path: 'widgets', type: 'array', items: 'object' },
      { path: 'widgets[].id', type: 'string' },
      { path: 'widgets[].colour', type: 'string' },
    ],
    query: [{ path: 'colour', type: 'string' }],
  }),
];

// The seed operations (their modules need them) and the synthetic ones, nothing else of the reference.
const base = loadCatalog();
const SEEDS = new Set([
  'software-deployment-create',
  'software-deployment-show',
  'software-deployment-update',
  'image-list-detail',
  'backup-list',
]);
const catalog: Catalog = { ...base, operations: [...base.operations.filter((o) => SEEDS.has(o.id)), ...synthetic] };

function client(opts: { defect?: string; seed?: Record<string, number> } = {}) {
  return makeClient({ catalog, ...opts });
}

test('the route table classifies every operation from its template', () => {
  const t = buildRoutes(catalog);
  const kind = (id: string) => t.byOperation.get(id)![0]!.kind;
  assert.deepEqual(
    [
      'volume-create',
      'volume-show',
      'volume-list-detail',
      'volume-update',
      'volume-delete',
      'volume-extend',
      'volume-metadata-create',
      'volume-metadata-show',
      'image-update',
      'image-tag-add',
      'image-upload',
      'widget-list',
      'backup-list',
      'software-deployment-show',
    ].map(kind),
    [
      'create',
      'show',
      'list',
      'update',
      'delete',
      'action',
      'map',
      'map-key',
      'update',
      'tag',
      'upload',
      'list',
      'list',
      'show',
    ],
  );
  assert.equal(
    t.byOperation.get('volume-list-detail')![0]!.collection,
    t.byOperation.get('volume-create')![0]!.collection,
    'detail is a view of the collection',
  );
});

test('a Cinder-like resource: create 202 creating → available, show, list, update, delete, action, metadata', async () => {
  const k = client();
  const token = await k.token();
  const b = `${k.cinder()}/volumes`;
  const created = await k.call(b, { method: 'POST', token, body: { volume: { size: 3, name: 'v1' } } });
  assert.equal(created.status, 202, created.text);
  assert.equal(created.json.volume.status, 'creating');
  assert.equal(created.json.volume.size, 3);
  assert.match(created.json.volume.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
  const id = created.json.volume.id;
  assert.match(id, /^[0-9a-f-]{36}$/);
  const shown = await k.call(`${b}/${id}`, { token });
  assert.equal(shown.status, 200);
  assert.equal(shown.json.volume.status, 'available', 'the status moves on');
  assert.equal(shown.json.volume.links[0].href, `http://127.0.0.1:8999/volume/v3/${k.cred.projectId}/volumes/${id}`);
  // Bad bodies in Cinder's fault body.
  const missing = await k.call(b, { method: 'POST', token, body: { volume: { name: 'x' } } });
  assert.equal(missing.status, 400);
  assert.ok(missing.json.badRequest.message.includes('volume.size'), missing.text);
  assert.equal((await k.call(b, { method: 'POST', token, body: { volume: { size: 'big' } } })).status, 400);
  assert.equal(
    (await k.call(b, { method: 'POST', token, rawBody: '{', headers: { 'content-type': 'application/json' } })).status,
    400,
  );
  assert.equal((await k.call(`${b}/00000000-0000-4000-8000-000000000000`, { token })).json.itemNotFound.code, 404);
  assert.equal((await k.call(`${b}/${id}`)).status, 401);
  // Update and action.
  k.advance(60);
  const updated = await k.call(`${b}/${id}`, { method: 'PUT', token, body: { volume: { name: 'renamed' } } });
  assert.equal(updated.json.volume.name, 'renamed');
  assert.ok(updated.json.volume.updated_at > updated.json.volume.created_at);
  assert.equal(
    (await k.call(`${b}/${id}/action`, { method: 'POST', token, body: { 'os-extend': { new_size: 10 } } })).status,
    202,
  );
  assert.equal((await k.call(`${b}/${id}`, { token })).json.volume.size, 10);
  assert.equal((await k.call(`${b}/${id}/action`, { method: 'POST', token, body: { 'os-nothing': {} } })).status, 400);
  // Metadata.
  const meta = await k.call(`${b}/${id}/metadata`, { method: 'POST', token, body: { metadata: { a: '1' } } });
  assert.equal(meta.json.metadata.a, '1', meta.text);
  assert.deepEqual((await k.call(`${b}/${id}/metadata/a`, { token })).json, { meta: { a: '1' } });
  assert.equal((await k.call(`${b}/${id}/metadata/a`, { method: 'DELETE', token })).status, 200);
  assert.equal((await k.call(`${b}/${id}/metadata/a`, { token })).status, 404);
  // Delete.
  assert.equal((await k.call(`${b}/${id}`, { method: 'DELETE', token })).status, 202);
  assert.equal((await k.call(`${b}/${id}`, { token })).status, 404);
});

test('lists page with limit, marker and the documented links field, and filter by documented fields', async () => {
  const k = client({ seed: { volumes: 25 } });
  const token = await k.token();
  const b = `${k.cinder()}/volumes/detail`;
  const seen: string[] = [];
  let next: string | undefined = `${b}?limit=10`;
  while (next) {
    const page = await k.call(next.replace('http://127.0.0.1:8999', ''), { token });
    assert.equal(page.status, 200, page.text);
    seen.push(...page.json.volumes.map((v: { id: string }) => v.id));
    next = page.json.volumes_links?.[0]?.href;
    if (next) assert.equal(page.json.volumes_links[0].rel, 'next');
  }
  assert.equal(seen.length, 25);
  assert.equal(new Set(seen).size, 25);
  const errors = await k.call(`${b}?status=error`, { token });
  assert.ok(
    errors.json.volumes.length > 0 && errors.json.volumes.every((v: { status: string }) => v.status === 'error'),
  );
  assert.equal((await k.call(`${b}?limit=abc`, { token })).status, 400);
  assert.equal((await k.call(`${b}?marker=nope`, { token })).status, 400);
});

test('100000 seeded volumes start and page quickly enough to list', async () => {
  const started = Date.now();
  const k = client({ seed: { volumes: 100_000 } });
  const token = await k.token();
  const page = await k.call(`${k.cinder()}/volumes/detail?limit=5`, { token });
  assert.equal(page.json.volumes.length, 5);
  const next = await k.call(page.json.volumes_links[0].href.replace('http://127.0.0.1:8999', ''), { token });
  assert.notEqual(next.json.volumes[0].id, page.json.volumes[0].id);
  console.log(`100000 volumes: first two pages in ${Date.now() - started} ms`);
});

test('a Glance v2-like image: JSON patch, tags, upload moves queued to active', async () => {
  const k = client();
  const token = await k.token();
  const created = await k.call('/image/v2/images', { method: 'POST', token, body: { name: 'cac-img' } });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.status, 'queued');
  const id = created.json.id;
  const patched = await k.call(`/image/v2/images/${id}`, {
    method: 'PATCH',
    token,
    rawBody: JSON.stringify([{ op: 'replace', path: '/name', value: 'cac-renamed' }]),
    headers: { 'content-type': 'application/openstack-images-v2.1-json-patch' },
  });
  assert.equal(patched.json.name, 'cac-renamed', patched.text);
  assert.equal((await k.call(`/image/v2/images/${id}/tags/blue`, { method: 'PUT', token })).status, 204);
  assert.equal(
    (
      await k.call(`/image/v2/images/${id}/file`, {
        method: 'PUT',
        token,
        rawBody: 'abcdef',
        headers: { 'content-type': 'application/octet-stream' },
      })
    ).status,
    204,
  );
  const shown = await k.call(`/image/v2/images/${id}`, { token });
  assert.deepEqual([shown.json.status, shown.json.size, shown.json.tags.includes('blue')], ['active', 6, true]);
});

test('a service the target has never heard of is served at /<service-type>, filters included', async () => {
  const k = client();
  const token = await k.token();
  const all = await k.call(`/widgets/v1/${k.cred.projectId}/widgets`, { token });
  assert.equal(all.status, 200, all.text);
  assert.ok(all.json.widgets.length > 0);
  const colour = all.json.widgets[0].colour;
  const some = await k.call(`/widgets/v1/${k.cred.projectId}/widgets?colour=${encodeURIComponent(colour)}`, { token });
  assert.ok(some.json.widgets.every((w: { colour: string }) => w.colour === colour));
  assert.equal((await k.call(`/widgets/v1/${k.cred.projectId}/widgets`)).status, 401);
  // The token catalog lists it, its endpoint ending in /v1/<project> as its paths all begin so.
  const issued = await k.call('/identity/v3/auth/tokens', {
    method: 'POST',
    body: {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: k.cred.username, domain: { name: 'Default' }, password: k.cred.password } },
        },
      },
    },
  });
  const widgets = issued.json.token.catalog.find((s: { type: string }) => s.type === 'widgets');
  assert.equal(widgets.endpoints[0].url, `http://127.0.0.1:8999/widgets/v1/${k.cred.projectId}`);
});

test('generic defects change what a client observes on every operation they apply to, and are refused elsewhere', async () => {
  const t = buildRoutes(catalog);
  const probe = async (defect?: string) => {
    const k = client(defect ? { defect } : {});
    const token = await k.token();
    const b = `${k.cinder()}/volumes`;
    const out: string[] = [];
    const rec = async (path: string, init: Parameters<typeof k.call>[1] = {}) => {
      const r = await k.call(path, { token, ...init });
      out.push(`${r.status} ${r.text}`);
      return r;
    };
    const created = await rec(b, { method: 'POST', body: { volume: { size: 1 } } });
    const id = created.json?.volume?.id ?? created.json?.volume_data?.id ?? 'x';
    await rec(`${b}/${id}`);
    await rec(`${b}/${id}`, { method: 'PUT', body: { volume: { name: 'n' } } });
    await rec(`${b}/${id}`);
    await rec(`${b}/detail?limit=2`);
    await rec(`${b}/detail?status=error`);
    await rec(b, { method: 'POST', body: { volume: {} } });
    await rec(`${b}/00000000-0000-4000-8000-000000000000`);
    await rec(`${b}/${id}/action`, { method: 'POST', body: { 'os-extend': { new_size: 9 } } });
    await rec(`${b}/${id}`);
    const list = await rec(`${b}/detail?limit=2`);
    const nextHref: string | undefined = list.json?.volumes_links?.[0]?.href;
    if (nextHref?.startsWith('http://127.0.0.1:8999')) await rec(nextHref.slice('http://127.0.0.1:8999'.length));
    await rec(`${b}/${id}`, { method: 'DELETE' });
    await rec(`${b}/${id}`);
    return out.join('\n');
  };
  const clean = await probe();
  for (const d of DEFECTS.filter((x) => 'generic' in x)) {
    const ops = operationsFor(d.name, t).filter((o) => o.startsWith('volume-'));
    if (ops.length === 0) continue;
    assert.notEqual(await probe(d.name), clean, `${d.name} changes nothing`);
  }
  assert.equal(
    checkDefectSpecs('filter-ignored@volume-show', catalog),
    'defect filter-ignored cannot apply to volume-show: nothing the catalog documents for it fits (it applies to backup-list, image-list-detail, volume-list-detail, widget-list)',
  );
  assert.match(checkDefectSpecs('field-null@no-such-op', catalog)!, /no operation "no-such-op"/);
  assert.equal(checkDefectSpecs('next-link-missing@volume-list-detail', catalog), undefined);
});

test('a member no page lists is still looked up: an unknown one is 404 on every route that names it', async () => {
  // Pages of paths the rest of the catalog never lists or shows: a show alone, a member's metadata
  // alone (read, one key, a key deleted), an action alone. Each names a member of its own collection.
  const W = '/v1/{project_id}';
  const ops: Operation[] = [
    op('gadget-show', 'widgets', 'GET', `${W}/gadgets/{gadget_id}`, {
      res: [
        { path: 'gadget', type: 'object' },
        { path: 'gadget.id', type: 'string' },
      ],
    }),
    op('gizmo-metadata-show', 'widgets', 'GET', `${W}/gizmos/{gizmo_id}/metadata`, {
      res: [{ path: 'metadata', type: 'object' }],
    }),
    op('gizmo-metadata-key-show', 'widgets', 'GET', `${W}/gizmos/{gizmo_id}/metadata/{key}`, {
      res: [{ path: 'meta', type: 'object' }],
    }),
    op('gizmo-metadata-key-delete', 'widgets', 'DELETE', `${W}/gizmos/{gizmo_id}/metadata/{key}`),
    op('sprocket-action', 'widgets', 'POST', `${W}/sprockets/{sprocket_id}/action`, {
      code: 202,
      req: [{ path: 'os-spin', type: 'object', required: true }],
    }),
    // What a path names of another kind (a server no page models) is no member to look up: any id is
    // answered, as Heat answers the metadata of any server.
    op('widget-metadata-show', 'widgets', 'GET', `${W}/widgets/metadata/{server_id}`, {
      res: [{ path: 'metadata', type: 'array', items: 'string' }],
    }),
  ];
  const k = makeClient({ catalog: { ...catalog, operations: [...catalog.operations, ...ops] } });
  const token = await k.token();
  const at = `/widgets/v1/${k.cred.projectId}`;
  const unknown = '00000000-0000-4000-8000-000000000000';
  for (const [method, path, body] of [
    ['GET', `${at}/gadgets/${unknown}`],
    ['GET', `${at}/gizmos/${unknown}/metadata`],
    ['GET', `${at}/gizmos/${unknown}/metadata/k`],
    ['DELETE', `${at}/gizmos/${unknown}/metadata/k`],
    ['POST', `${at}/sprockets/${unknown}/action`, { 'os-spin': {} }],
  ] as const) {
    const r = await k.call(path, { method, token, ...(body ? { body } : {}) });
    assert.equal(r.status, 404, `${method} ${path}: ${r.status} ${r.text.slice(0, 200)}`);
  }
  const server = await k.call(`${at}/widgets/metadata/${unknown}`, { token });
  assert.equal(server.status, 200, server.text);
  const kinds = new Map(buildRoutes({ ...catalog, operations: ops }).routes.map((r) => [r.op.id, r.kind]));
  assert.deepEqual(Object.fromEntries(kinds), {
    'gadget-show': 'show',
    'gizmo-metadata-show': 'map',
    'gizmo-metadata-key-show': 'map-key',
    'gizmo-metadata-key-delete': 'map-key',
    'sprocket-action': 'action',
    'widget-metadata-show': 'document',
  });
});

test('a page of a resource a module serves, under another path, is served by the core as its page says', async () => {
  const H = '/v1/{project_id}/other/software_deployments';
  const B = '/v3/{project_id}/other/backups';
  const deployment = (env: string): F[] => [
    { path: env, type: 'object' },
    { path: `${env}.id`, type: 'string' },
    { path: `${env}.config_id`, type: 'string' },
    { path: `${env}.action`, type: 'string' },
  ];
  const ops: Operation[] = [
    op('other-deployment-create', 'orchestration', 'POST', H, {
      req: [{ path: 'config_id', type: 'string', required: true }],
      res: deployment('software_deployment'),
    }),
    // The show page types its envelope as an array: the member is its one item.
    op('other-deployment-show', 'orchestration', 'GET', `${H}/{deployment_id}`, {
      res: [
        { path: 'software_deployment', type: 'array', items: 'object' },
        ...deployment('software_deployment[]').slice(1),
      ],
    }),
    // with_count documented, count left out of the response table; a numeric filter typed integer.
    op('other-backup-list', 'block-storage', 'GET', B, {
      res: [
        { path: 'backups', type: 'array', items: 'object' },
        { path: 'backups[].id', type: 'string' },
        { path: 'backups[].size', type: 'integer' },
      ],
      query: [
        { path: 'with_count', type: 'boolean' },
        { path: 'size_min', type: 'integer' },
      ],
    }),
  ];
  const k = makeClient({ catalog: { ...catalog, operations: [...catalog.operations, ...ops] } });
  const token = await k.token();
  const heat = `/heat-api/v1/${k.cred.projectId}/other/software_deployments`;
  const made = await k.call(heat, { method: 'POST', token, body: { config_id: 'cfg-1' } });
  assert.equal(made.status, 200, made.text);
  const id = made.json.software_deployment.id;
  const shown = await k.call(`${heat}/${id}`, { token });
  assert.equal(shown.status, 200, shown.text);
  assert.deepEqual(
    shown.json.software_deployment.map((d: { id: string; config_id: string }) => [d.id, d.config_id]),
    [[id, 'cfg-1']],
  );
  const cinder = `/volume/v3/${k.cred.projectId}/other/backups`;
  const counted = await k.call(`${cinder}?with_count=true`, { token });
  assert.equal(counted.status, 200, counted.text);
  assert.equal(counted.json.count, counted.json.backups.length);
  assert.equal((await k.call(cinder, { token })).json.count, undefined);
  assert.equal((await k.call(`${cinder}?size_min=cac-not-a-number`, { token })).status, 400);
  assert.equal((await k.call(`${cinder}?size_min=0`, { token })).status, 200);
});
