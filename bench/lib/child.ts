// Runs a child process with a bounded wait and an explicit environment, and times it from spawn to
// exit. The environment is built here from scratch, never inherited: an OS_* variable left in the
// user's shell must not steer a bench run to a real cloud, and nothing in bench/ reads process.env but
// the bench's own list of folders to remove when it ends (bench/lib/leftovers.ts).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { leftoversEnv } from './leftovers.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TSX_CLI = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
export const PLAYWRIGHT_CLI = join(ROOT, 'node_modules/@playwright/test/cli.js');

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  wallMs: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /**
   * Time from the child's exit until its output streams closed: a descendant that inherited them
   * and outlived it. Not part of wallMs, which ends when the child exits, as a shell's wait does.
   */
  lingerMs: number;
  /** User + system CPU of the child and every descendant it waited for (GNU time), when measured. */
  cpuMs?: number;
}

export interface ChildOptions {
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
  /** Keep at most this many characters of each stream (the tail). */
  keep?: number;
  /**
   * Also measure the CPU time of the whole process tree with GNU time (/usr/bin/time), when
   * installed: on a shared, loaded machine CPU time is what the work costs, wall time also counts
   * the wait for a core.
   */
  measureCpu?: boolean;
}

export const GNU_TIME = '/usr/bin/time';

/** `%e %U %S` as GNU time writes it (the last line; a line before it may name a signal). */
export function parseGnuTime(text: string): number | undefined {
  const last = text.trim().split('\n').pop() ?? '';
  const m = /^([\d.]+) ([\d.]+) ([\d.]+)$/.exec(last.trim());
  return m ? (Number(m[2]) + Number(m[3])) * 1000 : undefined;
}

export function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: [dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
    HOME: homedir(),
    // Colour codes would end up in the parsed output.
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    ...leftoversEnv(),
    ...extra,
  };
}

export function runChild(command: string, args: string[], opts: ChildOptions = {}): Promise<ChildResult> {
  const keep = opts.keep ?? 200_000;
  const timeoutMs = opts.timeoutMs ?? 300_000;
  let timeDir: string | undefined;
  if (opts.measureCpu && existsSync(GNU_TIME)) {
    timeDir = mkdtempSync(join(tmpdir(), 'cac-bench-time-'));
    args = ['-f', '%e %U %S', '-o', join(timeDir, 'time'), command, ...args];
    command = GNU_TIME;
  }
  const cpuOf = (): number | undefined => {
    if (!timeDir) return undefined;
    try {
      return parseGnuTime(readFileSync(join(timeDir, 'time'), 'utf8'));
    } catch {
      return undefined;
    } finally {
      rmSync(timeDir, { recursive: true, force: true });
    }
  };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: opts.cwd ?? ROOT,
      env: opts.env ?? childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout = (stdout + d).slice(-keep);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr = (stderr + d).slice(-keep);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      // The whole group: a runner's workers must not outlive it.
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    let exitedAt: number | undefined;
    let lingerTimer: NodeJS.Timeout | undefined;
    child.on('exit', () => {
      exitedAt = performance.now();
      // Output held open by an orphaned descendant must not hold the bench: give it 5 s, then end the group.
      lingerTimer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 5000);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(lingerTimer);
      const closedAt = performance.now();
      const end = exitedAt ?? closedAt;
      const cpuMs = cpuOf();
      resolve({
        code,
        signal,
        wallMs: end - started,
        lingerMs: closedAt - end,
        stdout,
        stderr,
        timedOut,
        ...(cpuMs !== undefined ? { cpuMs } : {}),
      });
    });
  });
}

export function runTsx(script: string, args: string[], opts: ChildOptions = {}): Promise<ChildResult> {
  return runChild(process.execPath, [TSX_CLI, script, ...args], opts);
}

/** The last line of stdout that parses as a JSON object: how measuring children report back. */
export function lastJsonLine<T>(stdout: string): T {
  const lines = stdout.trim().split('\n').reverse();
  for (const line of lines) {
    const t = line.trim();
    if (t.startsWith('{')) {
      try {
        return JSON.parse(t) as T;
      } catch {
        /* not this line */
      }
    }
  }
  throw new Error(`no JSON result line in the child's output:\n${stdout.slice(-2000)}`);
}

export function failIfBad(what: string, r: ChildResult): ChildResult {
  if (r.timedOut) throw new Error(`${what}: timed out after ${r.wallMs.toFixed(0)} ms\n${r.stderr.slice(-2000)}`);
  if (r.code !== 0)
    throw new Error(`${what}: exit ${r.code ?? r.signal}\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-3000)}`);
  return r;
}
