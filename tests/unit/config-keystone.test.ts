// The Keystone pieces as pure functions: token request bodies per auth type, the identity base
// URL, endpoint selection from a catalog (types and aliases, interfaces, regions) and version
// documents. The network side is in config-connect.test.ts.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { selectEndpoint } from '../../src/config/endpoints.ts';
import { identityBase, tokenRequestBody, type CatalogEntry } from '../../src/config/keystone.ts';
import { rangeFromVersions, unversionedRoot } from '../../src/config/microversions.ts';
import type { AuthFields, AuthType, Interface } from '../../src/config/model.ts';

describe('token request body', () => {
  const table: Array<{ name: string; type: AuthType; auth: AuthFields; want: object }> = [
    {
      name: 'password, user and project by name with domains',
      type: 'password',
      auth: {
        username: 'demo',
        password: 'pw',
        userDomainName: 'Default',
        projectName: 'demo',
        projectDomainId: 'default',
      },
      want: {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: 'demo', domain: { name: 'Default' }, password: 'pw' } },
          },
          scope: { project: { name: 'demo', domain: { id: 'default' } } },
        },
      },
    },
    {
      name: 'password, user and project by id',
      type: 'password',
      auth: { userId: 'u1', password: 'pw', projectId: 'p1', projectName: 'ignored' },
      want: {
        auth: {
          identity: { methods: ['password'], password: { user: { id: 'u1', password: 'pw' } } },
          scope: { project: { id: 'p1' } },
        },
      },
    },
    {
      name: 'password without a project: no scope, Keystone uses the default project',
      type: 'password',
      auth: { userId: 'u1', password: 'pw' },
      want: { auth: { identity: { methods: ['password'], password: { user: { id: 'u1', password: 'pw' } } } } },
    },
    {
      name: 'token, rescoped to a project',
      type: 'token',
      auth: { token: 't1', projectId: 'p1' },
      want: { auth: { identity: { methods: ['token'], token: { id: 't1' } }, scope: { project: { id: 'p1' } } } },
    },
    {
      name: 'application credential by id: no scope',
      type: 'v3applicationcredential',
      auth: { applicationCredentialId: 'ac1', applicationCredentialSecret: 's1', projectId: 'ignored' },
      want: {
        auth: {
          identity: { methods: ['application_credential'], application_credential: { id: 'ac1', secret: 's1' } },
        },
      },
    },
    {
      name: 'application credential by name and user',
      type: 'v3applicationcredential',
      auth: {
        applicationCredentialName: 'ci',
        applicationCredentialSecret: 's1',
        username: 'demo',
        userDomainId: 'default',
      },
      want: {
        auth: {
          identity: {
            methods: ['application_credential'],
            application_credential: { name: 'ci', user: { name: 'demo', domain: { id: 'default' } }, secret: 's1' },
          },
        },
      },
    },
  ];
  for (const t of table) {
    it(t.name, () => assert.deepEqual(tokenRequestBody(t.type, t.auth), t.want));
  }
  it('admin_token and none never build a Keystone body', () => {
    assert.throws(() => tokenRequestBody('admin_token', { token: 't' }));
    assert.throws(() => tokenRequestBody('none', {}));
  });
});

describe('identity base', () => {
  const table: Array<[string, string]> = [
    ['http://127.0.0.1:5000', 'http://127.0.0.1:5000/v3'],
    ['http://127.0.0.1:5000/', 'http://127.0.0.1:5000/v3'],
    ['http://127.0.0.1:5000/v3', 'http://127.0.0.1:5000/v3'],
    ['http://127.0.0.1:5000/v3/', 'http://127.0.0.1:5000/v3'],
    ['https://cloud.test/identity', 'https://cloud.test/identity/v3'],
    ['https://cloud.test/identity/v3?x=1', 'https://cloud.test/identity/v3'],
  ];
  for (const [given, want] of table) it(`${given} → ${want}`, () => assert.equal(identityBase(given), want));
  it('refuses Identity v2.0', () => assert.throws(() => identityBase('http://127.0.0.1:5000/v2.0'), /Identity v2.0/));
});

describe('endpoint selection', () => {
  const ep = (url: string, iface: string, region = 'RegionOne') => ({
    interface: iface,
    region,
    region_id: region,
    url,
  });
  const catalog: CatalogEntry[] = [
    {
      type: 'orchestration',
      endpoints: [
        ep('http://pub/heat/v1/p', 'public'),
        ep('http://int/heat/v1/p', 'internal'),
        ep('http://two/heat/v1/p', 'public', 'RegionTwo'),
      ],
    },
    { type: 'volumev2', endpoints: [ep('http://pub/v2/p', 'public')] },
    { type: 'volumev3', endpoints: [ep('http://pub/v3/p', 'public')] },
    { type: 'image', endpoints: [ep('http://int/image', 'internal')] },
  ];
  const table: Array<{
    name: string;
    service: 'orchestration' | 'image' | 'block-storage';
    interfaces: Interface[];
    region?: string;
    want: string | RegExp;
  }> = [
    {
      name: 'public by default, first region when none is asked',
      service: 'orchestration',
      interfaces: ['public'],
      want: 'http://pub/heat/v1/p',
    },
    { name: 'internal when asked', service: 'orchestration', interfaces: ['internal'], want: 'http://int/heat/v1/p' },
    {
      name: 'region filter by name',
      service: 'orchestration',
      interfaces: ['public'],
      region: 'RegionTwo',
      want: 'http://two/heat/v1/p',
    },
    {
      name: 'highest-priority interface of a list',
      service: 'orchestration',
      interfaces: ['internal', 'public'],
      want: 'http://int/heat/v1/p',
    },
    {
      name: 'block-storage through its aliases, volumev3 before volumev2',
      service: 'block-storage',
      interfaces: ['public'],
      want: 'http://pub/v3/p',
    },
    {
      name: 'interface not offered lists the ones found',
      service: 'image',
      interfaces: ['public'],
      want: /no public endpoint \(interfaces found: internal\)/,
    },
    {
      name: 'fallback interface in a list',
      service: 'image',
      interfaces: ['public', 'internal'],
      want: 'http://int/image',
    },
    {
      name: 'unknown region lists the regions found',
      service: 'orchestration',
      interfaces: ['public'],
      region: 'Mars',
      want: /no endpoint in region Mars \(regions found: RegionOne, RegionTwo\)/,
    },
  ];
  for (const t of table) {
    it(t.name, () => {
      const s = selectEndpoint(catalog, t.service, { interfaces: t.interfaces, regionName: t.region });
      if (typeof t.want === 'string') {
        assert.ok(s.ok, s.ok ? '' : s.reason);
        assert.equal(s.choice.url, t.want);
      } else {
        assert.ok(!s.ok);
        assert.match(s.reason, t.want);
      }
    });
  }
  it('warns when several endpoints remain and takes the first', () => {
    const s = selectEndpoint(catalog, 'orchestration', { interfaces: ['public'] });
    assert.ok(s.ok);
    assert.match(s.warning ?? '', /2 public endpoints of type orchestration match \(no region_name set\)/);
  });
  it('the official type wins over an alias', () => {
    const s = selectEndpoint(
      [...catalog, { type: 'block-storage', endpoints: [ep('http://official/v3/p', 'public')] }],
      'block-storage',
      { interfaces: ['public'] },
    );
    assert.ok(s.ok);
    assert.equal(s.choice.url, 'http://official/v3/p');
    assert.equal(s.choice.type, 'block-storage');
  });
  it('a service absent from the catalog is not served', () => {
    const s = selectEndpoint([], 'image', { interfaces: ['public'] });
    assert.ok(!s.ok);
    assert.match(s.reason, /lists no service of type image/);
  });
});

describe('version discovery documents', () => {
  const roots: Array<[string, string | undefined, string]> = [
    ['http://h/volume/v3/p0ffee', 'p0ffee', 'http://h/volume/'],
    ['http://h:8776/v3/p0ffee/', 'p0ffee', 'http://h:8776/'],
    ['http://h:8776/v3', undefined, 'http://h:8776/'],
    ['http://h:8776/v3/other', 'p0ffee', 'http://h:8776/v3/other/'],
  ];
  for (const [endpoint, project, want] of roots)
    it(`root of ${endpoint} → ${want}`, () => assert.equal(unversionedRoot(endpoint, project), want));

  const docs: Array<[string, unknown, unknown]> = [
    [
      'Cinder root (300)',
      {
        versions: [
          { id: 'v2.0', version: '', min_version: '' },
          { id: 'v3.0', version: '3.71', min_version: '3.0' },
        ],
      },
      { min: '3.0', max: '3.71' },
    ],
    [
      'a single version object',
      { version: { id: 'v3.0', version: '3.60', min_version: '3.0' } },
      { min: '3.0', max: '3.60' },
    ],
    ['no microversions advertised', { versions: [{ id: 'v3.0', version: '', min_version: '' }] }, undefined],
    ['not a versions document', { images: [] }, undefined],
    ['null', null, undefined],
  ];
  for (const [name, doc, want] of docs) it(name, () => assert.deepEqual(rangeFromVersions(doc), want));
});
