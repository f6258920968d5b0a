// A connected target as the checks see it: endpoints from the service catalog (or overrides, or the
// embedded reference target), a token that renews itself, and the run's safety bounds.
// Built by src/config (the only reader of process.env); read by fixtures and checks.
import type { Service } from '../catalog/model.ts';

export interface Limits {
  /** Per request, ms. */
  requestTimeoutMs: number;
  /** Whole run, ms. */
  totalBudgetMs: number;
  /** Cap on one response body, bytes. */
  maxBodyBytes: number;
  /** Cap on pages walked in one pagination walk. */
  maxPages: number;
  /** Cap on items walked in one pagination walk. */
  maxItems: number;
  /** Tries of one request answered 429 or 503 (1: never retried); absent: DEFAULT_LIMITS'. */
  maxTries?: number;
  /** Longest wait before a retry, ms: a larger `Retry-After` is cut to it; absent: DEFAULT_LIMITS'. */
  maxRetryWaitMs?: number;
  /** Requests in flight at once to one service; absent: DEFAULT_LIMITS'. */
  concurrency?: number;
}

export interface TlsOptions {
  insecure: boolean;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}

export interface MicroversionRange {
  min: string;
  max: string;
}

export interface TargetSession {
  /** `embedded` for the reference target, else the clouds.yaml cloud name or `envvars`. */
  cloudName: string;
  embedded: boolean;
  projectId: string;
  /**
   * Base URLs as a Keystone catalog gives them: orchestration `…/v1/<project>`, block-storage
   * `…/v3/<project>`, image unversioned (`…:9292`). A service absent here is not served.
   */
  endpoints: Partial<Record<Service, string>>;
  /** Auth URL credentials may go to, besides the endpoints. */
  authUrl?: string;
  /** Headers that authenticate a request (`X-Auth-Token`); renewed before the token expires. */
  authHeaders(): Promise<Record<string, string>>;
  /** Takes a fresh token now (Keystone auth only): used when a token seems revoked mid-run. */
  reauthenticate?(): Promise<void>;
  /** Every secret value of this session (tokens, passwords, application-credential secrets), for redaction. */
  secrets(): string[];
  /** Supported block-storage microversions, where discovered. */
  microversions: Partial<Record<Service, MicroversionRange>>;
  /** Skip every check that writes. */
  readOnly: boolean;
  /** Existing resources named in the configuration, by resource name (`server` → OS_SERVER_ID). */
  existing?: Readonly<Record<string, string>>;
  tls: TlsOptions;
  limits: Limits;
  /** Microversion the configuration asks for by default (`block_storage_default_microversion`). */
  defaultMicroversions?: Partial<Record<Service, string>>;
  /** What connecting found worth saying: services absent from the catalog, discovery failures, ambiguous endpoints. */
  notes?: string[];
}

export const DEFAULT_LIMITS: Limits = {
  requestTimeoutMs: 10_000,
  totalBudgetMs: 10 * 60_000,
  maxBodyBytes: 8 * 1024 * 1024,
  maxPages: 2_000,
  maxItems: 200_000,
  maxTries: 3,
  maxRetryWaitMs: 10_000,
  concurrency: 4,
};
