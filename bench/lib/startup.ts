// Wall time of a Playwright run of one empty test, as a fresh process: the runner's fixed cost.
import { join } from 'node:path';
import { PLAYWRIGHT_CLI, ROOT, failIfBad, runChild } from './child.ts';
import { median, repeat } from './stats.ts';

export async function playwrightStartupMs(runs: number): Promise<{ median: number; all: number[] }> {
  const config = join(ROOT, 'bench/empty-run/playwright.config.ts');
  const all = await repeat(runs, async () => failIfBad('empty Playwright run', await runChild(process.execPath, [PLAYWRIGHT_CLI, 'test', '-c', config], { timeoutMs: 120_000 })).wallMs);
  return { median: median(all), all };
}
