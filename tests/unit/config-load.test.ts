// loadConfiguration: openstacksdk's file search, secure.yaml, OS_CLOUD, the envvars cloud, .env,
// YAML 1.1, auth types, per-service keys and their aliases. Each test builds its own directories.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../support/temp.ts';
import {
  loadConfiguration,
  type Configuration,
  type EmbeddedConfig,
  type ResolvedConfig,
} from '../../src/config/index.ts';

interface Sandbox {
  root: string;
  cwd: string;
  home: string;
  etc: string;
  write(rel: string, text: string): string;
  load(env?: Record<string, string>, cloud?: string): Configuration;
}

function sandbox(files: Record<string, string> = {}): Sandbox {
  const root = tempDir('config-load');
  const sb: Sandbox = {
    root,
    cwd: join(root, 'work'),
    home: join(root, 'home'),
    etc: join(root, 'etc'),
    write(rel, text) {
      const p = join(root, rel);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, text);
      return p;
    },
    load(env = {}, cloud) {
      return loadConfiguration({ env, cwd: sb.cwd, home: sb.home, etcDir: sb.etc, cloud });
    },
  };
  mkdirSync(sb.cwd, { recursive: true });
  mkdirSync(sb.home, { recursive: true });
  for (const [rel, text] of Object.entries(files)) sb.write(rel, text);
  return sb;
}

function resolved(c: Configuration): ResolvedConfig {
  assert.equal(c.embedded, false, `expected a cloud, got the embedded target (${(c as EmbeddedConfig).reason})`);
  return c as ResolvedConfig;
}

const cloudMarked = (mark: string) =>
  `clouds:\n  c:\n    auth: {auth_url: "http://127.0.0.1:5000/v3", username: u, password: p}\n    region_name: ${mark}\n`;
const jsonMarked = (mark: string) =>
  JSON.stringify({
    clouds: { c: { auth: { auth_url: 'http://127.0.0.1:5000/v3', username: 'u', password: 'p' }, region_name: mark } },
  });

describe('clouds file search order', () => {
  const table: Array<{ given: Record<string, string>; env?: Record<string, string>; want: string }> = [
    {
      given: { 'work/clouds.yaml': 'cwd-yaml', 'home/.config/openstack/clouds.yaml': 'home', 'etc/clouds.yaml': 'etc' },
      want: 'cwd-yaml',
    },
    {
      given: {
        'work/clouds.yml': 'cwd-yml',
        'work/clouds.json': 'cwd-json',
        'home/.config/openstack/clouds.yaml': 'home',
      },
      want: 'cwd-yml',
    },
    { given: { 'work/clouds.json': 'cwd-json', 'home/.config/openstack/clouds.yaml': 'home' }, want: 'cwd-json' },
    { given: { 'home/.config/openstack/clouds.yml': 'home-yml', 'etc/clouds.yaml': 'etc' }, want: 'home-yml' },
    { given: { 'etc/clouds.yaml': 'etc' }, want: 'etc' },
    {
      given: { 'work/clouds.yaml': 'cwd-yaml', 'elsewhere/my.yaml': 'explicit' },
      env: { OS_CLIENT_CONFIG_FILE: '../elsewhere/my.yaml' },
      want: 'explicit',
    },
    {
      given: { 'home/.config/openstack/clouds.yaml': 'home', 'xdg/openstack/clouds.yaml': 'xdg' },
      env: { XDG_CONFIG_HOME: 'XDG' },
      want: 'xdg',
    },
  ];
  for (const { given, env, want } of table) {
    it(`${Object.keys(given).join(' + ')}${env ? ` with ${Object.keys(env).join(', ')}` : ''} → ${want}`, () => {
      const sb = sandbox();
      for (const [rel, mark] of Object.entries(given))
        sb.write(rel, rel.endsWith('.json') ? jsonMarked(mark) : cloudMarked(mark));
      const e = Object.fromEntries(
        Object.entries(env ?? {}).map(([k, v]) => [k, v === 'XDG' ? join(sb.root, 'xdg') : v]),
      );
      const c = resolved(sb.load({ OS_CLOUD: 'c', ...e }));
      assert.equal(c.regionName, want);
    });
  }
});

describe('secure.yaml', () => {
  it('is merged over clouds.yaml, cloud by cloud, and its values win', () => {
    const sb = sandbox({
      'work/clouds.yaml':
        'clouds:\n  c:\n    auth: {auth_url: "http://127.0.0.1:5000/v3", username: u, password: placeholder}\n',
      'home/.config/openstack/secure.yaml':
        'clouds:\n  c:\n    auth: {password: from-secure}\n  other:\n    auth: {password: x}\n',
    });
    const c = resolved(sb.load({ OS_CLOUD: 'c' }));
    assert.equal(c.auth.password, 'from-secure');
    assert.equal(c.auth.username, 'u');
    assert.equal(c.secureFile, join(sb.home, '.config/openstack/secure.yaml'));
    assert.equal(c.origins['auth.password']?.file, c.secureFile);
  });
  it('is found through OS_CLIENT_SECURE_FILE', () => {
    const sb = sandbox({
      'work/clouds.yaml': 'clouds:\n  c:\n    auth: {auth_url: "http://127.0.0.1:5000/v3", username: u}\n',
      'vault/s.yaml': 'clouds:\n  c:\n    auth: {password: vaulted}\n',
    });
    const c = resolved(sb.load({ OS_CLOUD: 'c', OS_CLIENT_SECURE_FILE: join(sb.root, 'vault/s.yaml') }));
    assert.equal(c.auth.password, 'vaulted');
  });
});

describe('choosing the cloud', () => {
  const twoClouds =
    'clouds:\n' +
    '  alpha:\n    auth: {auth_url: "http://127.0.0.1:5000/v3", username: a, password: pa}\n' +
    '  beta:\n    auth: {auth_url: "http://127.0.0.1:5001/v3", username: b, password: pb}\n';
  const table: Array<{ name: string; env: Record<string, string>; cloud?: string; want: string }> = [
    { name: 'OS_CLOUD selects', env: { OS_CLOUD: 'beta' }, want: 'beta' },
    { name: 'the cloud option wins over OS_CLOUD', env: { OS_CLOUD: 'beta' }, cloud: 'alpha', want: 'alpha' },
    {
      name: 'OS_* naming an auth URL form the envvars cloud',
      env: { OS_AUTH_URL: 'http://127.0.0.1:5002/v3', OS_USERNAME: 'e', OS_PASSWORD: 'pe' },
      want: 'envvars',
    },
    {
      name: 'OS_CLOUD_NAME renames the envvars cloud',
      env: { OS_CLOUD_NAME: 'ci', OS_AUTH_URL: 'http://127.0.0.1:5002/v3', OS_USERNAME: 'e', OS_PASSWORD: 'pe' },
      want: 'ci',
    },
    {
      name: 'OS_CLOUD=envvars selects the variables',
      env: {
        OS_CLOUD: 'envvars',
        OS_AUTH_TYPE: 'admin_token',
        OS_TOKEN: 't',
        OS_PROJECT_ID: 'p',
        OS_IMAGE_ENDPOINT_OVERRIDE: 'http://127.0.0.1:9292',
      },
      want: 'envvars',
    },
  ];
  for (const t of table) {
    it(`${t.name} → ${t.want}`, () => {
      const sb = sandbox({ 'work/clouds.yaml': twoClouds });
      assert.equal(resolved(sb.load(t.env, t.cloud)).cloudName, t.want);
    });
  }

  it('with OS_CLOUD, other OS_* variables override the cloud (the openstack CLI behaviour)', () => {
    const sb = sandbox({ 'work/clouds.yaml': twoClouds });
    const c = resolved(sb.load({ OS_CLOUD: 'alpha', OS_PASSWORD: 'from-env', OS_REGION_NAME: 'RegionTwo' }));
    assert.equal(c.cloudName, 'alpha');
    assert.equal(c.auth.username, 'a');
    assert.equal(c.auth.password, 'from-env');
    assert.equal(c.regionName, 'RegionTwo');
    assert.deepEqual(c.origins['auth.password'], { variable: 'OS_PASSWORD', file: undefined, line: undefined });
  });

  const embeddedTable: Array<{
    name: string;
    files: Record<string, string>;
    env: Record<string, string>;
    ignored: string[];
  }> = [
    { name: 'nothing at all', files: {}, env: {}, ignored: [] },
    {
      name: 'a clouds.yaml with one cloud but no OS_CLOUD',
      files: { 'work/clouds.yaml': cloudMarked('r') },
      env: {},
      ignored: [],
    },
    {
      name: 'only modifiers (region, interface, project)',
      files: {},
      env: { OS_REGION_NAME: 'R', OS_INTERFACE: 'internal', OS_PROJECT_ID: 'p', OS_IDENTITY_API_VERSION: '3' },
      ignored: ['OS_IDENTITY_API_VERSION', 'OS_INTERFACE', 'OS_PROJECT_ID', 'OS_REGION_NAME'],
    },
    { name: 'empty OS_AUTH_URL', files: {}, env: { OS_AUTH_URL: '' }, ignored: [] },
  ];
  for (const t of embeddedTable) {
    it(`${t.name} → the embedded target`, () => {
      const sb = sandbox(t.files);
      const c = sb.load(t.env);
      assert.equal(c.embedded, true);
      assert.deepEqual((c as EmbeddedConfig).ignoredVariables, t.ignored);
    });
  }
});

describe('.env', () => {
  it('supplies unset variables, never overrides set ones, and leaves process.env alone', () => {
    const sb = sandbox({
      'work/.env':
        'OS_AUTH_URL=http://127.0.0.1:5000/v3\nOS_USERNAME=from-dotenv\nOS_PASSWORD=pw-dotenv\nCONFORMANCE_MAX_PAGES=7\nCONFIG_LOAD_TEST_MARKER=1\n',
    });
    const c = resolved(sb.load({ OS_USERNAME: 'from-shell', CONFORMANCE_MAX_PAGES: '' }));
    assert.equal(c.auth.username, 'from-shell');
    assert.equal(c.auth.password, 'pw-dotenv');
    assert.equal(c.origins['auth.password']?.file, join(sb.cwd, '.env'));
    assert.equal(c.origins['auth.password']?.line, 3);
    // Set-but-empty counts as set (dotenv's rule), so the default limit stays.
    assert.equal(c.run.limits.maxPages, 2000);
    assert.equal(c.envFile, join(sb.cwd, '.env'));
    assert.equal(process.env.CONFIG_LOAD_TEST_MARKER, undefined);
  });
  it('can name the cloud', () => {
    const sb = sandbox({ 'work/.env': 'OS_CLOUD=c\n', 'work/clouds.yaml': cloudMarked('via-dotenv') });
    assert.equal(resolved(sb.load({})).regionName, 'via-dotenv');
  });
});

describe('YAML 1.1 and value folding', () => {
  it('reads yes/no/on/off as booleans, as PyYAML does', () => {
    const sb = sandbox({
      'work/clouds.yaml':
        'clouds:\n  c:\n    auth: {auth_url: "https://127.0.0.1:5000/v3", username: u, password: p}\n    verify: no\n',
      'work/clouds2.yaml':
        'clouds:\n  c:\n    auth: {auth_url: "https://127.0.0.1:5000/v3", username: u, password: p}\n    insecure: on\n',
    });
    assert.deepEqual(resolved(sb.load({ OS_CLOUD: 'c' })).tls, { verify: false, insecure: true });
    assert.deepEqual(resolved(sb.load({ OS_CLOUD: 'c', OS_CLIENT_CONFIG_FILE: 'clouds2.yaml' })).tls, {
      verify: false,
      insecure: true,
    });
    assert.deepEqual(
      resolved(sb.load({ OS_CLOUD: 'c', OS_CLIENT_CONFIG_FILE: 'clouds2.yaml', OS_INSECURE: 'false' })).tls,
      {
        verify: true,
        insecure: false,
      },
    );
  });

  const authTypes: Array<{ env: Record<string, string>; want: [string, string] }> = [
    { env: { OS_AUTH_URL: 'http://h/v3', OS_USERNAME: 'u', OS_PASSWORD: 'p' }, want: ['password', 'password'] },
    {
      env: { OS_AUTH_TYPE: 'v3password', OS_AUTH_URL: 'http://h/v3', OS_USER_ID: 'u', OS_PASSWORD: 'p' },
      want: ['password', 'v3password'],
    },
    { env: { OS_AUTH_URL: 'http://h/v3', OS_TOKEN: 't' }, want: ['token', 'token'] },
    { env: { OS_AUTH_TYPE: 'v3token', OS_AUTH_URL: 'http://h/v3', OS_AUTH_TOKEN: 't' }, want: ['token', 'v3token'] },
    {
      env: {
        OS_AUTH_TYPE: 'v3applicationcredential',
        OS_AUTH_URL: 'http://h/v3',
        OS_APPLICATION_CREDENTIAL_ID: 'i',
        OS_APPLICATION_CREDENTIAL_SECRET: 's',
      },
      want: ['v3applicationcredential', 'v3applicationcredential'],
    },
    {
      env: {
        OS_AUTH_TYPE: 'token_endpoint',
        OS_TOKEN: 't',
        OS_PROJECT_ID: 'p',
        OS_IMAGE_ENDPOINT_OVERRIDE: 'http://h:9292',
      },
      want: ['admin_token', 'token_endpoint'],
    },
    {
      env: { OS_TOKEN: 't', OS_ORCHESTRATION_ENDPOINT_OVERRIDE: 'http://h:8004/v1/p9' },
      want: ['admin_token', 'admin_token'],
    },
    { env: { OS_AUTH_TYPE: 'none', OS_IMAGE_ENDPOINT_OVERRIDE: 'http://h:9292' }, want: ['none', 'none'] },
  ];
  for (const t of authTypes) {
    it(`auth type from ${Object.keys(t.env).join(', ')} → ${t.want[0]}`, () => {
      const c = resolved(sandbox().load(t.env));
      assert.deepEqual([c.authType, c.authTypeConfigured], t.want);
    });
  }

  it('folds tenant_*, top-level auth keys and domains the way openstacksdk and the CLI do', () => {
    const sb = sandbox({
      'work/clouds.yaml':
        'clouds:\n  c:\n    auth_url: "http://127.0.0.1:5000/v3"\n    username: top\n    tenant_name: demo\n    password: p\n' +
        '    auth: {username: inner}\n    domain_name: Corp\n    endpoint_type: internalURL\n    regions: [R1, R2]\n',
    });
    const c = resolved(sb.load({ OS_CLOUD: 'c' }));
    assert.equal(c.auth.username, 'inner');
    assert.equal(c.auth.projectName, 'demo');
    assert.equal(c.auth.userDomainName, 'Corp');
    assert.equal(c.auth.projectDomainName, 'Corp');
    assert.deepEqual(c.interfaces, ['internal']);
    assert.equal(c.regionName, 'R1');
    assert.ok(c.warnings.some((w) => w.includes('clouds.c.username is ignored')));
  });

  it('defaults user and project domains to OS_DEFAULT_DOMAIN, else "default"', () => {
    const base = { OS_AUTH_URL: 'http://h/v3', OS_USERNAME: 'u', OS_PASSWORD: 'p', OS_PROJECT_NAME: 'demo' };
    const a = resolved(sandbox().load(base));
    assert.deepEqual([a.auth.userDomainId, a.auth.projectDomainId], ['default', 'default']);
    const b = resolved(sandbox().load({ ...base, OS_DEFAULT_DOMAIN: 'corp-id', OS_PROJECT_DOMAIN_NAME: 'Other' }));
    assert.deepEqual(
      [b.auth.userDomainId, b.auth.projectDomainName, b.auth.projectDomainId],
      ['corp-id', 'Other', undefined],
    );
  });

  it('accepts an interface list in order of preference', () => {
    const c = resolved(sandbox().load({ OS_AUTH_URL: 'http://h/v3', OS_TOKEN: 't', OS_INTERFACE: 'internal, public' }));
    assert.deepEqual(c.interfaces, ['internal', 'public']);
  });
});

describe('per-service settings and service-type aliases', () => {
  const table: Array<{ given: string; want: Record<string, unknown> }> = [
    {
      given: 'block_storage_endpoint_override: "http://127.0.0.1:8776/v3/p"',
      want: { endpointOverrides: { 'block-storage': 'http://127.0.0.1:8776/v3/p' } },
    },
    {
      given: 'volumev3_endpoint_override: "http://127.0.0.1:8776/v3/%(project_id)s"',
      want: { endpointOverrides: { 'block-storage': 'http://127.0.0.1:8776/v3/%(project_id)s' } },
    },
    {
      given: 'block-store-endpoint-override: "http://127.0.0.1:8776/v3/p"',
      want: { endpointOverrides: { 'block-storage': 'http://127.0.0.1:8776/v3/p' } },
    },
    {
      given: 'orchestration_endpoint_override: "http://127.0.0.1:8004/v1/p"',
      want: { endpointOverrides: { orchestration: 'http://127.0.0.1:8004/v1/p' } },
    },
    {
      given: 'image_endpoint_override: "http://127.0.0.1:9292"',
      want: { endpointOverrides: { image: 'http://127.0.0.1:9292' } },
    },
    { given: 'volume_api_version: 3', want: { apiVersions: { 'block-storage': '3' } } },
    { given: 'image_api_version: "1"', want: { apiVersions: { image: '1' } } },
    {
      given: 'block_storage_default_microversion: "3.45"',
      want: { defaultMicroversions: { 'block-storage': '3.45' } },
    },
    { given: 'volumev3_default_microversion: latest', want: { defaultMicroversions: { 'block-storage': 'latest' } } },
  ];
  for (const t of table) {
    it(`clouds.yaml ${t.given}`, () => {
      const sb = sandbox({
        'work/clouds.yaml': `clouds:\n  c:\n    auth: {auth_url: "http://127.0.0.1:5000/v3", username: u, password: p}\n    ${t.given}\n`,
      });
      const c = resolved(sb.load({ OS_CLOUD: 'c' }));
      for (const [field, value] of Object.entries(t.want)) assert.deepEqual(c[field as keyof ResolvedConfig], value);
    });
  }

  it('OS_<SERVICE>_ENDPOINT_OVERRIDE for every alias, and env beats the file', () => {
    const sb = sandbox({
      'work/clouds.yaml':
        'clouds:\n  c:\n    auth: {auth_url: "http://127.0.0.1:5000/v3", username: u, password: p}\n    volumev3_endpoint_override: "http://127.0.0.1:1/v3/p"\n',
    });
    const c = resolved(
      sb.load({
        OS_CLOUD: 'c',
        OS_VOLUME_ENDPOINT_OVERRIDE: 'http://127.0.0.1:2/v3/p',
        OS_ORCHESTRATION_ENDPOINT_OVERRIDE: 'http://127.0.0.1:3/v1/p',
      }),
    );
    assert.deepEqual(c.endpointOverrides, {
      orchestration: 'http://127.0.0.1:3/v1/p',
      'block-storage': 'http://127.0.0.1:2/v3/p',
    });
  });

  it('the admin_token measurement: OS_AUTH_TYPE, OS_TOKEN, OS_PROJECT_ID and three overrides', () => {
    const c = resolved(
      sandbox().load({
        OS_AUTH_TYPE: 'admin_token',
        OS_TOKEN: 'tok',
        OS_PROJECT_ID: 'p1',
        OS_ORCHESTRATION_ENDPOINT_OVERRIDE: 'http://127.0.0.1:8004/v1/p1',
        OS_BLOCK_STORAGE_ENDPOINT_OVERRIDE: 'http://127.0.0.1:8776/v3/p1',
        OS_IMAGE_ENDPOINT_OVERRIDE: 'http://127.0.0.1:9292',
      }),
    );
    assert.equal(c.authType, 'admin_token');
    assert.equal(c.auth.projectId, 'p1');
    assert.equal(Object.keys(c.endpointOverrides).length, 3);
  });
});
