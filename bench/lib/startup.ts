// Wall time of a Playwright run of one empty test, as a fresh process: the runner's fixed cost.
import { join } from 'node:path';
import { PLAYWRIGHT_CLI, ROOT, failIfBad, runChild } from './child.ts';
import { median, repeat } from './stats.ts';

export async function playwrightStartupMs(runs: number): Promise<{ median: number; all: number[]; cpuMs?: number }> {
  const config = join(ROOT, 'bench/empty-run/playwright.config.ts');
  const rs = await repeat(runs, async () => failIfBad('empty Playwright run', await runChild(process.execPath, [PLAYWRIGHT_CLI, 'test', '-c', config], { timeoutMs: 120_000, measureCpu: true })));
  const all = rs.map((r) => r.wallMs);
  const cpu = rs.map((r) => r.cpuMs).filter((c): c is number => c !== undefined);
  return { median: median(all), all, ...(cpu.length ? { cpuMs: median(cpu) } : {}) };
}
