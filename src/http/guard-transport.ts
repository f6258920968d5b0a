// A Transport on node:http/https that bounds what a hostile target can make the suite hold, which
// Playwright's APIRequestContext cannot (tests/support/README.md has the probes): it reads the body as
// a stream and stops at maxBodyBytes, counts *decompressed* bytes against the same cap (a gzip bomb
// stops after maxBodyBytes, not after a gigabyte), applies one deadline to connect + headers + body (a
// body dripping one byte a second ends at timeoutMs), never follows a redirect, and takes its CA per
// transport (no NODE_EXTRA_CA_CERTS, which is read only at process start). The one HTTP client of the
// suite: the checks reach a target through it (via TargetClient), the configuration layer asks
// Keystone and the version documents through it.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { TlsOptions } from '../session/model.ts';
import { TransportError, type HttpRequest, type RawResponse, type Transport } from './model.ts';

/** TLS as already read: the configuration layer reads the files itself, to name the key of one it cannot read. */
export interface TlsMaterial {
  rejectUnauthorized: boolean;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

function material(tls: TlsOptions | TlsMaterial | undefined): TlsMaterial {
  if (!tls) return { rejectUnauthorized: true };
  if ('rejectUnauthorized' in tls) return tls;
  return {
    rejectUnauthorized: !tls.insecure,
    ...(tls.caFile ? { ca: readFileSync(tls.caFile) } : {}),
    ...(tls.certFile ? { cert: readFileSync(tls.certFile) } : {}),
    ...(tls.keyFile ? { key: readFileSync(tls.keyFile) } : {}),
  };
}

export interface GuardedTransportOptions {
  tls?: TlsOptions | TlsMaterial;
  /** Sent when the caller sets none; the same list Playwright sends, so a target sees no difference. */
  acceptEncoding?: string;
}

/** What the guard saw, beyond RawResponse: why it stopped reading. */
export interface GuardedResponse extends RawResponse {
  /** `declared-length`: Content-Length alone exceeded the cap; `read`: the stream did; `inflated`: decompression did. */
  oversizedBy?: 'declared-length' | 'read' | 'inflated';
}

function decoder(encoding: string | undefined): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      // Lenient about a truncated end, as Playwright and browsers are.
      return zlib.createGunzip({ flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    case 'deflate':
      return zlib.createInflate({ flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return undefined;
  }
}

function headersOf(res: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const key = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    out[key] = key in out ? `${out[key]}, ${value}` : value;
  }
  return out;
}

function networkMessage(err: NodeJS.ErrnoException): { text: string; kind: TransportError['kind']; code?: string } {
  const code = err.code ? { code: err.code } : {};
  if (err.code === 'ECONNREFUSED') return { text: `connection refused (${err.message})`, kind: 'refused', ...code };
  if (err.code === 'ECONNRESET' || err.message === 'aborted')
    return { text: 'connection reset by the target', kind: 'network', ...code };
  return { text: err.message, kind: 'network', ...code };
}

export class GuardedTransport implements Transport {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  private readonly httpsAgent: https.Agent;
  private readonly acceptEncoding: string;

  constructor(options: GuardedTransportOptions = {}) {
    const tls = material(options.tls);
    this.httpsAgent = new https.Agent({
      keepAlive: true,
      maxSockets: 16,
      rejectUnauthorized: tls.rejectUnauthorized,
      ...(tls.ca ? { ca: tls.ca } : {}),
      ...(tls.cert ? { cert: tls.cert } : {}),
      ...(tls.key ? { key: tls.key } : {}),
    });
    this.acceptEncoding = options.acceptEncoding ?? 'gzip,deflate,br';
  }

  send(req: HttpRequest): Promise<GuardedResponse> {
    return new Promise<GuardedResponse>((resolve, reject) => {
      let url: URL;
      try {
        url = new URL(req.url);
      } catch {
        reject(new TransportError(`not a URL: ${req.url}`, 'network'));
        return;
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        reject(new TransportError(`unsupported scheme ${url.protocol}`, 'network'));
        return;
      }
      const headers: Record<string, string> = { ...req.headers };
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'accept-encoding'))
        headers['accept-encoding'] = this.acceptEncoding;
      const body = req.body !== undefined ? Buffer.from(req.body, 'utf8') : undefined;
      if (body) headers['content-length'] = String(body.length);

      let settled = false;
      let received = 0;
      let status = 0;
      const finish = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
      };
      const fail = (text: string, kind: TransportError['kind'], code?: string): void =>
        finish(() => {
          request.destroy();
          reject(new TransportError(text, kind, code));
        });

      const client = url.protocol === 'https:' ? https : http;
      const request = client.request(url, {
        method: req.method,
        headers,
        agent: url.protocol === 'https:' ? this.httpsAgent : this.httpAgent,
      });
      // One deadline for everything: a drip of one byte a second must not reset it byte by byte.
      const timer = setTimeout(() => {
        const where = status ? `the body after ${received} bytes` : 'a response';
        fail(`no complete response within ${req.timeoutMs} ms (waiting for ${where})`, 'timeout');
      }, req.timeoutMs);

      request.on('error', (err: NodeJS.ErrnoException) => {
        const { text, kind, code } = networkMessage(err);
        fail(status ? `${text} after ${received} bytes of the body` : text, kind, code);
      });

      request.on('response', (res) => {
        status = res.statusCode ?? 0;
        const resHeaders = headersOf(res);
        const cap = req.maxBodyBytes;
        const chunks: Buffer[] = [];
        const inflate = decoder(resHeaders['content-encoding']);
        const done = (oversizedBy?: GuardedResponse['oversizedBy']): void =>
          finish(() => {
            const all = Buffer.concat(chunks);
            if (oversizedBy) {
              // Stop the transfer and the inflater: the rest of a hostile body is never produced.
              inflate?.destroy();
              res.destroy();
              request.destroy();
            }
            resolve({
              status,
              headers: resHeaders,
              body: all.length > cap ? all.subarray(0, cap) : all,
              ...(oversizedBy ? { oversized: true, oversizedBy } : {}),
            });
          });

        const declared = Number(resHeaders['content-length']);
        if (Number.isFinite(declared) && declared > cap) return done('declared-length');

        if (inflate) {
          // The wire bytes count too: a compressed body may not be larger than the cap either.
          let wire = 0;
          res.on('data', (c: Buffer) => {
            wire += c.length;
            if (!settled && wire > cap) done('read');
          });
        }
        res.on('aborted', () => fail(`connection reset after ${received} bytes of the body`, 'network'));
        res.on('error', (err: NodeJS.ErrnoException) =>
          fail(`${networkMessage(err).text} after ${received} bytes of the body`, 'network'),
        );

        const stream: Readable = inflate ? res.pipe(inflate) : res;
        if (inflate) {
          inflate.on(
            'error',
            (err) =>
              settled ||
              fail(`body could not be decoded as ${resHeaders['content-encoding']}: ${err.message}`, 'network'),
          );
        }
        stream.on('data', (c: Buffer) => {
          if (settled) return;
          received += c.length;
          chunks.push(c);
          if (received > cap) done(inflate ? 'inflated' : 'read');
        });
        stream.on('end', () => {
          if (!res.complete) fail(`connection closed after ${received} bytes of the body`, 'network');
          else done();
        });
      });

      if (body) request.end(body);
      else request.end();
    });
  }

  async close(): Promise<void> {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
