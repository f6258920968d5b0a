// The few HTTP exchanges this layer makes itself (Keystone, version documents), on node:http so that
// nothing follows a redirect behind our back (undici's fetch keeps X-Auth-Token across hosts), and
// every exchange is bounded in time and size.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface TlsMaterial {
  rejectUnauthorized: boolean;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

export interface ExchangeRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxBodyBytes: number;
  tls: TlsMaterial;
}

export interface ExchangeResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Error from the network or from a bound, naming the host only (never a path, query or header). */
export class ExchangeError extends Error {
  override name = 'ExchangeError';
}

export function exchange(req: ExchangeRequest): Promise<ExchangeResponse> {
  const url = new URL(req.url);
  const host = url.host;
  const signal = AbortSignal.timeout(req.timeoutMs);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolvePromise, reject) => {
    let settled = false;
    const done = (fn: () => void) => {
      if (!settled) {
        settled = true;
        fn();
      }
    };
    const headers: Record<string, string> = { Accept: 'application/json', ...req.headers };
    if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body));
    const r = send(
      url,
      {
        method: req.method,
        headers,
        agent: false,
        signal,
        rejectUnauthorized: req.tls.rejectUnauthorized,
        ca: req.tls.ca,
        cert: req.tls.cert,
        key: req.tls.key,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > req.maxBodyBytes) {
            res.destroy();
            done(() => reject(new ExchangeError(`${host} sent a body larger than ${req.maxBodyBytes} bytes`)));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          done(() => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') })),
        );
        res.on('error', (e) => done(() => reject(describe(e, host, req.timeoutMs, signal))));
        res.on('aborted', () => done(() => reject(new ExchangeError(`${host} closed the connection in the middle of the body`))));
      },
    );
    r.on('error', (e) => done(() => reject(describe(e, host, req.timeoutMs, signal))));
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

function describe(e: Error, host: string, timeoutMs: number, signal: AbortSignal): ExchangeError {
  if (signal.aborted) return new ExchangeError(`${host} gave no complete answer within ${timeoutMs} ms`);
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return new ExchangeError(`${host} refused the connection`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new ExchangeError(`${host}: name not resolved`);
  if (code === 'ECONNRESET') return new ExchangeError(`${host} reset the connection`);
  if (code && /CERT|SSL|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return new ExchangeError(`${host}: TLS certificate not trusted (${code}); set cacert, or insecure for a test cloud`);
  }
  return new ExchangeError(`${host}: ${code ?? e.message}`);
}
