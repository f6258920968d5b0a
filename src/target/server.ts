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
  return {
    baseUrl,
    authUrl: `${baseUrl}/identity/v3`,
    credentials,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Keep-alive clients would hold the server open; drop idle sockets first.
        (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        server.close((err) => (err ? reject(err) : resolve()));
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
