// Starts the embedded reference target inside the bench process. Imported lazily so that a bench
// run on a tree where the target has not landed says so instead of failing to compile.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { ROOT } from './child.ts';

export interface Credentials {
  username: string;
  password: string;
  projectName: string;
  projectId?: string;
  userDomainName?: string;
  projectDomainName?: string;
  [k: string]: unknown;
}

export interface RunningTarget {
  baseUrl: string;
  authUrl: string;
  credentials: Credentials;
  close(): Promise<void>;
}

export interface TargetOptions {
  defect?: string;
  variant?: string;
  backups?: number;
}

const SERVER = join(ROOT, 'src/target/server.ts');

export function targetAvailable(): string | undefined {
  return existsSync(SERVER) ? undefined : 'src/target/server.ts has not landed';
}

export async function startTarget(opts: TargetOptions = {}): Promise<RunningTarget> {
  const mod = (await import(pathToFileURL(SERVER).href)) as {
    startReferenceTarget(o: Record<string, unknown>): Promise<RunningTarget>;
  };
  return mod.startReferenceTarget({ port: 0, ...opts });
}

/** OS_* password configuration naming a target (or a proxy in front of it) for the suite's config layer. */
export function osEnvFor(authUrl: string, c: Credentials): Record<string, string> {
  const env: Record<string, string> = {
    OS_AUTH_URL: authUrl,
    OS_AUTH_TYPE: 'password',
    OS_USERNAME: c.username,
    OS_PASSWORD: c.password,
    OS_PROJECT_NAME: c.projectName,
    OS_USER_DOMAIN_NAME: c.userDomainName ?? 'Default',
    OS_PROJECT_DOMAIN_NAME: c.projectDomainName ?? 'Default',
    OS_IDENTITY_API_VERSION: '3',
  };
  return env;
}
