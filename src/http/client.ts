// The one way checks talk to a target: builds the request, attaches credentials only for the target's
// own origins, never follows redirects, bounds time and size, and returns a Reply that never throws —
// network trouble is a Reply with `error`, so a check turns it into a failure of what it was asking.
import type { Exchange, RetryRecord } from '../results/model.ts';
import { DEFAULT_LIMITS, type Limits } from '../session/model.ts';
import { curlLine } from './curl.ts';
import { TransportError, type HttpRequest, type RawResponse, type Transport } from './model.ts';
import { RETRIED_STATUSES, retryPolicy, retryWaitMs, Semaphore, sleep, type RetryPolicy } from './retry.ts';
import { Redactor } from '../lib/redact.ts';
import { originOf } from './url.ts';
import { currentPriority } from './priority.ts';

/** What the client needs of a TargetSession. */
export interface ClientSession {
  endpoints: Partial<Record<string, string>>;
  authUrl?: string;
  authHeaders(): Promise<Record<string, string>>;
  secrets(): string[];
  limits: Limits;
}

/** `token`: the session's credentials; `none`: no credentials; `invalid`: a made-up token. */
export type AuthMode = 'token' | 'none' | 'invalid';

export const INVALID_TOKEN = 'cac-invalid-token-0000000000000000';

export interface RequestSpec {
  method: string;
  url: string;
  auth?: AuthMode;
  headers?: Record<string, string>;
  /** A JSON value (serialised) or a raw string sent as is (for malformed bodies). */
  json?: unknown;
  raw?: string;
}

export interface Reply {
  method: string;
  url: string;
  status?: number;
  headers: Record<string, string>;
  text: string;
  /** Parsed body; undefined when the body is empty or not JSON (then `jsonError`). */
  json?: unknown;
  jsonError?: string;
  /** Set when no usable response came back (timeout, reset, refused, oversized). */
  error?: string;
  exchange: Exchange;
  reproduce: string;
  durationMs: number;
}

/** Sees each reply sent with the session's credentials and may send it again (once) to tell why it was refused. */
export interface AuthWatchHook {
  observe(spec: RequestSpec, reply: Reply, resend: (spec: RequestSpec) => Promise<Reply>): Promise<Reply>;
}

const EXCHANGE_BODY_BYTES = 4096;
/** A write's body longer than this (an upload) is not kept to tell what it named: only its URL. */
const WRITE_BODY_KEPT = 65_536;

/** What the client sent: logical requests, those answered 429/503 and sent again, and the extra tries. */
export interface RequestStats {
  sent: number;
  retried: number;
  retries: number;
}

/** Options a test or benchmark may set beyond the session's limits. */
export interface ClientOptions {
  /** First back-off without a usable Retry-After, ms (default 500). */
  baseRetryDelayMs?: number;
}

export class TargetClient {
  readonly redactor: Redactor;
  private readonly allowedOrigins: Set<string>;
  /** Every exchange in order; fixtures attach the ones a test touched. */
  onExchange?: (exchange: Exchange) => void;
  /** Counts since the client was made; the fixtures report their growth per test. */
  readonly stats: RequestStats = { sent: 0, retried: 0, retries: 0 };
  readonly retry: RetryPolicy;
  /** In-flight bound per service (or per origin, for a URL no endpoint covers). */
  private readonly slots = new Map<string, Semaphore>();
  private readonly concurrency: number;

  constructor(
    private readonly session: ClientSession,
    private readonly transport: Transport,
    options: ClientOptions = {},
  ) {
    this.retry = retryPolicy(session.limits, options.baseRetryDelayMs);
    this.concurrency = session.limits.concurrency ?? DEFAULT_LIMITS.concurrency ?? 4;
    this.redactor = new Redactor(() => session.secrets());
    this.allowedOrigins = new Set(
      [...Object.values(session.endpoints), session.authUrl]
        .filter((u): u is string => typeof u === 'string')
        .map((u) => originOf(u))
        .filter((o): o is string => o !== undefined),
    );
  }

  get limits(): Limits {
    return this.session.limits;
  }

  /** Whether credentials may go to this URL: only the target's own scheme, host and port. */
  isTargetUrl(url: string): boolean {
    const origin = originOf(url);
    return origin !== undefined && this.allowedOrigins.has(origin);
  }

  /** Hears every reply to a request sent with the session's credentials (src/checks/auth-watch.ts). */
  authWatch?: AuthWatchHook;

  /** What each write asked of the client named (its URL and body), in order: see wroteSince(). */
  private readonly writes: string[] = [];

  /** How many writes (any method but GET and HEAD) the client has been asked to send so far. */
  get writesAsked(): number {
    return this.writes.length;
  }

  /**
   * Whether a write asked after the first `since` is one `names` picks, given its URL, a space and its
   * JSON or text body.
   */
  wroteSince(since: number, names: (write: string) => boolean): boolean {
    for (let i = since; i < this.writes.length; i++) if (names(this.writes[i]!)) return true;
    return false;
  }

  async send(spec: RequestSpec): Promise<Reply> {
    if (spec.method !== 'GET' && spec.method !== 'HEAD') {
      const body = spec.raw ?? (spec.json !== undefined ? JSON.stringify(spec.json) : '');
      this.writes.push(`${spec.url} ${body.length <= WRITE_BODY_KEPT ? body : ''}`);
    }
    const reply = await this.sendOnce(spec);
    if (!this.authWatch || (spec.auth ?? 'token') !== 'token') return reply;
    return this.authWatch.observe(spec, reply, (again) => this.sendOnce(again));
  }

  private async sendOnce(spec: RequestSpec): Promise<Reply> {
    const auth = spec.auth ?? 'token';
    const headers: Record<string, string> = { Accept: 'application/json', ...spec.headers };
    let body: string | undefined;
    if (spec.raw !== undefined) body = spec.raw;
    else if (spec.json !== undefined) body = JSON.stringify(spec.json);
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['Content-Type'] = 'application/json';
    }
    const started = performance.now();
    if (auth === 'token') {
      if (!this.isTargetUrl(spec.url)) {
        return this.refused(spec, headers, body, started);
      }
      try {
        Object.assign(headers, await this.session.authHeaders());
      } catch (error) {
        return this.finish(spec, headers, body, started, undefined, `authentication failed: ${message(error)}`);
      }
    } else if (auth === 'invalid') {
      headers['X-Auth-Token'] = INVALID_TOKEN;
    }
    const retries: RetryRecord[] = [];
    try {
      const raw = await this.sendWithRetries(
        {
          method: spec.method,
          url: spec.url,
          headers,
          ...(body !== undefined ? { body } : {}),
          timeoutMs: this.session.limits.requestTimeoutMs,
          maxBodyBytes: this.session.limits.maxBodyBytes,
        },
        retries,
      );
      const text = raw.body.toString('utf8');
      const error = raw.oversized
        ? `response body exceeds the ${this.session.limits.maxBodyBytes}-byte cap`
        : undefined;
      return this.finish(
        spec,
        headers,
        body,
        started,
        { status: raw.status, headers: raw.headers, text },
        error,
        retries,
      );
    } catch (error) {
      const text = error instanceof TransportError ? error.message : `request failed: ${message(error)}`;
      return this.finish(spec, headers, body, started, undefined, text, retries);
    }
  }

  /**
   * Sends within the service's in-flight bound, holding the slot through any wait (a target that asks
   * for less traffic gets less from this client); a 429 or 503 is sent again after the wait its
   * `Retry-After` asks for (cut to the policy's bound) or a doubling back-off, at most `maxTries` in all.
   * The last answer is returned as it came, so a check judges a persistent 503 as it would a single one.
   */
  private sendWithRetries(request: HttpRequest, retries: RetryRecord[]): Promise<RawResponse> {
    this.stats.sent++;
    return this.slotFor(request.url).run(async () => {
      for (let attempt = 1; ; attempt++) {
        const raw = await this.transport.send(request);
        if (!RETRIED_STATUSES.has(raw.status) || attempt >= this.retry.maxTries) return raw;
        const retryAfter = raw.headers['retry-after'];
        const waitMs = retryWaitMs(retryAfter, attempt, this.retry);
        retries.push({
          status: raw.status,
          ...(retryAfter !== undefined ? { retryAfter: truncate(retryAfter, 80) } : {}),
          waitMs,
        });
        if (attempt === 1) this.stats.retried++;
        this.stats.retries++;
        await sleep(waitMs);
      }
    }, currentPriority());
  }

  /** The semaphore of the service whose endpoint the URL is under (the longest such), else of its origin. */
  private slotFor(url: string): Semaphore {
    let key: string | undefined;
    let best = -1;
    for (const [service, base] of Object.entries(this.session.endpoints)) {
      if (typeof base === 'string' && url.startsWith(base) && base.length > best) {
        key = `service:${service}`;
        best = base.length;
      }
    }
    key ??= `origin:${originOf(url) ?? url}`;
    let slot = this.slots.get(key);
    if (!slot) this.slots.set(key, (slot = new Semaphore(this.concurrency)));
    return slot;
  }

  private refused(
    spec: RequestSpec,
    headers: Record<string, string>,
    body: string | undefined,
    started: number,
  ): Reply {
    const origin = originOf(spec.url) ?? spec.url;
    return this.finish(
      spec,
      headers,
      body,
      started,
      undefined,
      `refused to send credentials to ${origin}: it is not one of the target's endpoints`,
    );
  }

  private finish(
    spec: RequestSpec,
    headers: Record<string, string>,
    body: string | undefined,
    started: number,
    response: { status: number; headers: Record<string, string>; text: string } | undefined,
    error: string | undefined,
    retries: RetryRecord[] = [],
  ): Reply {
    const durationMs = Math.round((performance.now() - started) * 100) / 100;
    const r = this.redactor;
    const exchange: Exchange = {
      method: spec.method,
      url: r.text(spec.url),
      requestHeaders: r.headers(headers),
      ...(body !== undefined ? { requestBody: r.text(truncate(body)) } : {}),
      ...(response
        ? {
            status: response.status,
            responseHeaders: r.headers(response.headers),
            responseBody: r.text(truncate(response.text)),
          }
        : {}),
      ...(error ? { error: r.text(error) } : {}),
      startedAt: new Date(performance.timeOrigin + started).toISOString(),
      durationMs,
      ...(retries.length > 0
        ? {
            retries: retries.map((x) => ({
              ...x,
              ...(x.retryAfter !== undefined ? { retryAfter: r.text(x.retryAfter) } : {}),
            })),
          }
        : {}),
    };
    this.onExchange?.(exchange);
    const reply: Reply = {
      method: spec.method,
      url: spec.url,
      headers: response?.headers ?? {},
      text: response?.text ?? '',
      exchange,
      reproduce: curlLine({ method: spec.method, url: spec.url, headers, ...(body !== undefined ? { body } : {}) }, r),
      durationMs,
      ...(response ? { status: response.status } : {}),
      ...(error ? { error: r.text(error) } : {}),
    };
    if (response && response.text.length > 0) {
      const depth = jsonDepthBeyond(response.text, MAX_JSON_DEPTH);
      if (depth) {
        // Valid or not, no documented body nests this deep, and every reader of it (JSON.stringify
        // included) would overflow the stack: it is reported as what it is, not read.
        reply.jsonError = `body nests more than ${MAX_JSON_DEPTH} levels deep (arrays or objects opened at offset ${depth.offset}); not read as JSON`;
      } else {
        try {
          reply.json = JSON.parse(response.text);
        } catch (e) {
          reply.jsonError = `body is not JSON (${message(e)})`;
        }
      }
    }
    return reply;
  }
}

/** Deeper JSON than any documented body, and than the checks (and JSON.stringify) can walk. */
export const MAX_JSON_DEPTH = 256;

/** Where a JSON text first nests deeper than `max` arrays/objects (strings skipped), or undefined. */
export function jsonDepthBeyond(text: string, max: number): { offset: number } | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return { offset: i };
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return undefined;
}

function truncate(text: string, max = EXCHANGE_BODY_BYTES): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
