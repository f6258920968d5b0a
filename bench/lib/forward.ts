// What the bench's loopback proxies share: reading a whole body, and forwarding one request to the
// target unchanged (Host header included, so links the target builds lead back through the proxy),
// answering the client with the target's answer, or 502 naming the proxy when the target fails.
import { request as httpRequest, type Agent, type IncomingMessage, type ServerResponse } from 'node:http';

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export interface Forwarded {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** Set when the target could not be reached; the client got a 502 naming the proxy. */
  error?: string;
}

/** Sends `req` (whose body was read as `body`) to `upstream` and relays the answer; resolves once `res` is ended. */
export function forward(
  name: string,
  upstream: URL,
  agent: Agent,
  req: IncomingMessage,
  body: Buffer,
  res: ServerResponse,
): Promise<Forwarded> {
  return new Promise((resolve) => {
    const up = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        agent,
        headers: { ...req.headers, 'content-length': String(body.length) },
        timeout: 60_000,
      },
      async (upRes) => {
        const resBody = await readBody(upRes);
        const status = upRes.statusCode ?? 0;
        const headers = { ...upRes.headers };
        delete headers['transfer-encoding'];
        headers['content-length'] = String(resBody.length);
        res.writeHead(status, headers);
        res.end(resBody);
        resolve({ status, headers: upRes.headers, body: resBody });
      },
    );
    up.on('timeout', () => up.destroy(new Error('upstream timed out')));
    up.on('error', (err) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`${name}: ${err.message}`);
      resolve({ status: 502, headers: {}, body: Buffer.alloc(0), error: err.message });
    });
    up.end(body);
  });
}
