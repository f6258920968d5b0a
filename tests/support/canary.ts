// A canary: a listener on another loopback port that hostile targets redirect and link to. It
// records every request and flags those carrying a credential, proving whether the suite ever
// sends one to a host that is not the configured target.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface CanaryHit {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Why this request counts as carrying a credential; empty when it carries none. */
  credentials: string[];
}

export interface Canary {
  url: string;
  hits: CanaryHit[];
  /** Hits that carried a credential of any kind. */
  credentialed(): CanaryHit[];
  /**
   * Hits that carried one of these secrets, in a header, the path or the body (raw or URL-encoded).
   * Loopback ports are shared by every process on the machine; a port the canary holds may have
   * belonged to another process's target a moment ago, whose clients then knock with their own tokens.
   */
  leaksOf(secrets: readonly string[]): CanaryHit[];
  close(): Promise<void>;
}

const CREDENTIAL_HEADERS = [
  'x-auth-token',
  'authorization',
  'x-subject-token',
  'x-service-token',
  'proxy-authorization',
];
const PASSWORD_WORDS = /"(password|secret|token)"\s*:|password=|passwd=/i;

/** Reasons a request carries a credential: a credential header, a password field, or a known secret anywhere. */
export function credentialsIn(
  headers: http.IncomingHttpHeaders,
  path: string,
  body: string,
  secrets: readonly string[],
): string[] {
  const found: string[] = [];
  for (const h of CREDENTIAL_HEADERS) if (headers[h] !== undefined) found.push(`header ${h}`);
  if (PASSWORD_WORDS.test(body)) found.push('password-like field in body');
  const everything = `${path}\n${JSON.stringify(headers)}\n${body}`;
  let decodedPath = path;
  try {
    decodedPath = decodeURIComponent(path);
  } catch {
    // a malformed escape is itself worth keeping raw
  }
  for (const s of secrets) {
    if (s.length > 0 && (everything.includes(s) || decodedPath.includes(s))) found.push('a known secret value');
  }
  return found;
}

export async function startCanary(options: { secrets?: () => readonly string[] } = {}): Promise<Canary> {
  const hits: CanaryHit[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= 256 * 1024) chunks.push(c);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      hits.push({
        method: req.method ?? 'GET',
        path,
        headers: req.headers,
        body,
        credentials: credentialsIn(req.headers, path, body, options.secrets?.() ?? []),
      });
      // A plausible empty answer, so a client that follows does not fail for an unrelated reason.
      const reply = JSON.stringify({ backups: [], images: [], software_deployment: null });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(reply)) });
      res.end(reply);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    credentialed: () => hits.filter((h) => h.credentials.length > 0),
    leaksOf: (secrets) =>
      hits.filter((h) => {
        const seen = `${h.path}\n${JSON.stringify(h.headers)}\n${h.body}`;
        return secrets.some((s) => s.length > 0 && (seen.includes(s) || seen.includes(encodeURIComponent(s))));
      }),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
