// Operation ids derive from the page (method, path, action key), not from its file name or the other
// pages: given/want cut from the working set, the five seed ids, renaming, and the duplicate error.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadCatalog, REPO_ROOT } from '../../src/catalog/load.ts';
import { generate } from '../../src/generator/generate.ts';
import { PageError } from '../../src/generator/page-error.ts';
import { discoverPages, operationId } from '../../src/generator/pages.ts';

describe('operation ids', () => {
  // given: service, method, path (and action) as pages of the working set write them; want: the id.
  const cases: {
    service: 'orchestration' | 'image' | 'block-storage';
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    path: string;
    action?: string;
    listing?: boolean;
    want: string;
  }[] = [
    // the five seeds: fixed forever
    {
      service: 'orchestration',
      method: 'POST',
      path: '/v1/{project_id}/software_deployments',
      want: 'software-deployment-create',
    },
    {
      service: 'orchestration',
      method: 'GET',
      path: '/v1/{project_id}/software_deployments/{deployment_id}',
      want: 'software-deployment-show',
    },
    {
      service: 'orchestration',
      method: 'PUT',
      path: '/v1/{project_id}/software_deployments/{deployment_id}',
      want: 'software-deployment-update',
    },
    { service: 'image', method: 'GET', path: '/v1.1/images/detail', want: 'image-list-detail' },
    { service: 'block-storage', method: 'GET', path: '/v3/{project_id}/native/backups', want: 'backup-list' },
    // nested resources, several parameters per instance, sub-resources
    {
      service: 'orchestration',
      method: 'GET',
      path: '/v1/{project_id}/stacks/{stack_name}/{stack_id}/resources/{resource_name}/events/{event_id}',
      want: 'stack-resource-event-show',
    },
    {
      service: 'orchestration',
      method: 'PATCH',
      path: '/v1/{project_id}/stacks/{stack_name}/{stack_id}/resources/{resource_name_or_physical_id}',
      want: 'stack-resource-patch',
    },
    {
      service: 'orchestration',
      method: 'GET',
      path: '/v1/{project_id}/stacks/{stack_name}/{stack_id}/template',
      listing: false,
      want: 'stack-template-show',
    },
    {
      service: 'orchestration',
      method: 'GET',
      path: '/v1/{project_id}/software_deployments/metadata/{server_id}',
      want: 'software-deployment-metadata-show',
    },
    {
      service: 'block-storage',
      method: 'GET',
      path: '/v3/{project_id}/os-quota-sets/{project_id}',
      want: 'quota-set-show',
    },
    {
      service: 'block-storage',
      method: 'GET',
      path: '/v3/{project_id}/os-volume-transfer/detail',
      want: 'volume-transfer-list-detail',
    },
    {
      service: 'block-storage',
      method: 'POST',
      path: '/v3/{project_id}/os-volume-transfer/{transfer_id}/accept',
      want: 'volume-transfer-accept',
    },
    // a parameter that is not the resource's own id names itself; PUT on a collection replaces it
    {
      service: 'block-storage',
      method: 'PUT',
      path: '/v3/{project_id}/volumes/{volume_id}/metadata/{key}',
      want: 'volume-metadata-key-update',
    },
    {
      service: 'block-storage',
      method: 'PUT',
      path: '/v3/{project_id}/volumes/{volume_id}/metadata',
      want: 'volume-metadata-replace',
    },
    // actions: one path, told apart by the body key
    {
      service: 'block-storage',
      method: 'POST',
      path: '/v3/{project_id}/volumes/{volume_id}/action',
      action: 'os-extend',
      want: 'volume-extend',
    },
    {
      service: 'block-storage',
      method: 'POST',
      path: '/v3/{project_id}/volumes/{volume_id}/action',
      action: 'os-volume_upload_image',
      want: 'volume-upload-image',
    },
    {
      service: 'orchestration',
      method: 'POST',
      path: '/v1/{project_id}/stacks/{stack_name}/{stack_id}/actions',
      action: 'cancel_update',
      want: 'stack-cancel-update',
    },
    // paths without a resource belong to the service; schema documents keep their own noun
    { service: 'image', method: 'GET', path: '/', want: 'image-version-list' },
    { service: 'orchestration', method: 'GET', path: '/', want: 'orchestration-version-list' },
    { service: 'image', method: 'GET', path: '/{api_version}', want: 'image-version-show' },
    // below a resource, a version is an instance of it, apart from the list of them
    { service: 'image', method: 'GET', path: '/mirror/', want: 'mirror-list' },
    { service: 'image', method: 'GET', path: '/mirror/{api_version}', want: 'mirror-version-show' },
    { service: 'orchestration', method: 'POST', path: '/v1/{project_id}/validate', want: 'orchestration-validate' },
    { service: 'image', method: 'GET', path: '/v2/schemas/images', listing: false, want: 'schema-images-show' },
    { service: 'image', method: 'GET', path: '/v2/schemas/image', listing: false, want: 'schema-image-show' },
    // another version of a service's API is suffixed, so its pages can sit beside these
    { service: 'block-storage', method: 'GET', path: '/v2/{project_id}/volumes', want: 'volume-list-v2' },
    { service: 'image', method: 'GET', path: '/v1/images/detail', want: 'image-list-detail-v1' },
  ];
  for (const c of cases) {
    it(`${c.method} ${c.path}${c.action ? ` ${c.action}` : ''} → ${c.want}`, () => {
      assert.equal(operationId(c.service, c.method, c.path, c.action, c.listing ?? true), c.want);
    });
  }

  it('every page of the working set has a distinct, kebab-case id, and the seeds keep theirs', () => {
    const ops = loadCatalog().operations;
    assert.equal(ops.length, discoverPages(REPO_ROOT).length);
    assert.equal(new Set(ops.map((o) => o.id)).size, ops.length);
    for (const o of ops) assert.match(o.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    const seeds: Record<string, string> = {
      'software-deployment-create': 'specs/orchestration/creating-one-or-more-software-deployments.md',
      'software-deployment-show': 'specs/orchestration/querying-details-of-a-software-deployment.md',
      'software-deployment-update': 'specs/orchestration/updating-a-software-deployment.md',
      'image-list-detail':
        'specs/image/querying-image-details-(native-openstack-api-v1-1---abandoned-and-not-recommended).md',
      'backup-list': 'specs/block-storage/querying-summary-information-about-vbs-backups-(native-openstack-v3-api).md',
    };
    for (const [id, doc] of Object.entries(seeds)) assert.equal(ops.find((o) => o.id === id)?.doc, doc, id);
  });
});

describe('pages as files', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'generator-ids-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));
  cpSync(join(REPO_ROOT, 'specs'), join(tmp, 'specs'), { recursive: true });
  cpSync(join(REPO_ROOT, 'scripts/upstream/OBSERVED.md'), join(tmp, 'scripts/upstream/OBSERVED.md'));
  const seedDocs = [
    'specs/orchestration/creating-one-or-more-software-deployments.md',
    'specs/orchestration/querying-details-of-a-software-deployment.md',
    'specs/orchestration/updating-a-software-deployment.md',
    'specs/image/querying-image-details-(native-openstack-api-v1-1---abandoned-and-not-recommended).md',
    'specs/block-storage/querying-summary-information-about-vbs-backups-(native-openstack-v3-api).md',
  ];
  const seeds = seedDocs.map((doc) => ({ doc, service: doc.split('/')[1] as 'orchestration' }));

  it('renaming a page changes no id', async () => {
    const page = { doc: 'specs/block-storage/querying-evs-disks-cinder-v3.md', service: 'block-storage' as const };
    const before = await generate({ root: tmp, pages: [...seeds, page], subset: true });
    // A copy under another name (the original stays: decisions quote it).
    cpSync(join(tmp, page.doc), join(tmp, 'specs/block-storage/zz-renamed.md'));
    try {
      const after = await generate({
        root: tmp,
        pages: [...seeds, { doc: 'specs/block-storage/zz-renamed.md', service: 'block-storage' }],
        subset: true,
      });
      assert.deepEqual(
        after.catalog.operations.map((o) => o.id).sort(),
        before.catalog.operations.map((o) => o.id).sort(),
      );
      assert.ok(after.catalog.operations.some((o) => o.id === 'volume-list'));
    } finally {
      rmSync(join(tmp, 'specs/block-storage/zz-renamed.md'));
    }
  });

  it('two pages documenting the same method and path are an error naming both files', async () => {
    const copy = 'specs/block-storage/a-copy-of-querying-evs-disks.md';
    writeFileSync(
      join(tmp, copy),
      readFileSync(join(tmp, 'specs/block-storage/querying-evs-disks-cinder-v3.md'), 'utf8'),
    );
    try {
      await assert.rejects(
        generate({
          root: tmp,
          pages: [
            ...seeds,
            { doc: copy, service: 'block-storage' },
            { doc: 'specs/block-storage/querying-evs-disks-cinder-v3.md', service: 'block-storage' },
          ],
          subset: true,
        }),
        (e: unknown) => {
          assert.ok(e instanceof PageError);
          assert.match(e.message, /a-copy-of-querying-evs-disks\.md|querying-evs-disks-cinder-v3\.md/);
          assert.match(
            e.problem,
            /querying-evs-disks-cinder-v3\.md:11 documents the same operation \(GET \/v3\/\{project_id\}\/volumes\)|a-copy-of-querying-evs-disks\.md:11 documents the same operation/,
          );
          return true;
        },
      );
    } finally {
      rmSync(join(tmp, copy));
    }
  });

  it('the same id derived in two services: the later page takes its service in front, the earlier keeps its id', async () => {
    const real = 'specs/block-storage/querying-extension-apis-cinder-v3.md';
    // The same page served by orchestration under its own version (`/v1/{project_id}/extensions`):
    // the same method and path once the version and project are dropped, so the same derived id.
    const copy = 'specs/orchestration/querying-extension-apis-copy.md';
    writeFileSync(
      join(tmp, copy),
      readFileSync(join(tmp, real), 'utf8')
        .replaceAll('/v3/{project_id}/extensions', '/v1/{project_id}/extensions')
        .replaceAll('/v3/\\{project\\_id\\}/extensions', '/v1/\\{project\\_id\\}/extensions'),
    );
    try {
      const out = await generate({
        root: tmp,
        pages: [...seeds, { doc: real, service: 'block-storage' }, { doc: copy, service: 'orchestration' }],
        subset: true,
        // The copy's own contradictions (its untyped project_id) proposed, not refused.
        draft: true,
      });
      const ids = new Map(out.catalog.operations.map((o) => [o.doc, o.id]));
      assert.equal(ids.get(real), 'extension-list');
      assert.equal(ids.get(copy), 'orchestration-extension-list');
      assert.ok(out.catalog.requirements.some((r) => r.operation === 'orchestration-extension-list'));
    } finally {
      rmSync(join(tmp, copy));
      rmSync(join(tmp, 'specs/decisions-draft.yaml'), { force: true });
    }
  });

  it('pages are found by listing specs/<service-type>/: a dropped page joins the catalog with no code change', () => {
    const found = discoverPages(REPO_ROOT);
    assert.equal(found.length, 72);
    assert.deepEqual([...new Set(found.map((p) => p.service))].sort(), ['block-storage', 'image', 'orchestration']);
    for (const p of found) assert.ok(p.doc.startsWith(`specs/${p.service}/`) && p.doc.endsWith('.md'));
  });

  it('a folder that is no service type the suite knows is an error naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'generator-folders-'));
    try {
      cpSync(join(REPO_ROOT, 'specs/image'), join(dir, 'specs/compute-ish'), { recursive: true });
      assert.throws(() => discoverPages(dir), /folder "compute-ish" is not a service type the suite knows/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
