// Gathers, test by test, what the run produced: requirement results, exchanges, the target, and which
// operation and families each Playwright test covers (so a requirement nobody spoke about can be told
// apart as "not in this shard", "the test errored", "no check covers it").
import { FAMILIES, type Catalog, type Family } from '../catalog/model.ts';
import type { Exchange, RequirementResult } from '../results/model.ts';
import {
  readExchanges,
  readRequestCounts,
  readRequirementResults,
  readTarget,
  type AttachmentLike,
  type RequestCounts,
} from './attachments.ts';
import type { PlannedTest } from './build-report.ts';
import { firstLine } from './format.ts';
import type { TargetDescription } from './model.ts';

export interface TestLike {
  id: string;
  title: string;
  titlePath(): string[];
  tags: string[];
  annotations: { type: string; description?: string }[];
}

export interface ResultLike {
  status: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
  attachments: AttachmentLike[];
  annotations?: { type: string; description?: string }[];
  errors: { message?: string; value?: string }[];
}

interface TestRecord extends PlannedTest {
  results: RequirementResult[];
  exchanges: Exchange[];
}

/** Annotation a check or fixture may add to say the run cannot be trusted to be whole (the target died). */
export const INCOMPLETE_ANNOTATION = 'conformance-incomplete';

export class Collector {
  private readonly tests = new Map<string, TestRecord>();
  private target: TargetDescription | undefined;
  private malformed = 0;
  private readonly incomplete = new Set<string>();
  /** Requests per test (the last attempt of each), summed in requests(). */
  private readonly requestCounts = new Map<string, RequestCounts>();

  /** `exchanges: false` skips reading the tests' exchanges (only the Allure results use them). */
  constructor(
    private readonly catalog: Catalog,
    private readonly options: { exchanges?: boolean } = {},
  ) {}

  /** What a test covers, from its annotations, else its tags and title (checks titles name the operation). */
  private describe(test: TestLike): { operation?: string; family?: string; families?: string[] } {
    const note = (type: string) => test.annotations.find((a) => a.type === type)?.description;
    let operation = note('operation');
    const families = note('families')
      ?.split(',')
      .filter((f) => f !== '');
    let family = note('family');
    if (families && families.length > 0) {
      if (!operation)
        operation = this.catalog.operations.find((op) =>
          test.titlePath().join(' › ').includes(`${op.method} ${op.path}`),
        )?.id;
      return { ...(operation ? { operation } : {}), families };
    }
    const path = test.titlePath().join(' › ');
    if (!family)
      family = FAMILIES.find(
        (f) => test.tags.includes(`@${f}`) || test.titlePath().some((t) => t === f || t.endsWith(` ${f}`)),
      );
    if (!operation) {
      operation = this.catalog.operations.find(
        (op) => path.includes(op.id) || path.includes(`${op.method} ${op.path}`),
      )?.id;
    }
    return { ...(operation ? { operation } : {}), ...(family ? { family } : {}) };
  }

  plan(test: TestLike): void {
    if (this.tests.has(test.id)) return;
    this.tests.set(test.id, {
      title: test.titlePath().filter(Boolean).slice(1).join(' › ') || test.title,
      ...this.describe(test),
      state: 'pending',
      results: [],
      exchanges: [],
    });
  }

  /** Called for every attempt; the last attempt of a test is the one that counts. */
  record(test: TestLike, result: ResultLike): RequirementResult[] {
    this.plan(test);
    const record = this.tests.get(test.id)!;
    const read = readRequirementResults(result.attachments);
    this.malformed += read.malformed;
    const exchanges = this.options.exchanges === false ? [] : readExchanges(result.attachments);
    const counts = readRequestCounts(result.attachments);
    if (counts) this.requestCounts.set(test.id, counts);
    this.target ??= readTarget(result.attachments);
    for (const a of [...test.annotations, ...(result.annotations ?? [])]) {
      if (a.type === INCOMPLETE_ANNOTATION)
        this.incomplete.add(a.description ?? `${record.title} reported the run incomplete`);
    }
    record.results = read.results;
    record.exchanges = exchanges;
    if (read.results.length > 0 && !record.operation) record.operation = read.results[0]!.operation;
    if (read.results.length > 0 && !record.family && !record.families) record.family = read.results[0]!.family;
    const error = firstLine(result.errors[0]?.message ?? result.errors[0]?.value);
    // The last error of a test with results is what stopped a family (soft expectations come first).
    const last = firstLine(result.errors.at(-1)?.message ?? result.errors.at(-1)?.value);
    if (result.status === 'skipped') record.state = 'skipped';
    else if (result.status === 'passed' && read.results.length > 0) record.state = 'finished';
    else if (result.status === 'failed' && read.results.length > 0 && this.missing(record, read.results) === 0)
      record.state = 'finished';
    else if (result.status === 'failed' && read.results.length > 0) {
      // Some results, not all: a family stopped; what stopped it is the test's last error.
      record.state = 'errored';
      record.error = last ?? 'an error';
    } else {
      record.state = 'errored';
      record.error =
        result.status === 'timedOut'
          ? `timed out${error ? ` (${error})` : ''}`
          : result.status === 'interrupted'
            ? 'interrupted'
            : read.results.length === 0
              ? `no results attached${error ? `: ${error}` : ''}`
              : (error ?? 'an error');
    }
    return read.results;
  }

  /** Requirements of the test's families with no result (0 when the test does not list its families). */
  private missing(record: TestRecord, results: RequirementResult[]): number {
    if (!record.operation || !record.families) return 0;
    const got = new Set(results.map((r) => r.requirementId));
    return this.catalog.requirements.filter(
      (r) => r.operation === record.operation && record.families!.includes(r.family) && !got.has(r.id),
    ).length;
  }

  results(): RequirementResult[] {
    return [...this.tests.values()].flatMap((t) => t.results);
  }

  planned(): PlannedTest[] {
    return [...this.tests.values()].map(({ results: _r, exchanges: _e, ...test }) => test);
  }

  /** Requests the workers sent, and how many a 429 or 503 made them send again; undefined when no test said. */
  requests(): RequestCounts | undefined {
    if (this.requestCounts.size === 0) return undefined;
    const sum: RequestCounts = { sent: 0, retried: 0, retries: 0 };
    for (const c of this.requestCounts.values()) {
      sum.sent += c.sent;
      sum.retried += c.retried;
      sum.retries += c.retries;
    }
    return sum;
  }

  /** The exchanges each requirement rests on: its test's, narrowed to its family; one array per test × family. */
  exchangesByRequirement(): Map<string, Exchange[]> {
    const out = new Map<string, Exchange[]>();
    for (const test of this.tests.values()) exchangesOfRecord(test, out);
    return out;
  }

  /** exchangesByRequirement for the requirements one test reported (as it ends). */
  exchangesOfTest(testId: string): Map<string, Exchange[]> {
    const out = new Map<string, Exchange[]>();
    const test = this.tests.get(testId);
    if (test) exchangesOfRecord(test, out);
    return out;
  }

  targetDescription(): TargetDescription | undefined {
    return this.target;
  }

  incompleteReasons(): string[] {
    const reasons = [...this.incomplete];
    if (this.malformed > 0) reasons.push(`${this.malformed} result attachment(s) could not be read`);
    return reasons;
  }

  progress(): { done: number; total: number; pass: number; fail: number; other: number } {
    let done = 0;
    let pass = 0;
    let fail = 0;
    let other = 0;
    for (const test of this.tests.values()) {
      if (test.state !== 'pending') done += 1;
      for (const r of test.results) {
        if (r.verdict === 'pass') pass += 1;
        else if (r.verdict === 'fail') fail += 1;
        else other += 1;
      }
    }
    return { done, total: this.tests.size, pass, fail, other };
  }
}

function exchangesOfRecord(test: TestRecord, out: Map<string, Exchange[]>): void {
  const byFamily = new Map<string, Exchange[]>();
  for (const r of test.results) {
    let list = byFamily.get(r.family);
    if (!list)
      byFamily.set(
        r.family,
        (list = test.exchanges.filter((e) => !Array.isArray(e.families) || e.families.includes(r.family))),
      );
    out.set(r.requirementId, list);
  }
}
