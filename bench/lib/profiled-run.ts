// One direct Playwright run of the suite with CPU profiles. --cpu-prof is refused in NODE_OPTIONS,
// but Playwright forks its workers with the runner's execArgv, so giving it to the runner profiles
// the workers too.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { childEnv, runChild, PLAYWRIGHT_CLI, ROOT, type ChildResult } from './child.ts';
import { osEnvFor, startTarget } from './target.ts';

export async function profiledSuiteRun(out: string, playwrightArgs: string[]): Promise<ChildResult> {
  mkdirSync(out, { recursive: true });
  const target = await startTarget();
  try {
    const env = childEnv({
      ...osEnvFor(target.authUrl, target.credentials),
      CONFORMANCE_REPORT_DIR: join(out, 'reports'),
      CONFORMANCE_ALLURE_DIR: join(out, 'reports/allure-results'),
    });
    return await runChild(
      process.execPath,
      [
        '--cpu-prof',
        `--cpu-prof-dir=${out}`,
        PLAYWRIGHT_CLI,
        'test',
        '-c',
        join(ROOT, 'playwright.config.ts'),
        ...playwrightArgs,
      ],
      { env, timeoutMs: 600_000 },
    );
  } finally {
    await target.close();
  }
}
