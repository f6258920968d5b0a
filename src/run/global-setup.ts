// Playwright global setup: resolve the configuration once; when it names no cloud, start the embedded
// reference target on a free loopback port (with REFERENCE_DEFECT / REFERENCE_VARIANT) and publish its
// auth URL to the workers. The returned function is Playwright's teardown: it stops the target.
import type { FullConfig } from '@playwright/test';
import { loadConfiguration } from '../config/load.ts';
import { publishEmbeddedTarget, withdrawEmbeddedTarget } from '../config/run-env.ts';

export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  const config = loadConfiguration();
  if (!config.embedded) return async () => undefined;
  const run = config.run;
  // Imported only here: a run against a real cloud never loads the reference target (hono and its facts).
  const { startReferenceTarget } = await import('../target/server.ts');
  const target = await startReferenceTarget({
    port: 0,
    ...(run.referenceDefect ? { defect: run.referenceDefect } : {}),
    ...(run.referenceVariant ? { variant: run.referenceVariant } : {}),
  });
  publishEmbeddedTarget(target.login);
  return async () => {
    withdrawEmbeddedTarget();
    await target.close();
  };
}
