// A transport answered by a function, without a network: for unit tests of checks and for benchmarks
// that measure the checks apart from HTTP.
import type { HttpRequest, RawResponse, Transport } from './model.ts';

export interface RouteAnswer {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as is. */
  body?: unknown;
}

export class RouteTransport implements Transport {
  readonly requests: HttpRequest[] = [];

  constructor(private readonly route: (req: HttpRequest, url: URL) => RouteAnswer | Promise<RouteAnswer>) {}

  async send(req: HttpRequest): Promise<RawResponse> {
    this.requests.push(req);
    const answer = await this.route(req, new URL(req.url));
    const isText = typeof answer.body === 'string';
    const text = answer.body === undefined ? '' : isText ? (answer.body as string) : JSON.stringify(answer.body);
    const headers: Record<string, string> = {
      ...(answer.body !== undefined && !isText ? { 'content-type': 'application/json' } : {}),
      ...Object.fromEntries(Object.entries(answer.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    };
    const body = Buffer.from(text, 'utf8');
    return { status: answer.status, headers, body, ...(body.length > req.maxBodyBytes ? { oversized: true } : {}) };
  }

  async close(): Promise<void> {}
}
