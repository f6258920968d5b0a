// Retrying what a target asks to be asked again (429 Too Many Requests, 503 Service Unavailable):
// a bounded number of tries, each wait taken from `Retry-After` (seconds or an HTTP date, RFC 9110
// §10.2.3) cut to a bound, else exponential back-off; and the bound on requests in flight per service.
// A hostile `Retry-After` (huge, negative, garbage) never makes a request wait past the bound.

import { DEFAULT_LIMITS, type Limits } from '../session/model.ts';

/** Statuses retried: the target said it could not take the request now, so sending it again is safe. */
export const RETRIED_STATUSES: ReadonlySet<number> = new Set([429, 503]);

export interface RetryPolicy {
  /** Tries in all (1: never retried). */
  maxTries: number;
  /** Longest single wait, ms. */
  maxWaitMs: number;
  /** First back-off when no usable Retry-After is given, ms; doubled each retry. */
  baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxTries: 3, maxWaitMs: 10_000, baseDelayMs: 500 };

/** The policy a run's limits ask for (`maxTries`, `maxRetryWaitMs`), the defaults where they are silent. */
export function retryPolicy(
  limits: Pick<Limits, 'maxTries' | 'maxRetryWaitMs'>,
  baseDelayMs: number = DEFAULT_RETRY.baseDelayMs,
): RetryPolicy {
  return {
    maxTries: limits.maxTries ?? DEFAULT_LIMITS.maxTries ?? DEFAULT_RETRY.maxTries,
    maxWaitMs: limits.maxRetryWaitMs ?? DEFAULT_LIMITS.maxRetryWaitMs ?? DEFAULT_RETRY.maxWaitMs,
    baseDelayMs,
  };
}

/**
 * The wait, in ms, a `Retry-After` value asks for, or undefined when it asks for nothing usable:
 * delay-seconds is digits only (`-5`, `1.5`, `soon` are not), an HTTP date in the past means now.
 */
export function retryAfterMs(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return Number.isFinite(seconds) ? seconds * 1000 : Number.MAX_SAFE_INTEGER;
  }
  // IMF-fixdate and the obsolete forms all name a weekday and a month in letters; a bare number
  // (which Date.parse would read as a year) is no HTTP date.
  if (!/^[A-Za-z]{3},? /.test(text) && !/^[A-Za-z]+day, /.test(text)) return undefined;
  const at = Date.parse(text);
  if (!Number.isFinite(at)) return undefined;
  return Math.max(0, at - now);
}

/** The wait before retry number `retry` (1 for the first), within the policy's bound. */
export function retryWaitMs(
  retryAfter: string | undefined,
  retry: number,
  policy: RetryPolicy,
  now: number = Date.now(),
): number {
  const asked = retryAfterMs(retryAfter, now);
  const wait = asked ?? policy.baseDelayMs * 2 ** Math.max(0, retry - 1);
  return Math.min(Math.max(0, wait), policy.maxWaitMs);
}

/**
 * At most `limit` holders at once. Waiters are served by priority (higher first), then in the order
 * they asked.
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<{ priority: number; resolve: () => void }> = [];

  constructor(readonly limit: number) {
    if (!Number.isSafeInteger(limit) || limit < 1)
      throw new RangeError(`a semaphore needs a positive whole limit, not ${limit}`);
  }

  async run<T>(fn: () => Promise<T>, priority = 0): Promise<T> {
    if (this.active >= this.limit) {
      await new Promise<void>((resolve) => {
        // After every waiter of the same or a higher priority: a stable insertion.
        let at = this.waiting.length;
        while (at > 0 && this.waiting[at - 1]!.priority < priority) at--;
        this.waiting.splice(at, 0, { priority, resolve });
      });
    } else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next.resolve();
      else this.active--;
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
