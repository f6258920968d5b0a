// How the Playwright runner hands the embedded reference target to its workers: global setup starts
// the target and publishes where it listens; each worker reads it back. Kept in the config layer, the
// only reader (and here writer) of process.env. The reference target's credentials are throwaway ones,
// but they are still secrets for redaction.
import type { EmbeddedTarget } from './connect.ts';
import type { EnvMap } from './env.ts';

const VARIABLE = 'CONFORMANCE_EMBEDDED_TARGET';

/** Workers inherit the runner's environment, so setting it in global setup reaches them. */
export function publishEmbeddedTarget(target: EmbeddedTarget): void {
  process.env[VARIABLE] = JSON.stringify(target);
}

export function withdrawEmbeddedTarget(): void {
  delete process.env[VARIABLE];
}

export function embeddedTargetFromEnv(env?: EnvMap): EmbeddedTarget | undefined {
  const raw = (env ?? process.env)[VARIABLE];
  if (!raw) return undefined;
  const parsed = JSON.parse(raw) as EmbeddedTarget;
  if (typeof parsed.authUrl !== 'string' || typeof parsed.username !== 'string') {
    throw new Error(`${VARIABLE} does not describe an embedded target`);
  }
  return parsed;
}


const BUNDLES = 'CAC_BUNDLES';

/**
 * JavaScript bundles of the suite's own modules that the CLI built (src/cli/launch.mjs): the worker
 * module the fixtures load and the global setup the config names. Absent, the TypeScript sources load.
 */
export interface SuiteBundles {
  worker?: string;
  globalSetup?: string;
}

/** The variable the CLI sets in the environment of the Playwright it starts. */
export function bundlesVariable(bundles: SuiteBundles): Record<string, string> {
  return { [BUNDLES]: JSON.stringify(bundles) };
}

export function bundlesFromEnv(env?: EnvMap): SuiteBundles {
  const raw = (env ?? process.env)[BUNDLES];
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as SuiteBundles;
    const path = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
    const worker = path(parsed.worker);
    const globalSetup = path(parsed.globalSetup);
    return { ...(worker ? { worker } : {}), ...(globalSetup ? { globalSetup } : {}) };
  } catch {
    return {};
  }
}
