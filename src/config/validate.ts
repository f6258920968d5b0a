// Turning a folded, stacked layer into a typed ResolvedConfig. Every rejection names the key as the
// user wrote it (clouds.mycloud.auth.password, or OS_PASSWORD) and the file and line it came from.
import { accessSync, constants, statSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import type { Service } from '../catalog/model.ts';
import { ConfigError } from './errors.ts';
import { LIMIT_VARIABLES, parseBoolean, positiveWhole, type RunOptions } from './env.ts';
import type { RawEntry } from './files.ts';
import { serviceKey, type Layer } from './layers.ts';
import type { AuthFields, AuthType, Interface, Origin, ResolvedConfig, TlsConfig } from './model.ts';
import { SERVICES } from './service-types.ts';

export interface CloudInput {
  cloudName: string;
  sourceFile?: string;
  secureFile?: string;
  envFile?: string;
  layer: Layer;
  warnings: string[];
  run: RunOptions;
  /** Relative cacert/cert/key paths are read from here, `~` is `home` (openstacksdk: expanduser, process cwd). */
  cwd: string;
  home: string;
}

const AUTH_TYPES: Record<string, AuthType> = {
  password: 'password',
  v3password: 'password',
  token: 'token',
  v3token: 'token',
  v3applicationcredential: 'v3applicationcredential',
  applicationcredential: 'v3applicationcredential',
  admin_token: 'admin_token',
  token_endpoint: 'admin_token',
  none: 'none',
};

const INTERFACES: Interface[] = ['public', 'internal', 'admin'];

/** Placeholders a URL may carry for the project id (keystoneauth and openstacksdk styles). */
const PLACEHOLDER = String.raw`%\((?:project|tenant)_id\)s|\$\((?:project|tenant)_id\)s|\{project_id\}`;

export function hasProjectPlaceholder(url: string): boolean {
  return new RegExp(PLACEHOLDER).test(url);
}

export function substituteProject(url: string, projectId: string): string {
  return url.replace(new RegExp(PLACEHOLDER, 'g'), encodeURIComponent(projectId));
}

export function validateCloud(input: CloudInput): ResolvedConfig {
  const { layer, cloudName } = input;
  const warnings = [...input.warnings];
  const isEnvvars = input.sourceFile === undefined;

  /** How to name a key that is absent: the YAML path in the cloud, plus the variable that sets it. */
  const nameOf = (key: string, variable: string) =>
    isEnvvars ? variable : `clouds.${cloudName}.${key.replace(/^service\.[^.]+\./, '')} (or ${variable})`;
  const missing = (key: string, variable: string, problem: string): never => {
    throw new ConfigError(problem, { key: nameOf(key, variable), file: input.sourceFile });
  };
  const where = (e: RawEntry) => ({ key: e.label, file: e.origin.file, line: e.origin.line });
  const fail = (e: RawEntry, problem: string): never => {
    throw new ConfigError(problem, where(e));
  };

  const str = (key: string): string | undefined => {
    const e = layer.get(key);
    if (!e || e.value === null || e.value === undefined) return undefined;
    if (typeof e.value === 'string') return e.value.trim() === '' ? undefined : e.value.trim();
    if (typeof e.value === 'number') {
      return fail(
        e,
        'is a number in YAML, not text: write it in quotes (YAML 1.1 reads a leading zero as octal and drops trailing zeros)',
      );
    }
    if (typeof e.value === 'boolean')
      return fail(e, 'is a boolean in YAML (yes/no/on/off are booleans in YAML 1.1), not text: write it in quotes');
    return fail(e, `must be text, not ${Array.isArray(e.value) ? 'a list' : 'a mapping'}`);
  };
  const bool = (key: string): boolean | undefined => {
    const e = layer.get(key);
    if (!e || e.value === null || e.value === undefined) return undefined;
    if (typeof e.value === 'boolean') return e.value;
    const parsed = typeof e.value === 'string' ? parseBoolean(e.value) : undefined;
    if (parsed === undefined) return fail(e, `must be a boolean (true/false/yes/no), got ${JSON.stringify(e.value)}`);
    return parsed;
  };
  const url = (key: string): string | undefined => {
    const value = str(key);
    if (value === undefined) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(substituteProject(value, 'PROJECT'));
    } catch {
      return fail(layer.get(key)!, `is not a URL: ${JSON.stringify(value)}`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      return fail(layer.get(key)!, `must be an http:// or https:// URL, got ${parsed.protocol}`);
    }
    if (parsed.username || parsed.password) return fail(layer.get(key)!, 'must not carry credentials in the URL');
    return value;
  };
  const path = (key: string): string | undefined => {
    const written = str(key);
    if (written === undefined) return undefined;
    const value = resolvePath(input.cwd, written.replace(/^~(?=$|\/)/, input.home));
    const e = layer.get(key)!;
    try {
      if (!statSync(value).isFile()) fail(e, `names ${value}, which is not a file`);
      accessSync(value, constants.R_OK);
    } catch (err) {
      if (err instanceof ConfigError) throw err;
      fail(e, `names ${value}, which cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    return value;
  };

  const identityVersion = layer.get('identity_api_version');
  if (identityVersion && String(identityVersion.value).startsWith('2')) {
    fail(identityVersion, 'Keystone v2 is not supported; this suite speaks Identity v3 only');
  }

  // Auth type, written or inferred as the openstack CLI infers it.
  const authTypeEntry = layer.get('auth_type');
  const written = str('auth_type');
  const auth: AuthFields = {
    authUrl: url('auth.auth_url'),
    username: str('auth.username'),
    userId: str('auth.user_id'),
    password: str('auth.password'),
    userDomainName: str('auth.user_domain_name'),
    userDomainId: str('auth.user_domain_id'),
    projectName: str('auth.project_name'),
    projectId: str('auth.project_id'),
    projectDomainName: str('auth.project_domain_name'),
    projectDomainId: str('auth.project_domain_id'),
    token: str('auth.token'),
    applicationCredentialId: str('auth.application_credential_id'),
    applicationCredentialName: str('auth.application_credential_name'),
    applicationCredentialSecret: str('auth.application_credential_secret'),
  };
  let authTypeConfigured: string;
  if (written !== undefined) {
    authTypeConfigured = written;
  } else if (auth.token && !auth.username && !auth.userId && !auth.password) {
    authTypeConfigured = auth.authUrl ? 'token' : 'admin_token';
  } else {
    authTypeConfigured = 'password';
  }
  const authType = AUTH_TYPES[authTypeConfigured.toLowerCase()] as AuthType;
  if (!authType) {
    const known = Object.keys(AUTH_TYPES).join(', ');
    const problem = /^v2/.test(authTypeConfigured)
      ? `"${authTypeConfigured}" is a Keystone v2 auth type, which is not supported; use one of ${known}`
      : `unknown auth type "${authTypeConfigured}"; supported: ${known}`;
    fail(authTypeEntry!, problem);
  }

  // A domain given once (domain_id / domain_name / default_domain) stands for both user and project domains.
  const domainId = str('auth.domain_id');
  const domainName = str('auth.domain_name');
  const defaultDomain = str('default_domain');
  const fillDomain = (kind: 'user' | 'project') => {
    const idKey = kind === 'user' ? 'userDomainId' : 'projectDomainId';
    const nameKey = kind === 'user' ? 'userDomainName' : 'projectDomainName';
    if (auth[idKey] || auth[nameKey]) return;
    if (domainId) auth[idKey] = domainId;
    else if (domainName) auth[nameKey] = domainName;
    // The openstack CLI's --os-default-domain defaults to `default`; a name needs some domain.
    else auth[idKey] = defaultDomain ?? 'default';
  };

  switch (authType) {
    case 'password':
      if (!auth.authUrl) missing('auth.auth_url', 'OS_AUTH_URL', `is required for auth type ${authTypeConfigured}`);
      if (!auth.username && !auth.userId)
        missing('auth.username', 'OS_USERNAME', `or user_id is required for auth type ${authTypeConfigured}`);
      if (!auth.password) missing('auth.password', 'OS_PASSWORD', `is required for auth type ${authTypeConfigured}`);
      if (auth.username && !auth.userId) fillDomain('user');
      if (auth.projectName && !auth.projectId) fillDomain('project');
      break;
    case 'token':
      if (!auth.authUrl) missing('auth.auth_url', 'OS_AUTH_URL', `is required for auth type ${authTypeConfigured}`);
      if (!auth.token) missing('auth.token', 'OS_TOKEN', `is required for auth type ${authTypeConfigured}`);
      if (auth.projectName && !auth.projectId) fillDomain('project');
      break;
    case 'v3applicationcredential':
      if (!auth.authUrl) missing('auth.auth_url', 'OS_AUTH_URL', `is required for auth type ${authTypeConfigured}`);
      if (!auth.applicationCredentialSecret) {
        missing(
          'auth.application_credential_secret',
          'OS_APPLICATION_CREDENTIAL_SECRET',
          `is required for auth type ${authTypeConfigured}`,
        );
      }
      if (!auth.applicationCredentialId) {
        if (!auth.applicationCredentialName) {
          missing(
            'auth.application_credential_id',
            'OS_APPLICATION_CREDENTIAL_ID',
            'or application_credential_name is required',
          );
        }
        if (!auth.userId && !auth.username) {
          missing('auth.username', 'OS_USERNAME', 'or user_id is required with application_credential_name');
        }
        if (auth.username && !auth.userId) fillDomain('user');
      }
      break;
    case 'admin_token':
      if (!auth.token) missing('auth.token', 'OS_TOKEN', `is required for auth type ${authTypeConfigured}`);
      break;
    case 'none':
      break;
  }

  // Endpoint overrides, API versions and microversions, per official service type.
  const endpointOverrides: Partial<Record<Service, string>> = {};
  const apiVersions: Partial<Record<Service, string>> = {};
  const defaultMicroversions: Partial<Record<Service, string>> = {};
  for (const service of SERVICES) {
    const override = url(serviceKey(service, 'endpoint_override'));
    if (override) endpointOverrides[service] = override;
    const versionEntry = layer.get(serviceKey(service, 'api_version'));
    if (versionEntry && versionEntry.value !== null) {
      const v =
        typeof versionEntry.value === 'number' ? String(versionEntry.value) : str(serviceKey(service, 'api_version'));
      if (v !== undefined) {
        if (!/^v?\d+(\.\d+)?$/.test(v))
          fail(versionEntry, `is not an API version (like 3 or 3.0): ${JSON.stringify(v)}`);
        apiVersions[service] = v.replace(/^v/, '');
      }
    }
    const mvKey = serviceKey(service, 'default_microversion');
    const mvEntry = layer.get(mvKey);
    if (mvEntry && typeof mvEntry.value === 'number') {
      fail(mvEntry, `is the number ${mvEntry.value} in YAML; write the microversion in quotes ("3.50" and 3.5 differ)`);
    }
    const mv = str(mvKey);
    if (mv !== undefined) {
      if (!/^(\d+\.\d+|latest)$/.test(mv))
        fail(mvEntry!, `is not a microversion (MAJOR.MINOR like 3.45, or latest): ${JSON.stringify(mv)}`);
      defaultMicroversions[service] = mv;
    }
  }
  if ((authType === 'admin_token' || authType === 'none') && Object.keys(endpointOverrides).length === 0) {
    missing(
      'service.x.block_storage_endpoint_override',
      'OS_BLOCK_STORAGE_ENDPOINT_OVERRIDE',
      `auth type ${authTypeConfigured} has no Keystone catalog: give at least one of orchestration_endpoint_override, image_endpoint_override, block_storage_endpoint_override`,
    );
  }
  if (authType === 'admin_token' && !auth.projectId && !projectIdFromOverrides(endpointOverrides)) {
    missing(
      'auth.project_id',
      'OS_PROJECT_ID',
      `is required for auth type ${authTypeConfigured} (no token scope to read it from)`,
    );
  }

  // Region and interface.
  const regionName = str('region_name');
  const regionsEntry = layer.get('regions');
  let chosenRegion = regionName;
  if (regionsEntry && regionsEntry.value !== null) {
    if (!Array.isArray(regionsEntry.value)) fail(regionsEntry, 'must be a list of region names');
    const names = (regionsEntry.value as unknown[]).map((r, i) => {
      if (typeof r === 'string') return r;
      if (r && typeof r === 'object' && typeof (r as { name?: unknown }).name === 'string') {
        if ((r as { values?: unknown }).values) warnings.push(`${regionsEntry.label}[${i}].values is not applied`);
        return (r as { name: string }).name;
      }
      return fail(regionsEntry, `entry ${i + 1} must be a region name or a mapping with a name`);
    });
    if (regionName && names.length > 0 && !names.includes(regionName)) {
      fail(layer.get('region_name')!, `"${regionName}" is not one of the cloud's regions: ${names.join(', ')}`);
    }
    chosenRegion ??= names[0];
  }

  const interfaces = parseInterfaces(layer.get('interface'), fail);

  // TLS: insecure wins over verify; a cacert with verification off is pointless but allowed (openstacksdk warns).
  const insecure = bool('insecure') ?? false;
  const verifySetting = bool('verify');
  const tls: TlsConfig = {
    verify: !insecure && verifySetting !== false,
    insecure: insecure || verifySetting === false,
    cacert: path('cacert'),
    cert: path('cert'),
    key: path('key'),
  };
  if (tls.key && !tls.cert) fail(layer.get('key')!, 'is set without cert: a client key needs its certificate');
  if (tls.cacert && !tls.verify)
    warnings.push('cacert is set but verification is off (insecure or verify: false); the certificate is not checked');
  if (layer.get('profile')) warnings.push(`${layer.get('profile')!.label}: vendor profiles are not applied`);

  const origins: Record<string, Origin> = {};
  for (const [k, e] of layer) origins[k] = e.origin;

  return {
    embedded: false,
    cloudName,
    sourceFile: input.sourceFile,
    secureFile: input.secureFile,
    envFile: input.envFile,
    authTypeConfigured,
    authType,
    auth: dropUndefined(auth),
    regionName: chosenRegion,
    interfaces,
    endpointOverrides,
    apiVersions,
    defaultMicroversions,
    tls: dropUndefined(tls),
    readOnly: input.run.readOnly,
    existing: existingResources(layer),
    run: withCloudLimits(input.run, layer.get('conformance'), fail),
    origins,
    warnings,
  };
}

function parseInterfaces(entry: RawEntry | undefined, fail: (e: RawEntry, p: string) => never): Interface[] {
  if (!entry || entry.value === null || entry.value === undefined) return ['public'];
  const raw = Array.isArray(entry.value)
    ? entry.value
    : typeof entry.value === 'string'
      ? entry.value.split(',')
      : undefined;
  if (!raw)
    return fail(entry, `must be public, internal or admin (or a list of them), got ${JSON.stringify(entry.value)}`);
  const out: Interface[] = [];
  for (const item of raw) {
    const t = typeof item === 'string' ? item.trim().toLowerCase().replace(/url$/, '') : '';
    if (!(INTERFACES as string[]).includes(t)) {
      fail(entry, `${JSON.stringify(item)} is not an interface; use public, internal or admin`);
    }
    if (!out.includes(t as Interface)) out.push(t as Interface);
  }
  if (out.length === 0) fail(entry, 'is empty; use public, internal or admin');
  return out;
}

/** The project id an orchestration (`…/v1/<p>`) or block-storage (`…/v3/<p>`) override carries. */
export function projectIdFromOverrides(overrides: Partial<Record<Service, string>>): string | undefined {
  for (const [service, version] of [
    ['orchestration', 'v1'],
    ['block-storage', 'v3'],
  ] as const) {
    const u = overrides[service];
    if (!u || hasProjectPlaceholder(u)) continue;
    const m = new RegExp(`/${version}/([^/?#]+)/?$`).exec(new URL(u).pathname);
    if (m?.[1]) return decodeURIComponent(m[1]);
  }
  return undefined;
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * `<resource>_id` settings at the top level of a cloud (clouds.yaml `server_id`, `OS_SERVER_ID`): ids
 * of existing resources for the request plans. Auth ids (`project_id`, `user_id` …) sit under `auth.`.
 */
function existingResources(layer: Layer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, entry] of layer) {
    const m = /^([a-z][a-z0-9_]*)_id$/.exec(key);
    if (!m || typeof entry.value !== 'string' || entry.value === '') continue;
    out[m[1]!.replace(/_/g, '-')] = entry.value;
  }
  return out;
}

/**
 * The suite's limits a cloud may carry in clouds.yaml, under `conformance:` (the key is the variable's
 * name without `CONFORMANCE_`, in lower case: `concurrency`, `request_timeout_ms`, `max_tries` …):
 * a vendor's CI keeps what suits its cloud beside the cloud. A CONFORMANCE_* variable wins.
 */
export const CLOUD_LIMIT_KEYS: ReadonlyMap<string, keyof RunOptions['limits']> = new Map(
  LIMIT_VARIABLES.map(([field, name]) => [name.replace(/^CONFORMANCE_/, '').toLowerCase(), field]),
);

function withCloudLimits(
  run: RunOptions,
  entry: RawEntry | undefined,
  fail: (e: RawEntry, problem: string) => never,
): RunOptions {
  if (!entry || entry.value === null || entry.value === undefined) return run;
  const value = entry.value;
  if (typeof value !== 'object' || Array.isArray(value))
    return fail(entry, `must be a mapping of limits (${[...CLOUD_LIMIT_KEYS.keys()].join(', ')})`);
  const limits = { ...run.limits };
  for (const [rawKey, raw] of Object.entries(value as Record<string, unknown>)) {
    const key = rawKey.replace(/-/g, '_').toLowerCase();
    const field = CLOUD_LIMIT_KEYS.get(key);
    if (!field) return fail(entry, `has "${rawKey}", which is not one of ${[...CLOUD_LIMIT_KEYS.keys()].join(', ')}`);
    const n =
      typeof raw === 'number' || typeof raw === 'string'
        ? positiveWhole(raw)
        : `${JSON.stringify(raw)} is not a whole number`;
    if (typeof n === 'string') return fail(entry, `${rawKey}: ${n}`);
    if (!run.limitsFromEnvironment.includes(field)) limits[field] = n;
  }
  return { ...run, limits };
}
