// A small client for the reference app without a socket (`app.request()`): tokens, JSON bodies,
// and a transcript form of a response that the defect tests compare.
import { createReferenceApp, type ReferenceOptions } from '../../src/target/app.ts';

export const ORIGIN = 'http://127.0.0.1:8999';
export const FIXED_NOW = new Date('2025-06-01T10:00:00Z');

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export interface Call {
  method?: string;
  token?: string | null;
  headers?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
}

export function makeClient(opts: ReferenceOptions = {}) {
  let now = opts.now ? undefined : FIXED_NOW.getTime();
  const built = createReferenceApp({ now: opts.now ?? (() => new Date(now!)), ...opts });
  const { app, credentials } = built;
  const cred = credentials;

  async function call(path: string, c: Call = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...(c.headers ?? {}) };
    if (c.token) headers['x-auth-token'] = c.token;
    let body: string | undefined;
    if (c.rawBody !== undefined) body = c.rawBody;
    else if (c.body !== undefined) {
      body = JSON.stringify(c.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await app.request(`${ORIGIN}${path}`, {
      method: c.method ?? 'GET',
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  }

  async function token(identity?: unknown, scope?: unknown): Promise<string> {
    const r = await call('/identity/v3/auth/tokens', {
      method: 'POST',
      body: {
        auth: {
          identity: identity ?? {
            methods: ['password'],
            password: { user: { name: cred.username, domain: { name: cred.userDomainName }, password: cred.password } },
          },
          ...(scope !== undefined ? { scope } : {}),
        },
      },
    });
    const t = r.headers.get('x-subject-token');
    if (r.status !== 201 || !t) throw new Error(`token request answered ${r.status}: ${r.text}`);
    return t;
  }

  return {
    app,
    cred,
    call,
    token,
    advance(seconds: number) {
      if (now === undefined) throw new Error('advance() needs the client-managed clock');
      now += seconds * 1000;
    },
    heat: (pid = cred.projectId) => `/heat-api/v1/${pid}/software_deployments`,
    cinder: (pid = cred.projectId) => `/volume/v3/${pid}`,
  };
}

export type Client = ReturnType<typeof makeClient>;

/** What a client can observe of a response, minus the parts that vary by design (tokens). */
export function transcript(label: string, r: Reply): string {
  const keep = ['content-type', 'openstack-api-version', 'vary', 'x-openstack-request-id', 'www-authenticate', 'allow'];
  const headers = keep.map((k) => `${k}=${r.headers.get(k) ?? ''}`).join(';');
  return `${label} ${r.status} ${headers}\n${r.text}`;
}
