// Keystone v3 as devstack lays it out (`<base>/identity/v3`): password, token and
// application-credential authentication, project scope, a service catalog built from the request's
// own origin, token validation and revocation; plus the keystonemiddleware check every service runs.
import { createHash, randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { TargetContext, Token, User } from './context.ts';
import { originOf, send, sendJson } from './context.ts';
import {
  cinderFault,
  keystoneError,
  keystoneMiddleware401,
  UNAUTHORIZED_MESSAGE,
  type ErrorResponse,
} from './faults.ts';
import { readBody, parseJson } from './body.ts';
import { formatTime } from './timestamps.ts';
import { microsOf } from './seed.ts';
import { coreOf } from './core/registry.ts';

/** Keystone's max_request_body_size default. */
const MAX_BODY = 114_688;
const DEFAULT_DOMAIN = { id: 'default', name: 'Default' };

export interface DefaultCredentials {
  username: string;
  password: string;
  userDomainName: string;
  projectName: string;
  projectDomainName: string;
  projectId: string;
  /** A second project the same user is a member of, so scoping can be tested. */
  otherProjectId: string;
  applicationCredentialId: string;
  applicationCredentialSecret: string;
}

// Public demo data, fixed so that documentation and scripts can rely on it.
export const DEFAULT_CREDENTIALS: DefaultCredentials = {
  username: 'demo',
  password: 'demo-password',
  userDomainName: 'Default',
  projectName: 'demo',
  projectDomainName: 'Default',
  projectId: '5e1f2d3c4b5a49788796a5b4c3d2e1f0',
  otherProjectId: 'a0b1c2d3e4f54617a8394a5b6c7d8e9f',
  applicationCredentialId: '7c0a1e2f3d4b4c6a9e8f9d0a1b2c3d4e',
  applicationCredentialSecret: 'demo-app-credential-secret',
};

export const ADMIN_PROJECT_ID = '0adb0000c0de4f00a000000000000001';
export const ALT_USER = { name: 'alt', password: 'alt-password' };

export function seedIdentity(ctx: Pick<TargetContext, 'projects' | 'users' | 'appCredentials'>): void {
  const cred = DEFAULT_CREDENTIALS;
  for (const p of [
    { id: cred.projectId, name: cred.projectName, domainId: 'default' },
    { id: cred.otherProjectId, name: 'alt-demo', domainId: 'default' },
    { id: ADMIN_PROJECT_ID, name: 'admin', domainId: 'default' },
  ])
    ctx.projects.set(p.id, p);
  ctx.users.push(
    {
      id: 'd3m0000000000000000000000000user',
      name: cred.username,
      domainId: 'default',
      password: cred.password,
      defaultProjectId: cred.projectId,
      projects: [cred.projectId, cred.otherProjectId],
    },
    {
      id: 'a1700000000000000000000000000usr',
      name: ALT_USER.name,
      domainId: 'default',
      password: ALT_USER.password,
      defaultProjectId: cred.otherProjectId,
      projects: [cred.otherProjectId],
    },
  );
  ctx.appCredentials.push({
    id: cred.applicationCredentialId,
    name: 'demo-app-cred',
    secret: cred.applicationCredentialSecret,
    userId: 'd3m0000000000000000000000000user',
    projectId: cred.projectId,
  });
}

// Keystone writes token times with microseconds and `Z`.
const ksTime = (d: Date): string => formatTime(microsOf(d), { fraction: 6, zone: 'Z' });

type Authed =
  | { ok: true; user: User; projectId: string | null; methods: string[]; expiresAt?: Date; appCredentialId?: string }
  | { ok: false; error: ErrorResponse };

const unauthorized = (): { ok: false; error: ErrorResponse } => ({
  ok: false,
  error: keystoneError(401, 'Unauthorized', UNAUTHORIZED_MESSAGE),
});
const badRequest = (msg: string): { ok: false; error: ErrorResponse } => ({
  ok: false,
  error: keystoneError(400, 'Bad Request', msg),
});
const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

function findDomain(ref: unknown): string | undefined {
  if (!isObj(ref)) return undefined;
  if (ref.id === 'default' || ref.name === 'Default') return 'default';
  return undefined;
}

function authenticate(ctx: TargetContext, identity: Record<string, any>): Authed {
  const methods = identity.methods;
  if (!Array.isArray(methods) || methods.length === 0 || !methods.every((m) => typeof m === 'string')) {
    return badRequest("Invalid input for field 'identity/methods': None is not of type 'array'");
  }
  const method = methods[0] as string;
  if (method === 'password') {
    const u = identity.password?.user;
    if (!isObj(u) || typeof u.password !== 'string')
      return badRequest("Invalid input for field 'identity/password/user': 'password' is a required property");
    const user = ctx.users.find((x) =>
      u.id ? x.id === u.id : x.name === u.name && findDomain(u.domain) === x.domainId,
    );
    if (!user || user.password !== u.password) return unauthorized();
    return { ok: true, user, projectId: user.defaultProjectId, methods: ['password'] };
  }
  if (method === 'token') {
    const id = identity.token?.id;
    if (typeof id !== 'string')
      return badRequest("Invalid input for field 'identity/token': 'id' is a required property");
    const t = ctx.tokens.get(id);
    if (!t || t.expiresAt <= ctx.now()) return unauthorized();
    const user = ctx.users.find((x) => x.id === t.userId);
    if (!user) return unauthorized();
    // A token made from a token keeps the original expiry (Keystone does not extend lifetimes).
    return {
      ok: true,
      user,
      projectId: t.projectId,
      methods: ['token'],
      expiresAt: t.expiresAt,
      ...(t.appCredentialId ? { appCredentialId: t.appCredentialId } : {}),
    };
  }
  if (method === 'application_credential') {
    const a = identity.application_credential;
    if (!isObj(a) || typeof a.secret !== 'string')
      return badRequest("Invalid input for field 'identity/application_credential': 'secret' is a required property");
    const cred = ctx.appCredentials.find((x) => (a.id ? x.id === a.id : x.name === a.name));
    if (!cred || cred.secret !== a.secret) return unauthorized();
    const user = ctx.users.find((x) => x.id === cred.userId);
    if (!user) return unauthorized();
    return { ok: true, user, projectId: cred.projectId, methods: ['application_credential'], appCredentialId: cred.id };
  }
  return unauthorized();
}

/** Applies a requested scope; `undefined` scope keeps the default project. */
function scope(ctx: TargetContext, authed: Extract<Authed, { ok: true }>, requested: unknown): Authed {
  if (requested === undefined) return authed;
  if (requested === 'unscoped') return authed.appCredentialId ? unauthorized() : { ...authed, projectId: null };
  if (!isObj(requested) || !isObj(requested.project))
    return badRequest("Invalid input for field 'scope': only project scope is supported here");
  // Application credentials are bound to one project and may not ask for another.
  if (authed.methods.includes('application_credential')) return unauthorized();
  const p = requested.project;
  const project = [...ctx.projects.values()].find((x) =>
    p.id ? x.id === p.id : x.name === p.name && findDomain(p.domain) === x.domainId,
  );
  if (!project || !authed.user.projects.includes(project.id)) return unauthorized();
  return { ...authed, projectId: project.id };
}

function catalogFor(ctx: TargetContext, origin: string, projectId: string): unknown[] {
  const hexId = (s: string): string => createHash('md5').update(s).digest('hex');
  const entry = (type: string, name: string, url: string) => ({
    id: hexId(type),
    type,
    name,
    endpoints: (['public', 'internal', 'admin'] as const).map((iface) => ({
      id: hexId(`${type}/${iface}`),
      interface: iface,
      region: 'RegionOne',
      region_id: 'RegionOne',
      url,
    })),
  });
  const known = [
    entry('identity', 'keystone', `${origin}/identity`),
    entry('orchestration', 'heat', `${origin}/heat-api/v1/${projectId}`),
    entry('image', 'glance', `${origin}/image`),
    entry('block-storage', 'cinder', `${origin}/volume/v3/${projectId}`),
    entry('volumev3', 'cinderv3', `${origin}/volume/v3/${projectId}`),
  ];
  // Every other service the catalog documents, at its mount point; its endpoint ends in
  // `/vN/<project>` when every path of the service starts with `/vN/{project_id}`, as Heat's and Cinder's do.
  const listed = new Set(['identity', 'orchestration', 'image', 'block-storage', 'volumev3']);
  for (const service of coreOf(ctx).services()) {
    if (listed.has(service)) continue;
    const habit = coreOf(ctx).habit(service);
    const routes = coreOf(ctx).table.forService(service);
    const heads = new Set(routes.map((r) => r.template.split('/').slice(1, 3).join('/')));
    const [head] = [...heads];
    const scoped = heads.size === 1 && head !== undefined && /^v\d+(\.\d+)?\/\{(project_id|tenant_id)\}$/.test(head);
    const suffix = scoped ? `/${head!.split('/')[0]}/${projectId}` : '';
    for (const t of habit.catalogTypes) {
      if (listed.has(t.type)) continue;
      listed.add(t.type);
      known.push(entry(t.type, t.name, `${origin}${habit.prefix}${suffix}`));
    }
  }
  return known;
}

function tokenBody(ctx: TargetContext, t: Token, origin: string): unknown {
  const user = ctx.users.find((u) => u.id === t.userId)!;
  const body: Record<string, unknown> = {
    methods: t.methods,
    user: { domain: DEFAULT_DOMAIN, id: user.id, name: user.name, password_expires_at: null },
    audit_ids: [t.auditId],
    expires_at: ksTime(t.expiresAt),
    issued_at: ksTime(t.issuedAt),
  };
  if (t.projectId) {
    const p = ctx.projects.get(t.projectId)!;
    body.project = { domain: DEFAULT_DOMAIN, id: p.id, name: p.name };
    body.is_domain = false;
    body.roles = [
      { id: 'c0ffee00000000000000000000000001', name: 'member' },
      { id: 'c0ffee00000000000000000000000002', name: 'reader' },
    ];
    body.catalog = catalogFor(ctx, origin, p.id);
  }
  if (t.appCredentialId)
    body.application_credential = { id: t.appCredentialId, name: 'demo-app-cred', restricted: true };
  return { token: body };
}

export function keystoneRoutes(ctx: TargetContext): Hono {
  const app = new Hono();
  const versionDoc = (origin: string) => ({
    id: 'v3.14',
    status: 'stable',
    updated: '2020-04-07T00:00:00Z',
    links: [{ rel: 'self', href: `${origin}/identity/v3/` }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
  });
  app.get('/', (c) => sendJson(c, 300, { versions: { values: [versionDoc(originOf(c))] } }));
  app.get('/v3', (c) => sendJson(c, 200, { version: versionDoc(originOf(c)) }));
  app.get('/v3/', (c) => sendJson(c, 200, { version: versionDoc(originOf(c)) }));

  app.post('/v3/auth/tokens', async (c) => {
    const read = await readBody(c, MAX_BODY);
    if (read.kind === 'too-large')
      return send(c, keystoneError(413, 'Request Entity Too Large', 'Request is too large.'));
    const parsed = parseJson(read.text);
    if (!parsed.ok || !isObj(parsed.value) || !isObj(parsed.value.auth) || !isObj(parsed.value.auth.identity)) {
      return send(
        c,
        keystoneError(400, 'Bad Request', "Invalid input for field 'auth': 'identity' is a required property"),
      );
    }
    const authed = authenticate(ctx, parsed.value.auth.identity);
    if (!authed.ok) return send(c, authed.error);
    const scoped = scope(ctx, authed, parsed.value.auth.scope);
    if (!scoped.ok) return send(c, scoped.error);
    const now = ctx.now();
    const t: Token = {
      userId: scoped.user.id,
      projectId: scoped.projectId,
      methods: scoped.methods,
      issuedAt: now,
      expiresAt: scoped.expiresAt ?? new Date(now.getTime() + ctx.tokenTtlSeconds * 1000),
      auditId: randomBytes(16).toString('base64url').slice(0, 22),
      ...(scoped.appCredentialId ? { appCredentialId: scoped.appCredentialId } : {}),
    };
    const id = `gAAAAAB${randomBytes(120).toString('base64url')}`;
    ctx.tokens.set(id, t);
    return sendJson(c, 201, tokenBody(ctx, t, originOf(c)), { 'X-Subject-Token': id });
  });

  const validate = (c: Context): { subject: string; token: Token } | ErrorResponse => {
    const caller = tokenOf(ctx, c.req.header('x-auth-token'));
    if (!caller) return keystoneError(401, 'Unauthorized', UNAUTHORIZED_MESSAGE);
    const subject = c.req.header('x-subject-token') ?? '';
    const token = tokenOf(ctx, subject);
    if (!token) return keystoneError(404, 'Not Found', `Could not find token: ${subject}.`);
    return { subject, token };
  };
  app.get('/v3/auth/tokens', (c) => {
    const v = validate(c);
    if ('status' in v) return send(c, v);
    return sendJson(c, 200, tokenBody(ctx, v.token, originOf(c)), { 'X-Subject-Token': v.subject });
  });
  app.on('HEAD', '/v3/auth/tokens', (c) => {
    const v = validate(c);
    return c.body(null, 'status' in v ? (v.status as never) : 200);
  });
  app.delete('/v3/auth/tokens', (c) => {
    const v = validate(c);
    if ('status' in v) return send(c, v);
    ctx.tokens.delete(v.subject);
    return c.body(null, 204);
  });
  app.all('*', (c) => send(c, keystoneError(404, 'Not Found', 'The resource could not be found.')));
  return app;
}

function tokenOf(ctx: TargetContext, id: string | undefined): Token | undefined {
  if (!id) return undefined;
  const t = ctx.tokens.get(id);
  if (!t || t.expiresAt <= ctx.now()) return undefined;
  return t;
}

export interface Caller {
  projectId: string;
  userId: string;
}

/**
 * keystonemiddleware's auth_token check, run before any service code: a missing, unknown, expired
 * or unscoped token gets its 401. Defects switch the check off or answer the wrong code.
 */
export function checkToken(ctx: TargetContext, c: Context): Caller | ErrorResponse {
  const authUrl = `${originOf(c)}/identity`;
  if (ctx.defect('auth-token-not-checked')) {
    const t = tokenOf(ctx, c.req.header('x-auth-token'));
    return { projectId: t?.projectId ?? DEFAULT_CREDENTIALS.projectId, userId: t?.userId ?? 'anonymous' };
  }
  const id = c.req.header('x-auth-token');
  let t = id ? ctx.tokens.get(id) : undefined;
  if (t && t.expiresAt <= ctx.now()) t = undefined;
  if (!t && id && ctx.defect('auth-token-presence-only'))
    return { projectId: DEFAULT_CREDENTIALS.projectId, userId: 'anonymous' };
  if (!t || !t.projectId) {
    if (ctx.defect('auth-missing-token-403'))
      return keystoneError(403, 'Forbidden', 'You are not authorized to perform the requested action.');
    if (ctx.defect('auth-401-service-fault')) return cinderFault(401, UNAUTHORIZED_MESSAGE);
    return keystoneMiddleware401(authUrl);
  }
  return { projectId: t.projectId, userId: t.userId };
}
