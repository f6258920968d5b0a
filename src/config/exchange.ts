// The few HTTP exchanges this layer makes itself (Keystone, version documents), through the suite's one
// bounded client (src/http/guard-transport.ts): nothing follows a redirect behind our back (undici's
// fetch keeps X-Auth-Token across hosts), and every exchange is bounded in time and size. Errors name
// the host only (never a path, query or header) and say what to do where there is something to do.
import { GuardedTransport, type TlsMaterial } from '../http/guard-transport.ts';
import { TransportError } from '../http/model.ts';
import { DEFAULT_RETRY, RETRIED_STATUSES, retryWaitMs, sleep, type RetryPolicy } from '../http/retry.ts';

export interface ExchangeRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxBodyBytes: number;
  tls: TlsMaterial;
  /** 429 and 503 are sent again as the checks' requests are (src/http/retry.ts); default DEFAULT_RETRY. */
  retry?: RetryPolicy;
}

export interface ExchangeResponse {
  status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: string;
}

/** Error from the network or from a bound, naming the host only (never a path, query or header). */
export class ExchangeError extends Error {
  override name = 'ExchangeError';
}

/**
 * One exchange; a 429 or 503 (Keystone and the version documents are rate-limited like any endpoint) is
 * sent again after the wait its `Retry-After` asks for, within the policy's bounds, and the last
 * answer is returned as it is.
 */
export async function exchange(req: ExchangeRequest): Promise<ExchangeResponse> {
  const policy = req.retry ?? DEFAULT_RETRY;
  for (let attempt = 1; ; attempt++) {
    const res = await exchangeOnce(req);
    if (!RETRIED_STATUSES.has(res.status) || attempt >= policy.maxTries) return res;
    await sleep(retryWaitMs(res.headers['retry-after'], attempt, policy));
  }
}

async function exchangeOnce(req: ExchangeRequest): Promise<ExchangeResponse> {
  const host = new URL(req.url).host;
  const transport = new GuardedTransport({ tls: req.tls });
  try {
    const res = await transport.send({
      method: req.method,
      url: req.url,
      headers: { Accept: 'application/json', ...req.headers },
      ...(req.body !== undefined ? { body: req.body } : {}),
      timeoutMs: req.timeoutMs,
      maxBodyBytes: req.maxBodyBytes,
    });
    if (res.oversized) throw new ExchangeError(`${host} sent a body larger than ${req.maxBodyBytes} bytes`);
    return { status: res.status, headers: res.headers, body: res.body.toString('utf8') };
  } catch (e) {
    throw e instanceof TransportError ? describe(e, host, req.timeoutMs) : e;
  } finally {
    await transport.close();
  }
}

function describe(e: TransportError, host: string, timeoutMs: number): ExchangeError {
  if (e.kind === 'timeout') return new ExchangeError(`${host} gave no complete answer within ${timeoutMs} ms`);
  if (e.kind === 'refused') return new ExchangeError(`${host} refused the connection`);
  const code = e.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new ExchangeError(`${host}: name not resolved`);
  if (code === 'ECONNRESET') return new ExchangeError(`${host} reset the connection`);
  if (code && /CERT|SSL|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return new ExchangeError(
      `${host}: TLS certificate not trusted (${code}); set cacert, or insecure for a test cloud`,
    );
  }
  return new ExchangeError(`${host}: ${e.message}`);
}
