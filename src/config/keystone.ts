// Keystone v3 token requests: one body shape per auth type, the token from X-Subject-Token, the
// project from the token's scope, the catalog from the token body.
import { ConfigError } from './errors.ts';
import type { TlsMaterial } from '../http/guard-transport.ts';
import type { RetryPolicy } from '../http/retry.ts';
import { exchange } from './exchange.ts';
import type { AuthFields, AuthType } from './model.ts';

export interface CatalogEndpoint {
  interface?: string;
  region?: string | null;
  region_id?: string | null;
  url?: string;
}

export interface CatalogEntry {
  type?: string;
  name?: string;
  endpoints?: CatalogEndpoint[];
}

export interface IssuedToken {
  token: string;
  /** ms since epoch; undefined when Keystone gave no expiry. */
  expiresAt?: number;
  projectId?: string;
  catalog: CatalogEntry[];
}

/** `{auth_url}` with or without `/v3` (and trailing slashes): the Identity v3 base. */
export function identityBase(authUrl: string): string {
  const u = new URL(authUrl);
  const path = u.pathname.replace(/\/+$/, '');
  if (/\/v2\.0$/.test(path))
    throw new ConfigError('points at Identity v2.0; this suite speaks Identity v3 only', { key: 'auth_url' });
  u.pathname = /\/v3$/.test(path) ? path : `${path}/v3`;
  u.search = '';
  u.hash = '';
  return u.toString().replace(/\/+$/, '');
}

type Named = { id: string } | { name: string; domain: { id: string } | { name: string } };

function domainOf(id: string | undefined, name: string | undefined): { id: string } | { name: string } {
  if (id) return { id };
  if (name) return { name };
  return { id: 'default' };
}

function user(auth: AuthFields): Named {
  if (auth.userId) return { id: auth.userId };
  return { name: auth.username!, domain: domainOf(auth.userDomainId, auth.userDomainName) };
}

function projectScope(auth: AuthFields): { project: Named } | undefined {
  if (auth.projectId) return { project: { id: auth.projectId } };
  if (auth.projectName)
    return { project: { name: auth.projectName, domain: domainOf(auth.projectDomainId, auth.projectDomainName) } };
  // No project: Keystone scopes the token to the user's default project, if there is one.
  return undefined;
}

/** The JSON body of POST /v3/auth/tokens for a Keystone auth type. */
export function tokenRequestBody(authType: AuthType, auth: AuthFields): object {
  switch (authType) {
    case 'password': {
      const scope = projectScope(auth);
      return {
        auth: {
          identity: { methods: ['password'], password: { user: { ...user(auth), password: auth.password } } },
          ...(scope ? { scope } : {}),
        },
      };
    }
    case 'token': {
      const scope = projectScope(auth);
      return { auth: { identity: { methods: ['token'], token: { id: auth.token } }, ...(scope ? { scope } : {}) } };
    }
    case 'v3applicationcredential': {
      // An application credential carries its own project; Keystone refuses a scope next to it.
      const credential = auth.applicationCredentialId
        ? { id: auth.applicationCredentialId, secret: auth.applicationCredentialSecret }
        : { name: auth.applicationCredentialName, user: user(auth), secret: auth.applicationCredentialSecret };
      return { auth: { identity: { methods: ['application_credential'], application_credential: credential } } };
    }
    default:
      throw new Error(`auth type ${authType} does not talk to Keystone`);
  }
}

export interface TokenRequest {
  identityBase: string;
  authType: AuthType;
  auth: AuthFields;
  timeoutMs: number;
  maxBodyBytes: number;
  tls: TlsMaterial;
  retry?: RetryPolicy;
}

/** Error from Keystone's side: wrong credentials, redirects, malformed answers. */
export class KeystoneError extends Error {
  override name = 'KeystoneError';
}

export async function requestToken(req: TokenRequest): Promise<IssuedToken> {
  const url = `${req.identityBase}/auth/tokens`;
  const host = new URL(url).host;
  const res = await exchange({
    method: 'POST',
    url,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(tokenRequestBody(req.authType, req.auth)),
    timeoutMs: req.timeoutMs,
    maxBodyBytes: req.maxBodyBytes,
    tls: req.tls,
    ...(req.retry ? { retry: req.retry } : {}),
  });
  if (res.status >= 300 && res.status < 400) {
    throw new KeystoneError(
      `Keystone at ${host} answered ${res.status} with a redirect to ${locationHost(res.headers.location, url)}; ` +
        'not followed, because the request carries credentials (set auth_url to the final address)',
    );
  }
  if (res.status === 401)
    throw new KeystoneError(`Keystone at ${host} refused the credentials (401)${keystoneMessage(res.body)}`);
  if (res.status !== 201 && res.status !== 200) {
    throw new KeystoneError(
      `Keystone at ${host} answered ${res.status} to the token request${keystoneMessage(res.body)}`,
    );
  }
  const header = res.headers['x-subject-token'];
  const token = Array.isArray(header) ? header[0] : header;
  if (!token) throw new KeystoneError(`Keystone at ${host} answered ${res.status} without an X-Subject-Token header`);
  let body: { token?: { expires_at?: unknown; project?: { id?: unknown }; catalog?: unknown } };
  try {
    body = JSON.parse(res.body);
  } catch {
    throw new KeystoneError(`Keystone at ${host} answered ${res.status} with a body that is not JSON`);
  }
  const t = body?.token;
  if (!t || typeof t !== 'object') throw new KeystoneError(`Keystone at ${host} answered without a "token" object`);
  let expiresAt: number | undefined;
  if (t.expires_at !== undefined && t.expires_at !== null) {
    expiresAt = typeof t.expires_at === 'string' ? Date.parse(t.expires_at) : NaN;
    if (Number.isNaN(expiresAt)) throw new KeystoneError(`Keystone at ${host} gave an unreadable token.expires_at`);
  }
  const catalog = Array.isArray(t.catalog) ? (t.catalog as CatalogEntry[]) : [];
  const projectId = typeof t.project?.id === 'string' ? t.project.id : undefined;
  return { token, expiresAt, projectId, catalog };
}

function locationHost(location: string | undefined, base: string): string {
  if (!location) return 'nowhere (no Location header)';
  try {
    return new URL(location, base).host;
  } catch {
    return 'an unreadable Location';
  }
}

/** Keystone's own error text (`{"error": {"message": …}}`), short; callers redact. */
function keystoneMessage(body: string): string {
  try {
    const m = (JSON.parse(body) as { error?: { message?: unknown } })?.error?.message;
    if (typeof m === 'string' && m.length > 0) return `: ${m.slice(0, 200)}`;
  } catch {
    // not JSON: say nothing rather than quote an arbitrary page
  }
  return '';
}
