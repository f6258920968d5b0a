// What loadConfiguration hands out: a validated, typed cloud configuration (or the decision to use
// the embedded reference target), with where every value came from.
import type { Service } from '../catalog/model.ts';
import type { RunOptions } from './env.ts';

/** Auth types after aliases are folded: password=v3password, token=v3token, admin_token=token_endpoint. */
export type AuthType = 'password' | 'token' | 'v3applicationcredential' | 'admin_token' | 'none';

export type Interface = 'public' | 'internal' | 'admin';

export interface AuthFields {
  authUrl?: string;
  username?: string;
  userId?: string;
  password?: string;
  userDomainName?: string;
  userDomainId?: string;
  projectName?: string;
  projectId?: string;
  projectDomainName?: string;
  projectDomainId?: string;
  token?: string;
  applicationCredentialId?: string;
  applicationCredentialName?: string;
  applicationCredentialSecret?: string;
}

export interface TlsConfig {
  /** False when `verify: false` or `insecure: true` (insecure wins, as in openstacksdk). */
  verify: boolean;
  insecure: boolean;
  cacert?: string;
  cert?: string;
  key?: string;
}

/** Where a value came from: a file and line, or an environment variable (maybe from `.env`). */
export interface Origin {
  file?: string;
  line?: number;
  variable?: string;
}

export interface ResolvedConfig {
  embedded: false;
  /** The clouds.yaml cloud name, or `envvars` (OS_CLOUD_NAME) for a cloud made of OS_* variables. */
  cloudName: string;
  /** The clouds file the cloud came from (none for `envvars`). */
  sourceFile?: string;
  secureFile?: string;
  envFile?: string;
  /** Auth type as written (`v3password`, `token_endpoint`, …) and as folded. */
  authTypeConfigured: string;
  authType: AuthType;
  auth: AuthFields;
  regionName?: string;
  /** Interfaces in order of preference (API-SIG: a list is allowed; default `public`). */
  interfaces: Interface[];
  endpointOverrides: Partial<Record<Service, string>>;
  apiVersions: Partial<Record<Service, string>>;
  defaultMicroversions: Partial<Record<Service, string>>;
  tls: TlsConfig;
  readOnly: boolean;
  /**
   * Existing resources the request plans use where the pages give no way to create one, by resource
   * name: `OS_SERVER_ID` or clouds.yaml `server_id` → `{ server: … }`.
   */
  existing: Record<string, string>;
  run: RunOptions;
  /** Normalised key (`auth.password`, `region_name`) → where its value came from. */
  origins: Record<string, Origin>;
  warnings: string[];
}

export interface EmbeddedConfig {
  embedded: true;
  /** Why no cloud was chosen. */
  reason: string;
  envFile?: string;
  /** OS_* variables that were set but do not name a cloud by themselves (so were not used). */
  ignoredVariables: string[];
  readOnly: boolean;
  run: RunOptions;
  warnings: string[];
}

export type Configuration = ResolvedConfig | EmbeddedConfig;
