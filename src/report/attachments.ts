// What the reporter reads from a Playwright test result: the checks' RequirementResult[] attachment,
// the redacted request/response exchanges, and (optionally) a description of the target.
import { readFileSync } from 'node:fs';
import type { Exchange, RequirementResult } from '../results/model.ts';
import { RESULTS_ATTACHMENT } from '../results/model.ts';
import type { TargetDescription } from './model.ts';

/**
 * Name of an optional attachment (JSON, a TargetDescription) any test may carry so the report can name
 * the target: the session lives in the workers, the reporter in the runner, and an attachment is the
 * only channel between them that needs no shared state. Never put a secret in it.
 */
export const TARGET_ATTACHMENT = 'conformance-target.json';

/** Attachment with what a test's worker sent since its previous test: requests, those retried, extra tries. */
export const REQUESTS_ATTACHMENT = 'conformance-requests.json';

export interface RequestCounts {
  sent: number;
  retried: number;
  retries: number;
}

export function readRequestCounts(attachments: readonly AttachmentLike[]): RequestCounts | undefined {
  for (const attachment of attachments) {
    if (attachment.name !== REQUESTS_ATTACHMENT) continue;
    const p = parseJson(attachment) as Partial<RequestCounts> | undefined;
    const n = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : 0);
    if (p && typeof p === 'object') return { sent: n(p.sent), retried: n(p.retried), retries: n(p.retries) };
  }
  return undefined;
}

export interface AttachmentLike {
  name: string;
  contentType: string;
  path?: string;
  body?: Buffer;
}

function attachmentText(attachment: AttachmentLike): string | undefined {
  if (attachment.body) return attachment.body.toString('utf8');
  if (attachment.path) {
    try {
      return readFileSync(attachment.path, 'utf8');
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function parseJson(attachment: AttachmentLike): unknown {
  const text = attachmentText(attachment);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRequirementResult(value: unknown): value is RequirementResult {
  const r = value as RequirementResult;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.requirementId === 'string' &&
    typeof r.verdict === 'string' &&
    Array.isArray(r.failures)
  );
}

export interface ReadResults {
  results: RequirementResult[];
  /** Attachments named as results that did not parse: a broken check, worth saying so. */
  malformed: number;
}

export function readRequirementResults(attachments: readonly AttachmentLike[]): ReadResults {
  const out: ReadResults = { results: [], malformed: 0 };
  for (const attachment of attachments) {
    if (attachment.name !== RESULTS_ATTACHMENT) continue;
    const parsed = parseJson(attachment);
    if (!Array.isArray(parsed)) {
      out.malformed += 1;
      continue;
    }
    for (const item of parsed) {
      if (isRequirementResult(item)) out.results.push(item);
      else out.malformed += 1;
    }
  }
  return out;
}

export function isExchange(value: unknown): value is Exchange {
  const e = value as Exchange;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.method === 'string' &&
    typeof e.url === 'string' &&
    typeof e.requestHeaders === 'object'
  );
}

/** Any JSON attachment holding an Exchange (or a list of them), whatever the checks name it. */
export function readExchanges(attachments: readonly AttachmentLike[]): Exchange[] {
  const out: Exchange[] = [];
  for (const attachment of attachments) {
    if (
      attachment.name === RESULTS_ATTACHMENT ||
      attachment.name === TARGET_ATTACHMENT ||
      attachment.name === REQUESTS_ATTACHMENT
    )
      continue;
    if (!/json/i.test(attachment.contentType)) continue;
    const parsed = parseJson(attachment);
    for (const item of Array.isArray(parsed) ? parsed : [parsed]) if (isExchange(item)) out.push(item);
  }
  return out;
}

export function readTarget(attachments: readonly AttachmentLike[]): TargetDescription | undefined {
  for (const attachment of attachments) {
    if (attachment.name !== TARGET_ATTACHMENT) continue;
    const parsed = parseJson(attachment) as Partial<TargetDescription> | undefined;
    if (parsed && typeof parsed.cloudName === 'string' && typeof parsed.endpoints === 'object') {
      return {
        cloudName: parsed.cloudName,
        embedded: Boolean(parsed.embedded),
        endpoints: parsed.endpoints ?? {},
        ...(typeof parsed.authUrl === 'string' ? { authUrl: parsed.authUrl } : {}),
        readOnly: Boolean(parsed.readOnly),
      };
    }
  }
  return undefined;
}
