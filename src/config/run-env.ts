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
