// Wall time of a Playwright run of one empty test, as a fresh process: the runner's fixed cost.
import { join } from 'node:path';
import { PLAYWRIGHT_CLI, ROOT, failIfBad, runChild } from './child.ts';

/** One empty run: wall and CPU time. */
export async function playwrightStartupOnce(): Promise<{ wallMs: number; cpuMs?: number }> {
  const config = join(ROOT, 'bench/empty-run/playwright.config.ts');
  return failIfBad(
    'empty Playwright run',
    await runChild(process.execPath, [PLAYWRIGHT_CLI, 'test', '-c', config], { timeoutMs: 120_000, measureCpu: true }),
  );
}
