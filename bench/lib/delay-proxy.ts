// A latency proxy on loopback: every request waits a fixed delay, then goes to the target unchanged
// (Host header included, so the links and the token catalog the target builds lead back through the
// proxy); it stands in for a remote cloud. Bounded: it listens on 127.0.0.1 only, forwards only to a
// loopback target, serves at most `maxRequests`, and closes itself after `lifetimeMs` if nobody does.
import { createServer, Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forward, readBody } from './forward.ts';

export interface DelayProxyOptions {
  delayMs: number;
  /** Requests served before it refuses more (503); default 100,000. */
  maxRequests?: number;
  /** It closes itself after this long; default 30 minutes. */
  lifetimeMs?: number;
}

export interface ProxiedRequest {
  method: string;
  path: string;
  status: number;
  /** ms since the proxy started, when the request arrived and when its answer was sent. */
  startMs: number;
  endMs: number;
}

export interface DelayProxy {
  url: string;
  log: ProxiedRequest[];
  /** Most requests waiting or forwarded at once. */
  peakInFlight(): number;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export async function startDelayProxy(upstreamOrigin: string, opts: DelayProxyOptions): Promise<DelayProxy> {
  const upstream = new URL(upstreamOrigin);
  if (!LOOPBACK.has(upstream.hostname))
    throw new Error(`the delay proxy forwards to loopback only, not ${upstream.hostname}`);
  const maxRequests = opts.maxRequests ?? 100_000;
  const agent = new Agent({ keepAlive: true });
  const log: ProxiedRequest[] = [];
  const t0 = performance.now();
  let inFlight = 0;
  let peak = 0;
  let served = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const startMs = performance.now() - t0;
    if (++served > maxRequests) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('delay proxy: request budget spent');
      return;
    }
    inFlight++;
    peak = Math.max(peak, inFlight);
    const body = await readBody(req);
    await new Promise((r) => setTimeout(r, opts.delayMs));
    const entry: ProxiedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', status: 0, startMs, endMs: 0 };
    entry.status = (await forward('delay proxy', upstream, agent, req, body, res)).status;
    entry.endMs = performance.now() - t0;
    log.push(entry);
    inFlight--;
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent) res.writeHead(502);
      res.end(String(err.message));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= new Promise<void>((resolve) => {
      clearTimeout(lifetime);
      agent.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }));
  const lifetime = setTimeout(() => void close(), opts.lifetimeMs ?? 30 * 60_000);
  lifetime.unref();
  return { url: `http://127.0.0.1:${port}`, log, peakInFlight: () => peak, close };
}
