// Probes Playwright's APIRequestContext against each hostile behaviour, the way src/http's
// PlaywrightTransport calls it (timeout, maxRedirects 0, maxRetries 0), and prints what happened:
// outcome, elapsed time, bytes handed back and the process's peak RSS growth.
// Run: npx tsx tests/support/probe-api-request.ts [behaviour ...]   (findings: tests/support/README.md)
import { request } from '@playwright/test';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { startCanary } from './canary.ts';
import { startHostileServer, type Behaviour, type OperationId } from './hostile-server.ts';
import { makeSelfSignedCert } from './self-signed-cert.ts';

const token = randomBytes(24).toString('hex');
const TIMEOUT_MS = 3_000;

interface ProbeOptions {
  tls?: 'refuse' | 'insecure' | 'extra-ca';
  path?: (projectId: string) => string;
  timeoutMs?: number;
  /** Leave Playwright's default redirect following on (to see what follows a Location header). */
  follow?: boolean;
  method?: string;
  bombBytes?: number;
  label?: string;
  on?: OperationId[];
}

async function probe(behaviour: Behaviour, opts: ProbeOptions = {}): Promise<void> {
  const canary = await startCanary({ secrets: () => [token] });
  const cert = opts.tls ? makeSelfSignedCert() : undefined;
  const server = await startHostileServer({
    behaviour,
    token,
    otherHostUrl: canary.url,
    ...(cert ? { tls: { cert: cert.cert, key: cert.key } } : {}),
    ...(opts.bombBytes ? { bombBytes: opts.bombBytes } : {}),
    ...(opts.on ? { on: opts.on } : {}),
  });
  if (opts.tls === 'extra-ca') {
    // NODE_EXTRA_CA_CERTS is read at process start: only a child started with it can tell.
    // Asynchronous: the server runs in this process, so a blocking spawn would starve it.
    const out = await new Promise<string>((resolve) => {
      execFile(
        process.execPath,
        ['--input-type=module', '-e', CHILD_FETCH, `${server.url}/v1.1/images/detail`, token],
        { env: { PATH: '/usr/bin:/bin', HOME: tmpdir(), NODE_EXTRA_CA_CERTS: cert!.certFile }, timeout: 60_000 },
        (err, stdout, stderr) => resolve(`${stdout}${stderr}${err && !stdout ? err.message : ''}`),
      );
    });
    console.log(`${'clean/extra-ca'.padEnd(26)} child with NODE_EXTRA_CA_CERTS: ${out.trim().split('\n').pop()}`);
    await server.close();
    await canary.close();
    return;
  }
  const ctx = await request.newContext({ ...(opts.tls === 'insecure' ? { ignoreHTTPSErrors: true } : {}) });
  const path = opts.path?.(server.projectId) ?? '/v1.1/images/detail';
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  let outcome: string;
  try {
    const res = await ctx.fetch(`${server.url}${path}`, {
      method: opts.method ?? 'GET',
      ...(opts.method === 'POST' ? { data: '{}' } : {}),
      headers: { 'X-Auth-Token': token, Authorization: `Bearer ${token}`, Accept: 'application/json' },
      timeout: opts.timeoutMs ?? TIMEOUT_MS,
      ...(opts.follow ? {} : { maxRedirects: 0 }),
      maxRetries: 0,
      failOnStatusCode: false,
    });
    const headersAt = performance.now() - started;
    try {
      const body = await res.body();
      outcome = `status ${res.status()} after ${headersAt.toFixed(0)} ms; body ${body.length} bytes; content-encoding ${res.headers()['content-encoding'] ?? '-'}; location ${res.headers().location ?? '-'}`;
    } catch (e) {
      outcome = `status ${res.status()} after ${headersAt.toFixed(0)} ms; body() threw: ${(e as Error).message.split('\n')[0]}`;
    }
    await res.dispose();
  } catch (e) {
    outcome = `fetch threw: ${(e as Error).message.split('\n')[0]}`;
  }
  const elapsed = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const label = opts.label ?? `${behaviour}${opts.tls ? `/${opts.tls}` : ''}`;
  const carried = canary
    .credentialed()
    .map((h) => h.credentials.join(' + '))
    .join('; ');
  console.log(
    `${label.padEnd(26)} ${elapsed.toFixed(0).padStart(6)} ms  rss +${((peak - rssBefore) / 2 ** 20).toFixed(0)} MiB  canary hits ${canary.hits.length} (credentialed ${canary.credentialed().length}${carried ? `: ${carried}` : ''})\n    ${outcome}`,
  );
  await ctx.dispose();
  await server.close();
  await canary.close();
}

const CHILD_FETCH = `
import { request } from '@playwright/test';
const [url, token] = process.argv.slice(-2);
const ctx = await request.newContext();
try {
  const r = await ctx.fetch(url, { headers: { 'X-Auth-Token': token }, timeout: 5000, maxRedirects: 0 });
  console.log('status ' + r.status());
} catch (e) { console.log('threw: ' + e.message.split('\\n')[0]); }
await ctx.dispose();
`;

const all: Array<[Behaviour, ProbeOptions]> = [
  ['no-response', {}],
  ['drip', {}],
  ['huge-body', {}],
  ['reset-mid-body', {}],
  ['gzip-bomb', {}],
  ['gzip-bomb', { label: 'gzip-bomb/200MiB,60s', timeoutMs: 60_000, bombBytes: 200 * 2 ** 20 }],
  ['redirect-other-host', {}],
  [
    'redirect-other-host',
    {
      label: 'redirect/POST',
      method: 'POST',
      on: ['software-deployment-create'],
      path: (p) => `/v1/${p}/software_deployments`,
    },
  ],
  ['redirect-other-host', { label: 'redirect/followed', follow: true }],
  ['invalid-json', { path: (p) => `/v1/${p}/software_deployments/x` }],
  ['clean', { tls: 'refuse' }],
  ['clean', { tls: 'insecure' }],
  ['clean', { tls: 'extra-ca' }],
];
const wanted = process.argv.slice(2);
for (const [b, o] of all) {
  if (wanted.length === 0 || wanted.includes(b) || (o.label && wanted.includes(o.label))) await probe(b, o);
}
