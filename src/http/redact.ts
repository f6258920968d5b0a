// Every string that leaves the suite (exchanges, failure messages, reproduce lines, error text) goes
// through one Redactor, fed with the session's current secrets: tokens renew, so it asks each time.

const MASK = '***';

/** Header names whose values are credentials whatever the session says. */
const CREDENTIAL_HEADERS = new Set([
  'x-auth-token',
  'x-subject-token',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-service-token',
]);

export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADERS.has(name.toLowerCase());
}

export class Redactor {
  constructor(private readonly secrets: () => string[]) {}

  text(value: string): string {
    let out = value;
    // Longest first, so a secret containing another is masked whole.
    const list = this.secrets()
      .filter((s) => typeof s === 'string' && s.length >= 4)
      .sort((a, b) => b.length - a.length);
    for (const secret of list) {
      if (out.includes(secret)) out = out.split(secret).join(MASK);
      // A secret may appear percent-encoded in a URL or JSON-escaped in a body.
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join(MASK);
    }
    return out;
  }

  headers(headers: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      out[name] = isCredentialHeader(name) ? MASK : this.text(value);
    }
    return out;
  }
}

export const REDACTED = MASK;
