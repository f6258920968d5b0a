// A minimal Keystone v3 password login for bench children: the token and the service catalog.
import type { Credentials } from './target.ts';

export interface Login {
  token: string;
  endpoint(type: string): string;
}

export async function login(authUrl: string, c: Credentials): Promise<Login> {
  const res = await fetch(`${authUrl.replace(/\/$/, '')}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    signal: AbortSignal.timeout(30_000),
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: {
            user: { name: c.username, password: c.password, domain: { name: c.userDomainName ?? 'Default' } },
          },
        },
        scope: { project: { name: c.projectName, domain: { name: c.projectDomainName ?? 'Default' } } },
      },
    }),
  });
  const token = res.headers.get('x-subject-token');
  if (res.status !== 201 || !token) throw new Error(`Keystone login answered ${res.status}`);
  const body = (await res.json()) as {
    token: { catalog?: { type: string; endpoints: { interface: string; url: string }[] }[] };
  };
  const catalog = body.token.catalog ?? [];
  return {
    token,
    endpoint(type) {
      const entry =
        catalog.find((e) => e.type === type) ??
        (type === 'block-storage' ? catalog.find((e) => e.type === 'volumev3') : undefined);
      const ep = entry?.endpoints.find((e) => e.interface === 'public') ?? entry?.endpoints[0];
      if (!ep) throw new Error(`no ${type} endpoint in the catalog`);
      return ep.url.replace(/\/$/, '');
    },
  };
}
