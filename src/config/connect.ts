// connect: from a configuration to a TargetSession. Keystone types authenticate and read the
// project and endpoints from the token; admin_token and none take endpoints from the overrides.
// Credentials go only to the auth URL (token requests) — the session then lists the endpoints a
// token may be sent to. Every error message is scrubbed of every secret before it leaves.
import { readFileSync } from 'node:fs';
import type { Service } from '../catalog/model.ts';
import type { MicroversionRange, TargetSession } from '../session/model.ts';
import { selectEndpoint } from './endpoints.ts';
import { ConfigError } from './errors.ts';
import type { TlsMaterial } from '../http/guard-transport.ts';
import { retryPolicy } from '../http/retry.ts';
import { identityBase, requestToken, type IssuedToken } from './keystone.ts';
import { discoverMicroversions } from './microversions.ts';
import type { Configuration, EmbeddedConfig, ResolvedConfig } from './model.ts';
import { redactText } from '../lib/redact.ts';
import { configSecrets } from './redact.ts';
import { SERVICES } from './service-types.ts';
import { projectIdFromOverrides, substituteProject } from './validate.ts';

/** How to reach the embedded reference target once it runs: its Keystone and a password user. */
export interface EmbeddedTarget {
  /** `<base>/identity/v3` (or without `/v3`). */
  authUrl: string;
  username: string;
  password: string;
  projectName: string;
  userDomainId?: string;
  projectDomainId?: string;
  regionName?: string;
}

export interface ConnectOptions {
  embedded?: EmbeddedTarget;
  /** Clock, ms since epoch (tests). */
  now?: () => number;
  /** Renew a token this long before it expires (capped at half its lifetime); default 120 s as keystoneauth. */
  renewBeforeMs?: number;
}

/** Connecting failed for a reason on the target's side (credentials refused, redirect, no answer). */
export class ConnectError extends Error {
  override name = 'ConnectError';
}

const DEFAULT_RENEW_BEFORE_MS = 120_000;

export async function connect(config: Configuration, opts: ConnectOptions = {}): Promise<TargetSession> {
  const resolved = config.embedded ? fromEmbedded(config, opts.embedded) : config;
  const issuedTokens: string[] = [];
  const secrets = () => [...configSecrets(resolved), ...issuedTokens];
  try {
    return await open(resolved, opts, issuedTokens, secrets);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConnectError(redactText(`cannot connect to ${resolved.cloudName}: ${(e as Error).message}`, secrets()));
  }
}

function fromEmbedded(config: EmbeddedConfig, target: EmbeddedTarget | undefined): ResolvedConfig {
  if (!target)
    throw new Error(
      'the configuration names no cloud: start the embedded reference target and pass its address as opts.embedded',
    );
  return {
    embedded: false,
    cloudName: 'embedded',
    envFile: config.envFile,
    authTypeConfigured: 'password',
    authType: 'password',
    auth: {
      authUrl: target.authUrl,
      username: target.username,
      password: target.password,
      projectName: target.projectName,
      userDomainId: target.userDomainId ?? 'default',
      projectDomainId: target.projectDomainId ?? 'default',
    },
    regionName: target.regionName,
    interfaces: ['public'],
    endpointOverrides: {},
    apiVersions: {},
    defaultMicroversions: {},
    tls: { verify: true, insecure: false },
    readOnly: config.readOnly,
    existing: {},
    run: config.run,
    origins: {},
    warnings: [],
  };
}

function readTls(config: ResolvedConfig): TlsMaterial {
  const read = (key: 'cacert' | 'cert' | 'key'): Buffer | undefined => {
    const path = config.tls[key];
    if (!path) return undefined;
    try {
      return readFileSync(path);
    } catch (e) {
      const origin = config.origins[key];
      throw new ConfigError(`names ${path}, which cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, {
        key: origin?.variable ?? key,
        file: origin?.file,
        line: origin?.line,
      });
    }
  };
  return { rejectUnauthorized: config.tls.verify, ca: read('cacert'), cert: read('cert'), key: read('key') };
}

async function open(
  config: ResolvedConfig,
  opts: ConnectOptions,
  issuedTokens: string[],
  secrets: () => string[],
): Promise<TargetSession> {
  const now = opts.now ?? Date.now;
  const tls = readTls(config);
  const { requestTimeoutMs, maxBodyBytes } = config.run.limits;
  const retry = retryPolicy(config.run.limits);
  const notes = [...config.warnings];
  const endpoints: Partial<Record<Service, string>> = {};
  let projectId: string;
  let authUrl: string | undefined;
  let authHeaders: () => Promise<Record<string, string>>;
  let reauthenticate: (() => Promise<void>) | undefined;

  if (config.authType === 'admin_token' || config.authType === 'none') {
    projectId = config.auth.projectId ?? projectIdFromOverrides(config.endpointOverrides) ?? '';
    for (const service of SERVICES) {
      const override = config.endpointOverrides[service];
      if (override) endpoints[service] = substituteProject(override, projectId);
      else
        notes.push(
          `${service}: no endpoint override, so not served (auth type ${config.authTypeConfigured} has no catalog)`,
        );
    }
    const token = config.auth.token;
    authHeaders = async (): Promise<Record<string, string>> =>
      config.authType === 'admin_token' && token ? { 'X-Auth-Token': token } : {};
  } else {
    authUrl = identityBase(config.auth.authUrl!);
    const ask = async (): Promise<IssuedToken> => {
      const t = await requestToken({
        identityBase: authUrl!,
        authType: config.authType,
        auth: config.auth,
        timeoutMs: requestTimeoutMs,
        maxBodyBytes,
        tls,
        retry,
      });
      issuedTokens.push(t.token);
      return t;
    };
    let current = await ask();
    let issuedAt = now();
    if (!current.projectId) {
      throw new Error(
        'the token Keystone issued is not scoped to a project; set project_name (with project_domain_name) or project_id',
      );
    }
    projectId = current.projectId;
    for (const service of SERVICES) {
      const override = config.endpointOverrides[service];
      if (override) {
        endpoints[service] = substituteProject(override, projectId);
        continue;
      }
      const selection = selectEndpoint(current.catalog, service, {
        interfaces: config.interfaces,
        regionName: config.regionName,
      });
      if (selection.ok) {
        endpoints[service] = selection.choice.url;
        if (selection.warning) notes.push(selection.warning);
      } else {
        notes.push(`${service}: not served (${selection.reason})`);
      }
    }
    const renewBefore = opts.renewBeforeMs ?? DEFAULT_RENEW_BEFORE_MS;
    let renewing: Promise<void> | undefined;
    const dueForRenewal = () => {
      if (current.expiresAt === undefined) return false;
      const margin = Math.min(renewBefore, Math.max(0, current.expiresAt - issuedAt) / 2);
      return now() >= current.expiresAt - margin;
    };
    authHeaders = async () => {
      if (dueForRenewal()) {
        renewing ??= (async () => {
          try {
            current = await ask();
            issuedAt = now();
          } catch (e) {
            throw new ConnectError(redactText(`renewing the token failed: ${(e as Error).message}`, secrets()));
          }
        })().finally(() => {
          renewing = undefined;
        });
        await renewing;
      }
      return { 'X-Auth-Token': current.token };
    };
    reauthenticate = async () => {
      renewing ??= (async () => {
        try {
          current = await ask();
          issuedAt = now();
        } catch (e) {
          throw new ConnectError(redactText(`taking a fresh token failed: ${(e as Error).message}`, secrets()));
        }
      })().finally(() => {
        renewing = undefined;
      });
      await renewing;
    };
  }

  const microversions: Partial<Record<Service, MicroversionRange>> = {};
  const blockStorage = endpoints['block-storage'];
  if (blockStorage) {
    const found = await discoverMicroversions(blockStorage, projectId, {
      timeoutMs: requestTimeoutMs,
      maxBodyBytes,
      tls,
      retry,
    });
    if (found.range) microversions['block-storage'] = found.range;
    else if (found.note) notes.push(found.note);
    const wanted = config.defaultMicroversions['block-storage'];
    if (wanted && wanted !== 'latest' && found.range && !within(wanted, found.range)) {
      notes.push(
        `block_storage_default_microversion ${wanted} is outside the cloud's range ${found.range.min}–${found.range.max}`,
      );
    }
  }

  return {
    cloudName: config.cloudName,
    embedded: config.cloudName === 'embedded',
    projectId,
    endpoints,
    authUrl,
    authHeaders,
    ...(reauthenticate ? { reauthenticate } : {}),
    secrets,
    microversions,
    readOnly: config.readOnly,
    existing: { ...config.existing },
    tls: {
      insecure: !config.tls.verify,
      caFile: config.tls.cacert,
      certFile: config.tls.cert,
      keyFile: config.tls.key,
    },
    limits: { ...config.run.limits },
    defaultMicroversions: { ...config.defaultMicroversions },
    notes: notes.map((n) => redactText(n, secrets())),
  };
}

function within(version: string, range: MicroversionRange): boolean {
  const n = (v: string) => v.split('.').map(Number) as [number, number];
  const cmp = (a: string, b: string) => {
    const [a1, a2] = n(a);
    const [b1, b2] = n(b);
    return a1 !== b1 ? a1 - b1 : a2 - b2;
  };
  return cmp(version, range.min) >= 0 && cmp(version, range.max) <= 0;
}
