// The conformance suite. Reporters: a terminal one plus the conformance reporter (conformance.json,
// HTML, Markdown, JUnit and Allure results, written per requirement — which is why allure-playwright,
// whose results are per Playwright test, is not added here). Extend `reporters` rather than replace it.
import { defineConfig, type ReporterDescription } from '@playwright/test';
import { runOptions } from './src/config/env.ts';
import { bundlePath, staleBuild } from './src/run/build.ts';
import { workerOptions, type WorkerOptions } from './src/run/settings.ts';

// The runner and each worker load the suite's bundles (npm run build), never sources newer than them.
const stale = staleBuild();
if (stale) throw new Error(stale);

const limits = runOptions().limits;

// The conformance reporter reads the suite's settings itself, once (src/run/reporter.ts), so that the
// CLI's `--reporter` list gets the same options as this one.
export const reporters: ReporterDescription[] = [['list'], [bundlePath('reporter')]];

export default defineConfig<object, { suite: WorkerOptions | undefined }>({
  testDir: 'tests/conformance',
  globalSetup: bundlePath('global-setup'),
  // One file per service; a service's tests share responses, so a file stays in one worker.
  fullyParallel: false,
  // One worker, by measurement on a 2-core machine: a second worker repeats the whole worker start-up
  // (Playwright, the TS transform, catalog, Ajv compile, authentication) for about 2 s more CPU per
  // run, while the runner process (reporter, and the embedded target serving every request) already
  // keeps the other core busy; 1 worker won every paired run (wall 0.59-0.93 of 2 workers', CPU 0.77).
  // A remote cloud whose requests mostly wait on the network may gain from `--workers 2` (at most
  // one worker per service file is useful).
  workers: 1,
  retries: 0,
  // Every request is bounded by the per-request timeout; a test makes at most a few hundred.
  timeout: Math.max(60_000, limits.requestTimeoutMs * 20),
  globalTimeout: limits.totalBudgetMs,
  reporter: reporters,
  // The workers' settings, read once here and handed to the `suite` fixture option (src/run/fixtures.ts).
  use: { suite: workerOptions() },
  outputDir: 'test-results',
});
