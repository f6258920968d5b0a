// Starts the embedded reference target inside the bench process, and names it to the suite the way
// a user names a real cloud: OS_* password configuration.
import { startReferenceTarget, type RunningReferenceTarget } from '../../src/target/server.ts';
import type { DefaultCredentials } from '../../src/target/app.ts';

export type RunningTarget = RunningReferenceTarget;
export type Credentials = DefaultCredentials;

export interface TargetOptions {
  defect?: string;
  variant?: string;
  backups?: number;
}

/** Kept for symmetry with the other availability checks; the target is part of the tree now. */
export function targetAvailable(): string | undefined {
  return undefined;
}

export function startTarget(opts: TargetOptions = {}): Promise<RunningTarget> {
  return startReferenceTarget({ port: 0, ...opts });
}

export function osEnvFor(authUrl: string, c: Credentials): Record<string, string> {
  return {
    OS_AUTH_URL: authUrl,
    OS_AUTH_TYPE: 'password',
    OS_USERNAME: c.username,
    OS_PASSWORD: c.password,
    OS_PROJECT_NAME: c.projectName,
    OS_USER_DOMAIN_NAME: c.userDomainName,
    OS_PROJECT_DOMAIN_NAME: c.projectDomainName,
    OS_IDENTITY_API_VERSION: '3',
  };
}
