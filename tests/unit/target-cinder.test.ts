// Cinder backup summary list on the reference target: microversions, filters, paging, links, count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeClient, ORIGIN } from '../support/target-client.ts';

async function setup(opts = {}) {
  const k = makeClient(opts);
  const token = await k.token();
  const list = (query = '', version?: string, path = 'backups') =>
    k.call(`${k.cinder()}/${path}${query}`, {
      token,
      headers: version ? { 'openstack-api-version': `volume ${version}` } : {},
    });
  /** Follows next links from a first URL; returns every id and the pages. */
  const walk = async (query: string, version?: string) => {
    const ids: string[] = [];
    let pages = 0;
    let url: string | undefined = `${k.cinder()}/backups${query}`;
    while (url && pages < 200) {
      const r = await k.call(url, { token, headers: version ? { 'openstack-api-version': `volume ${version}` } : {} });
      assert.equal(r.status, 200, r.text);
      ids.push(...r.json.backups.map((b: any) => b.id));
      pages++;
      const next: string | undefined = r.json.backups_links?.find((l: any) => l.rel === 'next')?.href;
      url = next?.slice(ORIGIN.length);
    }
    return { ids, pages };
  };
  return { k, token, list, walk };
}

test('microversion negotiation echoes the served version', async (t) => {
  const { k, token } = await setup();
  const cases: { name: string; header?: string; status: number; echo?: string; fault?: string }[] = [
    { name: 'no header means 3.0', status: 200, echo: 'volume 3.0' },
    { name: 'volume 3.45', header: 'volume 3.45', status: 200, echo: 'volume 3.45' },
    { name: 'latest', header: 'volume latest', status: 200, echo: 'volume 3.71' },
    { name: 'another service only', header: 'compute 2.90', status: 200, echo: 'volume 3.0' },
    { name: 'several services', header: 'compute 2.1, volume 3.50', status: 200, echo: 'volume 3.50' },
    { name: 'malformed', header: 'volume 3.x', status: 400, fault: 'badRequest' },
    { name: 'above the maximum', header: 'volume 3.99', status: 406, fault: 'computeFault' },
    { name: 'below the minimum', header: 'volume 2.0', status: 406, fault: 'computeFault' },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const r = await k.call(`${k.cinder()}/backups`, {
        token,
        headers: c.header ? { 'OpenStack-API-Version': c.header } : {},
      });
      assert.equal(r.status, c.status, r.text);
      if (c.echo) {
        assert.equal(r.headers.get('openstack-api-version'), c.echo);
        assert.equal(r.headers.get('vary'), 'OpenStack-API-Version');
      }
      if (c.fault) assert.equal(r.json[c.fault].code, c.status);
    });
  }
  await t.test('errors after negotiation echo too', async () => {
    const r = await k.call(`${k.cinder()}/backups?limit=x`, {
      token,
      headers: { 'OpenStack-API-Version': 'volume 3.45' },
    });
    assert.equal(r.status, 400);
    assert.equal(r.headers.get('openstack-api-version'), 'volume 3.45');
  });
  await t.test('versions document gives the range', async () => {
    const r = await k.call('/volume/');
    assert.equal(r.status, 300);
    assert.equal(r.json.versions[0].min_version, '3.0');
    assert.equal(r.json.versions[0].version, '3.71');
  });
});

test('items and links are Cinder summary items', async () => {
  const { list, k } = await setup();
  const r = await list('?limit=3');
  assert.deepEqual(Object.keys(r.json), ['backups', 'backups_links']);
  for (const b of r.json.backups) {
    assert.deepEqual(Object.keys(b).sort(), ['id', 'links', 'name']);
    assert.deepEqual(b.links, [
      { rel: 'self', href: `${ORIGIN}/volume/v3/${k.cred.projectId}/backups/${b.id}` },
      { rel: 'bookmark', href: `${ORIGIN}/volume/${k.cred.projectId}/backups/${b.id}` },
    ]);
  }
  const self = await k.call(r.json.backups[0].links[0].href.slice(ORIGIN.length), { token: await k.token() });
  assert.equal(self.status, 200);
  assert.equal(self.json.backup.id, r.json.backups[0].id);
});

test('next links: present exactly on full pages, same origin, query kept, marker last', async (t) => {
  const { list, walk } = await setup();
  const everything = (await list()).json.backups.map((b: any) => b.id);
  assert.equal(everything.length, 40);
  const cases: { name: string; query: string; link: boolean; href?: RegExp }[] = [
    { name: 'no limit, 40 backups, limit 1000', query: '', link: false },
    { name: 'limit below the total', query: '?limit=7', link: true, href: /\/backups\?limit=7&marker=[0-9a-f-]{36}$/ },
    { name: 'limit equal to the total (full page)', query: '?limit=40', link: true },
    { name: 'limit above the total', query: '?limit=41', link: false },
    {
      name: 'filters and sort are carried',
      query: '?status=available&limit=2&sort=created_at:desc',
      link: true,
      href: /\?status=available&limit=2&sort=created_at%3Adesc&marker=/,
    },
    {
      name: 'a marker in the request moves to the end',
      query: `?marker=${everything[0]}&limit=2`,
      link: true,
      href: /\?limit=2&marker=/,
    },
    { name: 'limit=0 is empty without a link', query: '?limit=0', link: false },
    { name: 'short last page', query: '?limit=7&offset=35', link: false },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const r = await list(c.query);
      assert.equal(r.status, 200, r.text);
      assert.equal('backups_links' in r.json, c.link, JSON.stringify(r.json.backups_links));
      if (c.link) {
        const [l] = r.json.backups_links;
        assert.equal(l.rel, 'next');
        assert.ok(l.href.startsWith(`${ORIGIN}/volume/v3/`));
        assert.ok(l.href.endsWith(`marker=${r.json.backups.at(-1).id}`));
        if (c.href) assert.match(l.href, c.href);
      }
    });
  }
  await t.test('the native path links to itself', async () => {
    const r = await list('?limit=5', undefined, 'native/backups');
    assert.match(r.json.backups_links[0].href, /\/native\/backups\?limit=5&marker=/);
  });
  for (const limit of [1, 7, 10, 40]) {
    await t.test(`a walk with limit=${limit} sees every backup once, in order`, async () => {
      const { ids } = await walk(`?limit=${limit}`);
      assert.deepEqual(ids, everything);
    });
  }
});

test('offset, marker and limit validation', async (t) => {
  const { list } = await setup();
  const everything = (await list()).json.backups.map((b: any) => b.id);
  const ok: { name: string; query: string; want: string[] }[] = [
    { name: 'offset skips', query: '?offset=3&limit=2', want: everything.slice(3, 5) },
    { name: 'marker then offset', query: `?marker=${everything[1]}&offset=2&limit=2`, want: everything.slice(4, 6) },
    { name: 'limit above the cap is clamped', query: '?limit=5000', want: everything },
    { name: 'sort by id ascending', query: '?sort_key=id&sort_dir=asc&limit=1000', want: [...everything].sort() },
  ];
  for (const c of ok) {
    await t.test(c.name, async () => {
      const r = await list(c.query);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(
        r.json.backups.map((b: any) => b.id),
        c.want,
      );
    });
  }
  const bad: { query: string; status: number; fault: string; message: string; version?: string }[] = [
    { query: '?limit=abc', status: 400, fault: 'badRequest', message: 'limit param must be an integer' },
    { query: '?limit=-1', status: 400, fault: 'badRequest', message: 'limit param must be positive' },
    { query: '?offset=x', status: 400, fault: 'badRequest', message: 'offset must be an integer' },
    { query: '?offset=-1', status: 400, fault: 'badRequest', message: 'offset must be >= 0' },
    { query: '?offset=2147483648', status: 400, fault: 'badRequest', message: 'offset must be <= 2147483647' },
    {
      query: '?marker=00000000-0000-4000-8000-000000000000',
      status: 404,
      fault: 'itemNotFound',
      message: 'Backup 00000000-0000-4000-8000-000000000000 could not be found.',
    },
    {
      query: '?sort_dir=up',
      status: 400,
      fault: 'badRequest',
      message: "Invalid input received: Unknown sort direction, must be 'desc' or 'asc'.",
    },
    { query: '?sort_key=name', status: 400, fault: 'badRequest', message: 'Invalid input received: Invalid sort key' },
    {
      query: '?sort=id&sort_key=id',
      status: 400,
      fault: 'badRequest',
      message: "The 'sort_key' and 'sort_dir' parameters are deprecated and cannot be used with the 'sort' parameter.",
    },
  ];
  for (const c of bad) {
    await t.test(c.query, async () => {
      const r = await list(c.query, c.version);
      assert.equal(r.status, c.status, r.text);
      assert.deepEqual(r.json, { [c.fault]: { code: c.status, message: c.message } });
    });
  }
  await t.test('sort_key=name works from 3.37', async () => {
    assert.equal((await list('?sort_key=name', '3.37')).status, 200);
  });
});

test('filters, like filters and with_count by microversion', async (t) => {
  const { list } = await setup();
  const all = async (query: string, version?: string) => {
    const r = await list(query, version);
    return r;
  };
  const names = (r: any) => r.json.backups.map((b: any) => b.name);
  const cases: { name: string; query: string; version?: string; status: number; check?: (r: any) => void }[] = [
    {
      name: 'name is exact',
      query: '?name=nightly-000000',
      status: 200,
      check: (r) => assert.deepEqual(names(r), ['nightly-000000']),
    },
    { name: 'status narrows', query: '?status=error', status: 200, check: (r) => assert.ok(r.json.backups.length > 0) },
    {
      name: 'unknown status value is simply empty',
      query: '?status=bogus',
      status: 200,
      check: (r) => assert.equal(r.json.backups.length, 0),
    },
    {
      name: 'unknown filter below 3.31 is dropped',
      query: '?colour=blue',
      status: 200,
      check: (r) => assert.equal(r.json.backups.length, 40),
    },
    { name: 'unknown filter from 3.31 is refused', query: '?colour=blue', version: '3.31', status: 400 },
    {
      name: 'name~ below 3.31 is dropped',
      query: '?name~=weekly',
      status: 200,
      check: (r) => assert.equal(r.json.backups.length, 40),
    },
    {
      name: 'name~ at 3.45 matches substrings',
      query: '?name~=WEEKLY',
      version: '3.45',
      status: 200,
      check: (r) => {
        assert.ok(names(r).length > 0);
        for (const n of names(r)) assert.match(n, /weekly/);
      },
    },
    {
      name: 'status~ at 3.31',
      query: '?status~=error',
      version: '3.31',
      status: 200,
      check: (r) => assert.ok(r.json.backups.length > 0),
    },
    {
      name: 'with_count at 3.45 counts every match',
      query: '?with_count=true&limit=3&status=available',
      version: '3.45',
      status: 200,
      check: (r) => {
        assert.equal(r.json.backups.length, 3);
        assert.ok(r.json.count > 3);
        assert.deepEqual(Object.keys(r.json), ['backups', 'backups_links', 'count']);
      },
    },
    {
      name: 'with_count=false has no count',
      query: '?with_count=false',
      version: '3.45',
      status: 200,
      check: (r) => assert.equal('count' in r.json, false),
    },
    {
      name: 'with_count of no matches is 0',
      query: '?with_count=true&name=none',
      version: '3.45',
      status: 200,
      check: (r) => assert.equal(r.json.count, 0),
    },
    { name: 'with_count not a boolean', query: '?with_count=abc', version: '3.45', status: 400 },
    {
      name: 'with_count below 3.45 from 3.31 is an invalid filter',
      query: '?with_count=true',
      version: '3.44',
      status: 400,
    },
    {
      name: 'with_count below 3.31 is dropped',
      query: '?with_count=true',
      status: 200,
      check: (r) => assert.equal('count' in r.json, false),
    },
    { name: 'all_tenants is dropped', query: '?all_tenants=1', version: '3.45', status: 200 },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const r = await all(c.query, c.version);
      assert.equal(r.status, c.status, r.text);
      c.check?.(r);
    });
  }
  await t.test('count agrees with the filtered walk', async () => {
    const counted = (await list('?with_count=true&status=available', '3.45')).json.count;
    const listed = (await list('?status=available')).json.backups.length;
    assert.equal(counted, listed);
  });
});

test('scoping, paths and methods', async (t) => {
  const { k, token } = await setup();
  const cases: { name: string; method?: string; path: string; status: number; fault?: string }[] = [
    {
      name: 'other project in the path',
      path: `${k.cinder(k.cred.otherProjectId)}/backups`,
      status: 400,
      fault: 'badRequest',
    },
    { name: 'native path', path: `${k.cinder()}/native/backups`, status: 200 },
    { name: 'upstream path', path: `${k.cinder()}/backups`, status: 200 },
    { name: 'DELETE on the list', method: 'DELETE', path: `${k.cinder()}/backups`, status: 405, fault: 'badMethod' },
    { name: 'unknown resource', path: `${k.cinder()}/snapshots`, status: 404 },
    {
      name: 'unknown backup',
      path: `${k.cinder()}/backups/00000000-0000-4000-8000-000000000000`,
      status: 404,
      fault: 'itemNotFound',
    },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const r = await k.call(c.path, { method: c.method ?? 'GET', token });
      assert.equal(r.status, c.status, r.text);
      if (c.fault) assert.equal(r.json[c.fault].code, c.status);
    });
  }
  await t.test('the other project has its own backups', async () => {
    const alt = await k.token(undefined, { project: { id: k.cred.otherProjectId } });
    const r = await k.call(`${k.cinder(k.cred.otherProjectId)}/backups`, { token: alt });
    assert.equal(r.status, 200);
    assert.equal(r.json.backups.length, 5);
  });
});

test('variants of the backup list', async (t) => {
  await t.test('backups-max-limit-50', async () => {
    const { list } = await setup({ variant: 'backups-max-limit-50', backups: 120 });
    const r = await list();
    assert.equal(r.json.backups.length, 50);
    assert.ok(r.json.backups_links);
    assert.equal((await list('?limit=80')).json.backups.length, 50);
  });
  await t.test('backups-unknown-marker-400', async () => {
    const { list } = await setup({ variant: 'backups-unknown-marker-400' });
    const r = await list('?marker=00000000-0000-4000-8000-000000000000');
    assert.equal(r.status, 400);
    assert.equal(r.json.badRequest.code, 400);
  });
  await t.test('backups-upstream-path-only', async () => {
    const { list } = await setup({ variant: 'backups-upstream-path-only' });
    assert.equal((await list('', undefined, 'native/backups')).status, 404);
    assert.equal((await list()).status, 200);
  });
  await t.test('cinder-like-filters-3.34', async () => {
    const { list } = await setup({ variant: 'cinder-like-filters-3.34' });
    assert.equal((await list('?name~=weekly', '3.33')).status, 400);
    assert.equal((await list('?name~=weekly', '3.34')).status, 200);
  });
  await t.test('cinder-max-version-3.50', async () => {
    const { list } = await setup({ variant: 'cinder-max-version-3.50' });
    assert.equal((await list('', '3.51')).status, 406);
    assert.equal((await list('', '3.45')).status, 200);
  });
  await t.test('backups-count-links-upstream: a link on the last page while limit <= count', async () => {
    const { list } = await setup({ variant: 'backups-count-links-upstream' });
    const r = await list('?with_count=true&limit=7&offset=35', '3.45');
    assert.equal(r.json.backups.length, 5);
    assert.ok(r.json.backups_links);
  });
});

test('100000 backups page by index', async () => {
  const { list, k, token } = await setup({ backups: 100_000 });
  const first = await list('?limit=1000');
  assert.equal(first.json.backups.length, 1000);
  const last = await k.call(`${k.cinder()}/backups?limit=1000&offset=99500`, { token });
  assert.equal(last.json.backups.length, 500);
  assert.equal('backups_links' in last.json, false);
  const counted = await list('?with_count=true&limit=1&name~=weekly', '3.45');
  let walked = 0;
  let marker = '';
  for (let page = 0; page < 200; page++) {
    const r = await list(`?limit=1000&name~=weekly${marker}`, '3.45');
    walked += r.json.backups.length;
    if (!r.json.backups_links) break;
    marker = `&marker=${r.json.backups.at(-1).id}`;
  }
  assert.ok(counted.json.count > 10_000);
  assert.equal(counted.json.count, walked);
});

test('volumes: what a create or update sends is what is shown', async (t) => {
  const { k, token } = await setup();
  const volumes = `${k.cinder()}/volumes`;
  const create = async (volume: Record<string, unknown>) => {
    const r = await k.call(volumes, {
      method: 'POST',
      token,
      body: { volume: { size: 1, availability_zone: 'az1', ...volume } },
    });
    assert.equal(r.status, 202, r.text);
    return (r.json as any).volume;
  };
  const cases: { name: string; send: Record<string, unknown>; want: Record<string, unknown> }[] = [
    {
      name: 'shareable "false" (a string in the request, a boolean shown)',
      send: { multiattach: true, shareable: 'false' },
      want: { shareable: false, multiattach: true },
    },
    {
      name: 'shareable "true"',
      send: { shareable: 'true', multiattach: false },
      want: { shareable: true, multiattach: false },
    },
    {
      name: 'a metadata key the table does not name',
      send: { metadata: { 'cac-key': 'v1' } },
      want: { metadata: { 'cac-key': 'v1' } },
    },
    {
      name: 'a documented metadata key beside another',
      send: { metadata: { 'hw:passthrough': 'true', other: 'x' } },
      want: { metadata: { 'hw:passthrough': 'true', other: 'x' } },
    },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const made = await create(c.send);
      const shown = (await k.call(`${volumes}/${made.id}`, { token })).json as any;
      for (const [key, value] of Object.entries(c.want)) {
        assert.deepEqual(made[key], value, `create answer ${key}`);
        assert.deepEqual(shown.volume[key], value, `show ${key}`);
      }
    });
  }
  await t.test('an update replaces the metadata with the keys sent', async () => {
    const made = await create({ metadata: { a: '1' } });
    const r = await k.call(`${volumes}/${made.id}`, {
      method: 'PUT',
      token,
      body: { volume: { metadata: { b: '2' } } },
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual((r.json as any).volume.metadata, { b: '2' });
    const set = await k.call(`${volumes}/${made.id}/metadata`, {
      method: 'POST',
      token,
      body: { metadata: { c: '3' } },
    });
    assert.deepEqual((set.json as any).metadata, { b: '2', c: '3' });
    assert.deepEqual(((await k.call(`${volumes}/${made.id}`, { token })).json as any).volume.metadata, {
      b: '2',
      c: '3',
    });
  });
});

test('volumes: filters on attributes the listing does not show, and on metadata maps', async (t) => {
  const { k, token } = await setup();
  const volumes = `${k.cinder()}/volumes`;
  const all = ((await k.call(`${volumes}/detail`, { token })).json as any).volumes.length;
  const made = await k.call(volumes, {
    method: 'POST',
    token,
    body: { volume: { size: 1, availability_zone: 'az1', metadata: { tier: 'gold', zone: 'a' } } },
  });
  const id = (made.json as any).volume.id;
  const count = async (query: string, version?: string) => {
    const r = await k.call(`${volumes}/detail${query}`, {
      token,
      headers: version ? { 'openstack-api-version': `volume ${version}` } : {},
    });
    assert.equal(r.status, 200, r.text);
    return (r.json as any).volumes.map((v: any) => v.id) as string[];
  };
  const cases: { name: string; query: string; version?: string; want: (ids: string[]) => boolean }[] = [
    {
      name: 'migration_status: a volume made here never migrated',
      query: '?migration_status=migrating',
      want: (ids) => ids.length > 0 && !ids.includes(id),
    },
    {
      name: 'migration_status~ matches the values holding the text',
      query: '?migration_status~=migr',
      version: '3.34',
      want: (ids) => ids.length > 0 && !ids.includes(id),
    },
    {
      name: 'migration_status with another value matches nothing',
      query: '?migration_status=cac-none',
      want: (ids) => ids.length === 0,
    },
    {
      name: 'metadata as JSON: a subset matches',
      query: `?metadata=${encodeURIComponent('{"tier":"gold"}')}`,
      want: (ids) => ids.length === 1 && ids[0] === id,
    },
    {
      name: "metadata as a Python literal ({'key':'value'})",
      query: `?metadata=${encodeURIComponent("{'zone':'a'}")}`,
      want: (ids) => ids.length === 1 && ids[0] === id,
    },
    {
      name: 'metadata with another value matches nothing',
      query: `?metadata=${encodeURIComponent('{"tier":"lead"}')}`,
      want: (ids) => ids.length === 0,
    },
    {
      name: 'metadata that is no dict matches nothing',
      query: '?metadata=cac-matches-nothing',
      want: (ids) => ids.length === 0,
    },
    {
      name: 'glance_metadata filters volume_image_metadata',
      query: '?glance_metadata=cac-matches-nothing',
      version: '3.4',
      want: (ids) => ids.length === 0,
    },
    { name: 'no filter: every volume', query: '', want: (ids) => ids.length === all + 1 },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const ids = await count(c.query, c.version);
      assert.ok(c.want(ids), `${c.query} gave ${ids.length}: ${ids.join(', ')}`);
    });
  }
  await t.test('the documented values of migration_status part the seeded volumes', async () => {
    const parts = await Promise.all(
      ['starting', 'migrating', 'success', 'error'].map((v) => count(`?migration_status=${v}`)),
    );
    const seen = parts.flat();
    assert.ok(seen.length > 0 && seen.length < all, `${seen.length} of ${all}`);
    assert.equal(new Set(seen).size, seen.length, 'no volume in the results of two values');
  });
});
