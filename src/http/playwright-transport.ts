// Requests through Playwright's APIRequestContext, as the suite's tests must use. Redirects are never
// followed (a token must not ride a Location header to another host) and each request has its own
// timeout. Playwright buffers a whole body before handing it over, so the size cap here is applied after
// the fact (declared length or bytes read); issue 8 may replace this transport with a streaming one.
import type { APIRequestContext } from '@playwright/test';
import { TransportError, type HttpRequest, type RawResponse, type Transport } from './model.ts';

export class PlaywrightTransport implements Transport {
  constructor(
    private readonly context: APIRequestContext,
    private readonly ownsContext = false,
  ) {}

  async send(req: HttpRequest): Promise<RawResponse> {
    let response;
    try {
      response = await this.context.fetch(req.url, {
        method: req.method,
        headers: req.headers,
        ...(req.body !== undefined ? { data: Buffer.from(req.body, 'utf8') } : {}),
        timeout: req.timeoutMs,
        maxRedirects: 0,
        maxRetries: 0,
        failOnStatusCode: false,
      });
    } catch (error) {
      const message = error instanceof Error ? (error.message.split('\n')[0] ?? String(error)) : String(error);
      if (/timeout/i.test(message)) {
        throw new TransportError(`no response within ${req.timeoutMs} ms`, 'timeout');
      }
      throw new TransportError(message.replace(/^apiRequestContext\.fetch:\s*/, ''), 'network');
    }
    const headers: Record<string, string> = {};
    for (const { name, value } of response.headersArray()) {
      const key = name.toLowerCase();
      headers[key] = key in headers ? `${headers[key]}, ${value}` : value;
    }
    const declared = Number(headers['content-length']);
    let body: Buffer;
    try {
      body = await response.body();
    } catch (error) {
      throw new TransportError(
        `response body could not be read: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
        'network',
      );
    } finally {
      // Playwright keeps bodies until disposed; a long run would otherwise hold every page it walked.
      await response.dispose().catch(() => undefined);
    }
    const oversized = (Number.isFinite(declared) && declared > req.maxBodyBytes) || body.length > req.maxBodyBytes;
    return {
      status: response.status(),
      headers,
      body: oversized ? body.subarray(0, req.maxBodyBytes) : body,
      ...(oversized ? { oversized: true } : {}),
    };
  }

  async close(): Promise<void> {
    if (this.ownsContext) await this.context.dispose();
  }
}
