// The reference target on a real socket: 127.0.0.1 only, port 0 for a free one. Used by the suite's
// fixtures, the benchmarks and `npm run target`.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createReferenceApp, type ReferenceOptions, type DefaultCredentials } from './app.ts';

export type { DefaultCredentials, ReferenceOptions } from './app.ts';

export interface RunningReferenceTarget {
  baseUrl: string;
  /** Keystone v3 base (`<base>/identity/v3`). */
  authUrl: string;
  credentials: DefaultCredentials;
  /** How a client logs in to it: the Keystone URL and the default user, in the default domain. */
  login: {
    authUrl: string;
    username: string;
    password: string;
    projectName: string;
    userDomainId: string;
    projectDomainId: string;
  };
  close(): Promise<void>;
}

export async function startReferenceTarget(
  opts: ReferenceOptions & { port?: number } = {},
): Promise<RunningReferenceTarget> {
  const { port = 0, ...appOpts } = opts;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`port must be an integer from 0 to 65535, got ${port}`);
  const { app, credentials } = createReferenceApp(appOpts);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, () => resolve(s));
    s.once('error', reject);
  });
  const { port: bound } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${bound}`;
  const authUrl = `${baseUrl}/identity/v3`;
  return {
    baseUrl,
    authUrl,
    credentials,
    login: {
      authUrl,
      username: credentials.username,
      password: credentials.password,
      projectName: credentials.projectName,
      userDomainId: 'default',
      projectDomainId: 'default',
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Keep-alive clients would hold the server open; drop idle sockets first.
        (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        server.close((err) => (err ? reject(err) : resolve()));
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
