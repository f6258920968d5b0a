// Stoplight Prism as a validation proxy in front of one service of the target: every response that
// passes through is validated against the project's OpenAPI export, and what Prism finds comes back
// in the `sl-violations` response header. Installed apart from the main tree (bench/peers).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT, childEnv, failIfBad, runChild } from './child.ts';

export const PEERS_DIR = join(ROOT, 'bench/peers');
export const PRISM_BIN = join(PEERS_DIR, 'node_modules/@stoplight/prism-cli/dist/index.js');

/** Installs the pinned peers from bench/peers/package-lock.json when they are not there yet. */
export async function ensurePeers(): Promise<void> {
  if (existsSync(PRISM_BIN)) return;
  console.error('Installing peer tools into bench/peers/node_modules (npm ci)…');
  failIfBad(
    'npm ci --prefix bench/peers',
    await runChild('npm', ['ci', '--prefix', PEERS_DIR, '--no-audit', '--no-fund'], { timeoutMs: 600_000 }),
  );
  if (!existsSync(PRISM_BIN)) throw new Error(`npm ci finished but ${PRISM_BIN} is missing`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface PrismProxy {
  origin: string;
  startMs: number;
  close(): Promise<void>;
}

async function waitUntilAnswering(
  origin: string,
  child: ChildProcess,
  log: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prism exited ${child.exitCode} before answering\n${log()}`);
    try {
      await fetch(`${origin}/`, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`prism did not answer on ${origin} within ${timeoutMs} ms\n${log()}`);
}

export async function startPrismProxy(openapiFile: string, upstream: string): Promise<PrismProxy> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [PRISM_BIN, 'proxy', openapiFile, upstream, '-h', '127.0.0.1', '-p', String(port)],
    {
      cwd: ROOT,
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let log = '';
  const keep = (d: Buffer) => {
    log = (log + d.toString('utf8')).slice(-8000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const origin = `http://127.0.0.1:${port}`;
  const close = async () => {
    if (child.exitCode !== null) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    await Promise.race([gone, new Promise((r) => setTimeout(r, 3000))]);
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  };
  try {
    await waitUntilAnswering(origin, child, () => log, 60_000);
  } catch (err) {
    await close();
    throw err;
  }
  return { origin, startMs: performance.now() - started, close };
}

export interface Violation {
  location: string[];
  severity: string;
  code?: string | number;
  message: string;
}

export function parseViolations(header: string): Violation[] {
  try {
    const v = JSON.parse(header) as unknown;
    return Array.isArray(v) ? (v as Violation[]) : [];
  } catch {
    return [];
  }
}

/**
 * Prism's findings about responses, keyed by position in the replayed sequence, so the findings of
 * a defect run can be compared with those of the clean run of the very same requests. Request-side
 * findings are left out: the suite sends malformed requests on purpose.
 */
export function responseFindingKeys(collected: { index: number; value: string }[]): Set<string> {
  const keys = new Set<string>();
  for (const c of collected) {
    for (const v of parseViolations(c.value)) {
      if (v.location[0] !== 'response' || v.severity !== 'Error') continue;
      keys.add(`${c.index}|${v.location.join('.')}|${v.code ?? ''}`);
    }
  }
  return keys;
}
