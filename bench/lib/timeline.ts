// When a conformance run reaches each stage, read from its own output as it streams: "Running N
// tests", the first test's "[1/N]" line, the count of how tests ended ("N tests in …" from the
// conformance reporter under the CLI, "N passed" from Playwright's own), and the exit. Says
// how much of a run is start-up, tests and reports.
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { childEnv } from './child.ts';
import { CONFORMANCE_LAUNCHER } from './conformance.ts';
import { removeLater } from './leftovers.ts';

export interface Timeline {
  runningMs?: number;
  firstResultMs?: number;
  summaryMs?: number;
  exitMs: number;
  code: number | null;
}

/** Stage of one output line, if it marks one. */
export function stageOf(line: string): 'running' | 'first-result' | 'summary' | undefined {
  if (/^Running \d+ tests? using \d+ workers?/.test(line.trim())) return 'running';
  if (/^(\S+ )?\[1\/\d+\]/.test(line.trim())) return 'first-result';
  if (/^\d+ (passed|failed|flaky|skipped|interrupted|did not run)\b/.test(line.trim())) return 'summary';
  if (/^\d+ tests? in [\d.]+s: /.test(line.trim())) return 'summary';
  return undefined;
}

export async function conformanceTimeline(osEnv: Record<string, string>, timeoutMs = 600_000): Promise<Timeline> {
  const reports = await mkdtemp(join(tmpdir(), 'cac-bench-report-'));
  try {
    return await new Promise<Timeline>((resolve, reject) => {
      const t0 = performance.now();
      const tl: Partial<Timeline> = {};
      const child = spawn(process.execPath, [CONFORMANCE_LAUNCHER], {
        env: childEnv({
          ...osEnv,
          CONFORMANCE_REPORT_DIR: reports,
          CONFORMANCE_ALLURE_DIR: join(reports, 'allure-results'),
        }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      let buf = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        buf += d;
        const lines = buf.split('\n');
        buf = lines.pop() ?? '';
        const now = performance.now() - t0;
        for (const l of lines) {
          const s = stageOf(l);
          if (s === 'running') tl.runningMs ??= now;
          else if (s === 'first-result') tl.firstResultMs ??= now;
          else if (s === 'summary') tl.summaryMs ??= now;
        }
      });
      child.stderr.resume();
      child.on('error', reject);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ ...tl, exitMs: performance.now() - t0, code });
      });
    });
  } finally {
    removeLater(reports);
  }
}
