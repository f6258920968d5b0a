// A recording reverse proxy on loopback: it forwards every request to the target unchanged (Host
// header included, so links the target builds from the request's own host lead back through the
// proxy) and keeps the exact sequence of requests, which the floor benchmark replays with a bare
// fetch loop and the peer benchmark replays through a peer's validation proxy.
import { createServer, Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forward, readBody } from './forward.ts';

export interface RecordedExchange {
  method: string;
  /** Path and query as sent (`/volume/v3/p/backups?limit=10`). */
  url: string;
  headers: Record<string, string>;
  body?: string;
  status: number;
  /** Only the response headers a replay needs to map (the Keystone token). */
  subjectToken?: string;
  /** Response body of writes and token issues, for mapping ids created by the target; GET bodies are not kept. */
  responseBody?: string;
}

export interface RecordingProxy {
  url: string;
  records: RecordedExchange[];
  close(): Promise<void>;
}

const HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'host',
  'proxy-connection',
  'upgrade',
  'te',
  'trailer',
]);

export function keptRequestHeaders(raw: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (HOP.has(k) || v === undefined) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

export async function startRecordingProxy(upstreamOrigin: string): Promise<RecordingProxy> {
  const upstream = new URL(upstreamOrigin);
  const agent = new Agent({ keepAlive: true });
  const records: RecordedExchange[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const headers = keptRequestHeaders(req.headers);
    const rec: RecordedExchange = { method, url, headers, status: 0 };
    if (body.length) rec.body = body.toString('utf8');
    records.push(rec);
    const answer = await forward('recording proxy', upstream, agent, req, body, res);
    rec.status = answer.status;
    const token = answer.headers['x-subject-token'];
    if (typeof token === 'string') rec.subjectToken = token;
    if (!answer.error && method !== 'GET' && method !== 'HEAD' && answer.body.length < 1_000_000)
      rec.responseBody = answer.body.toString('utf8');
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
  return {
    url: `http://127.0.0.1:${port}`,
    records,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
