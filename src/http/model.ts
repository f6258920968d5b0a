// The transport seam: checks and the client see only these shapes, so the Playwright transport can be
// swapped (issue 8: a streaming transport with a hard body cap) without touching a check.

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Bytes of body the caller will look at; the transport may stop reading past it. */
  maxBodyBytes: number;
}

export interface RawResponse {
  status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: Buffer;
  /** Set when the transport stopped reading at maxBodyBytes or the declared length exceeds it. */
  oversized?: boolean;
}

/** A network-level failure (timeout, reset, refused): the request got no usable response. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly kind: 'timeout' | 'network' | 'refused',
    /** The system error code behind a network failure (`ECONNRESET`, `CERT_HAS_EXPIRED`, …), where there is one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export interface Transport {
  send(request: HttpRequest): Promise<RawResponse>;
  close(): Promise<void>;
}
