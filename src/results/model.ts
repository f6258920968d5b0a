// What a conformance run produces per requirement: written by the checks, read by the reporters.
// Depends only on the catalog model.
import type { Family, Level, Source } from '../catalog/model.ts';

/**
 * `not-tested`: the suite could not exercise the requirement (a prerequisite it could not obtain, a
 * setting not given, a request refused for an unrelated reason); never a failure, counted apart.
 */
export type Verdict = 'pass' | 'fail' | 'warn' | 'not-applicable' | 'waived' | 'skipped' | 'not-tested';

/** One way a target departed from a requirement. Shaped like Schemathesis' failures. */
export interface Failure {
  /** One line: `software_deployment.status is not a documented value`. */
  message: string;
  /** What the target sent, short and redacted. */
  received?: string;
  /** What the pages document. */
  documented?: string;
  source?: Source;
  /** A curl line that reproduces the request, the token shown as `***`. */
  reproduce?: string;
}

/** A request and its response, redacted, for attachments. */
export interface Exchange {
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody?: string;
  status?: number;
  responseHeaders?: Record<string, string>;
  /** Truncated to a few KiB. */
  responseBody?: string;
  error?: string;
  /** When the request was first sent (ISO 8601, UTC); absent in exchanges recorded before it was kept. */
  startedAt?: string;
  durationMs: number;
  /** The earlier answers (429 or 503) this request was sent again after, with the wait before each retry; absent: sent once. */
  retries?: RetryRecord[];
  /** The families whose checks used this exchange (a test covers several); absent: all of the test's. */
  families?: Family[];
}

/** One answer a request was retried after: its status, the `Retry-After` it gave (as sent), the wait taken. */
export interface RetryRecord {
  status: number;
  retryAfter?: string;
  waitMs: number;
}

export interface RequirementResult {
  requirementId: string;
  checkId: string;
  operation: string;
  family: Family;
  level: Level;
  verdict: Verdict;
  failures: Failure[];
  /** Why not-applicable / skipped / not-tested / warn. */
  reason?: string;
  decision?: string;
  durationMs: number;
}

/** Name and content type of the test attachment that carries a test's RequirementResult[] to the reporter. */
export const RESULTS_ATTACHMENT = 'conformance-results.json';
export const RESULTS_CONTENT_TYPE = 'application/vnd.cloud-api-conformance.results+json';
