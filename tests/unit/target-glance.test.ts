// Glance v1 image detail list on the reference target: filters, paging, sort, webob errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeClient } from '../support/target-client.ts';

const DETAIL = '/image/v1.1/images/detail';
const ZONELESS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/;

async function setup(opts = {}) {
  const k = makeClient(opts);
  const token = await k.token();
  const list = async (query = '', headers: Record<string, string> = {}) =>
    k.call(`${DETAIL}${query}`, { token, headers });
  const all = async (query = '') => {
    const out: any[] = [];
    let marker = '';
    for (let i = 0; i < 100; i++) {
      const r = await list(`?limit=7${query}${marker}`);
      assert.equal(r.status, 200, r.text);
      out.push(...r.json.images);
      if (r.json.images.length < 7) return out;
      marker = `&marker=${r.json.images.at(-1).id}`;
    }
    throw new Error('paging did not end');
  };
  return { k, token, list, all };
}

test('items carry the catalog fields with Glance types', async () => {
  const { list } = await setup();
  const r = await list();
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/json; charset=UTF-8');
  assert.deepEqual(Object.keys(r.json), ['images']);
  assert.equal(r.json.images.length, 25, 'default page size is 25');
  for (const img of r.json.images) {
    assert.equal(Object.keys(img).length, 18);
    assert.match(img.created_at, ZONELESS);
    assert.equal(img.deleted, false);
    assert.equal(img.deleted_at, null);
    assert.equal(typeof img.is_public, 'boolean');
    assert.equal(typeof img.protected, 'boolean');
    assert.equal(typeof img.properties, 'object');
    assert.ok(img.size === null || Number.isInteger(img.size));
    assert.notEqual(img.status, 'killed');
  }
});

test('filters narrow the list as the registry does', async (t) => {
  const { all } = await setup();
  const everything = await all();
  const sample = everything.find((i) => i.size !== null && i.name !== null)!;
  const cases: { name: string; query: string; holds: (img: any) => boolean; nonEmpty?: boolean }[] = [
    {
      name: 'name is exact',
      query: `&name=${encodeURIComponent(sample.name)}`,
      holds: (i) => i.name === sample.name,
      nonEmpty: true,
    },
    { name: 'status', query: '&status=queued', holds: (i) => i.status === 'queued', nonEmpty: true },
    { name: 'disk_format', query: '&disk_format=qcow2', holds: (i) => i.disk_format === 'qcow2', nonEmpty: true },
    {
      name: 'container_format',
      query: '&container_format=ovf',
      holds: (i) => i.container_format === 'ovf',
      nonEmpty: true,
    },
    {
      name: 'size_min is inclusive',
      query: `&size_min=${sample.size}`,
      holds: (i) => i.size >= sample.size,
      nonEmpty: true,
    },
    {
      name: 'size_max is inclusive',
      query: `&size_max=${sample.size}`,
      holds: (i) => i.size !== null && i.size <= sample.size,
      nonEmpty: true,
    },
    { name: 'size_min above size_max is simply empty', query: '&size_min=10&size_max=5', holds: () => false },
    { name: 'min_ram is exact', query: '&min_ram=512', holds: (i) => i.min_ram === 512, nonEmpty: true },
    { name: 'protected', query: '&protected=true', holds: (i) => i.protected === true, nonEmpty: true },
    {
      name: 'property-',
      query: '&property-os_distro=linux',
      holds: (i) => i.properties.os_distro === 'linux',
      nonEmpty: true,
    },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const got = await all(c.query);
      if (c.nonEmpty) assert.ok(got.length > 0, 'the seeded data has matches');
      for (const img of got) assert.ok(c.holds(img), JSON.stringify(img));
      const want = everything.filter(c.holds).map((i) => i.id);
      assert.deepEqual(
        got.map((i) => i.id),
        want,
        'exactly the matching images, in order',
      );
    });
  }
});

test('changes-since includes deleted images and cuts by updated_at', async (t) => {
  const { all } = await setup();
  const cases = ['2000-01-01', '2024-03-01T00:00:00Z', '2024-03-01T02:00:00+02:00', '20240228'];
  for (const since of cases) {
    await t.test(since, async () => {
      const got = await all(`&changes-since=${encodeURIComponent(since)}`);
      const cut = Date.parse(
        /^\d{8}$/.test(since) ? `${since.slice(0, 4)}-${since.slice(4, 6)}-${since.slice(6)}` : since,
      );
      assert.ok(got.length > 0);
      for (const img of got) assert.ok(Date.parse(`${img.updated_at}Z`) > cut, img.updated_at);
      if (since === '2000-01-01') {
        assert.ok(
          got.some((i) => i.deleted === true && i.deleted_at !== null),
          'deleted images appear',
        );
        assert.ok(got.some((i) => i.status === 'killed'));
      }
    });
  }
});

test('limit, marker and sort page through every visible image once', async (t) => {
  const { list, all } = await setup();
  const sorted = await all();
  const cases: { name: string; query: string; check: (imgs: any[]) => void }[] = [
    { name: 'limit caps the page', query: '?limit=3', check: (i) => assert.equal(i.length, 3) },
    { name: 'limit=0 is an empty page', query: '?limit=0', check: (i) => assert.equal(i.length, 0) },
    {
      name: 'marker continues after that image',
      query: `?limit=2&marker=${sorted[4].id}`,
      check: (i) =>
        assert.deepEqual(
          i.map((x) => x.id),
          [sorted[5].id, sorted[6].id],
        ),
    },
    {
      name: 'default order is created_at desc',
      query: '?limit=1000',
      check: (i) =>
        assert.deepEqual(
          i.map((x) => x.created_at),
          i
            .map((x) => x.created_at)
            .sort()
            .reverse(),
        ),
    },
    {
      name: 'sort_key=name asc',
      query: '?limit=1000&sort_key=name&sort_dir=asc',
      check: (i) => {
        const names = i.filter((x) => x.name !== null).map((x) => x.name);
        assert.deepEqual(names, [...names].sort());
        assert.equal(i[0].name, null, 'NULL sorts first ascending');
      },
    },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const r = await list(c.query);
      assert.equal(r.status, 200, r.text);
      c.check(r.json.images);
    });
  }
  await t.test('the walk has no repeats', () => {
    assert.equal(new Set(sorted.map((i) => i.id)).size, sorted.length);
  });
});

test('bad query values get webob 400s in the requested format', async (t) => {
  const { list } = await setup();
  const cases: { query: string; detail: string }[] = [
    { query: '?size_min=-1', detail: 'Bad value passed to filter size_min got -1' },
    { query: '?size_max=abc', detail: 'Bad value passed to filter size_max got abc' },
    { query: '?protected=maybe', detail: 'Bad value passed to filter protected got maybe' },
    { query: '?limit=abc', detail: 'limit param must be an integer' },
    { query: '?limit=-1', detail: 'limit param must be positive' },
    { query: '?marker=not-a-uuid', detail: 'Invalid marker format' },
    { query: '?marker=00000000-0000-4000-8000-000000000000', detail: 'Invalid marker. Image could not be found.' },
    { query: '?sort_key=owner', detail: 'Unsupported sort_key' },
    { query: '?sort_dir=up', detail: 'Unsupported sort_dir' },
    { query: '?changes-since=yesterday', detail: 'Unrecognized changes-since value' },
    { query: '?changes-since=', detail: 'Unrecognized changes-since value' },
  ];
  for (const c of cases) {
    await t.test(`${c.query} as plain text`, async () => {
      const r = await list(c.query);
      assert.equal(r.status, 400);
      assert.match(r.headers.get('content-type') ?? '', /^text\/plain/);
      assert.ok(r.text.startsWith('400 Bad Request\n\n'), r.text);
      assert.ok(r.text.includes(c.detail), r.text);
    });
    await t.test(`${c.query} as JSON`, async () => {
      const r = await list(c.query, { accept: 'application/json' });
      assert.equal(r.status, 400);
      assert.equal(r.json.code, '400 Bad Request');
      assert.equal(r.json.title, 'Bad Request');
      assert.ok(r.json.message.includes(c.detail));
    });
  }
  await t.test('Accept */* gets HTML', async () => {
    const r = await list('?size_min=-1', { accept: '*/*' });
    assert.match(r.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(r.text, /<title>400 Bad Request<\/title>/);
  });
});

test('paths, methods and versions', async (t) => {
  const { k, token } = await setup();
  const cases: { name: string; method: string; path: string; status: number; allow?: string }[] = [
    { name: '/v1 alias', method: 'GET', path: '/image/v1/images/detail', status: 200 },
    { name: '/v1.0 alias', method: 'GET', path: '/image/v1.0/images/detail', status: 200 },
    { name: 'index', method: 'GET', path: '/image/v1/images', status: 200 },
    { name: 'HEAD on detail', method: 'HEAD', path: DETAIL, status: 405, allow: 'GET' },
    { name: 'POST on detail', method: 'POST', path: DETAIL, status: 405, allow: 'GET' },
    { name: 'unknown suffix', method: 'GET', path: '/image/v1/images/detail.xxx', status: 404 },
    { name: 'unknown version', method: 'GET', path: '/image/v9/images/detail', status: 300 },
    // The catalog documents GET / (Querying API Versions) with 200: its document, not webob's 300.
    { name: 'root versions', method: 'GET', path: '/image/', status: 200 },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const r = await k.call(c.path, { method: c.method, token });
      assert.equal(r.status, c.status, r.text);
      if (c.allow) assert.equal(r.headers.get('allow'), c.allow);
    });
  }
  await t.test('private images of another project stay hidden', async () => {
    const alt = await k.token(undefined, { project: { id: k.cred.otherProjectId } });
    const mine = (await k.call(`${DETAIL}?limit=1000`, { token })).json.images;
    const theirs = (await k.call(`${DETAIL}?limit=1000`, { token: alt })).json.images;
    for (const img of mine) assert.ok(img.is_public || img.owner === k.cred.projectId);
    for (const img of theirs) assert.ok(img.is_public || img.owner === k.cred.otherProjectId);
    assert.notDeepEqual(
      mine.map((i: any) => i.id),
      theirs.map((i: any) => i.id),
    );
  });
});

test('variants: default page size and timestamp form', async () => {
  const ten = await setup({ variant: 'image-page-size-10' });
  assert.equal((await ten.list()).json.images.length, 10);
  const seconds = await setup({ variant: 'glance-no-fraction' });
  assert.match((await seconds.list()).json.images[0].created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  const z = await setup({ variant: 'glance-utc-z' });
  assert.match((await z.list()).json.images[0].created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
});

test('Glance v2 served by the core: version documents without a token, tag and typed filters, ordering', async (t) => {
  const { k, token } = await setup();
  const root = await k.call('/image/', {});
  assert.equal(root.status, 200, 'GET / answers without a token');
  const versions = (root.json.versions as { id: string }[]).map((v) => v.id);
  const cases: { name: string; path: string; token: boolean; status: number }[] = [
    { name: 'a listed version, no token', path: `/image/${versions[0]}`, token: false, status: 200 },
    { name: 'an unknown version', path: '/image/v9.99', token: true, status: 404 },
    { name: 'the image list needs a token', path: '/image/v2/images', token: false, status: 401 },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const r = await k.call(c.path, c.token ? { token } : {});
      assert.equal(r.status, c.status, r.text);
    });
  }
  const images = (await k.call('/image/v2/images?limit=1000', { token })).json.images as Record<string, any>[];
  assert.ok(images.length > 2);
  const tag = images.flatMap((i) => i.tags as string[])[0]!;
  const filters: { name: string; query: string; want: (i: Record<string, any>) => boolean }[] = [
    { name: 'tag tests membership in tags', query: `tag=${tag}`, want: (i) => i.tags.includes(tag) },
    { name: 'tag of no image', query: 'tag=cac-no-such-tag', want: () => false },
    {
      name: 'an integer filter',
      query: `min_ram=${images[0]!.min_ram}`,
      want: (i) => i.min_ram === images[0]!.min_ram,
    },
    { name: 'a boolean filter', query: 'protected=false', want: (i) => i.protected === false },
    { name: 'a filter on what no item shows', query: 'member_status=accepted', want: () => false },
  ];
  for (const f of filters) {
    await t.test(f.name, async () => {
      const r = await k.call(`/image/v2/images?limit=1000&${f.query}`, { token });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(
        (r.json.images as Record<string, any>[]).map((i) => i.id).sort(),
        images
          .filter(f.want)
          .map((i) => i.id)
          .sort(),
      );
    });
  }
  await t.test('sort_key and sort_dir order the list', async () => {
    for (const dir of ['asc', 'desc']) {
      const r = await k.call(`/image/v2/images?limit=1000&sort_key=name&sort_dir=${dir}`, { token });
      const names = (r.json.images as Record<string, any>[]).map((i) => i.name as string);
      const sorted = [...names].sort();
      assert.deepEqual(names, dir === 'asc' ? sorted : sorted.reverse(), dir);
    }
  });
});
