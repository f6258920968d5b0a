// allure-results/: one Allure test result per requirement (not per Playwright test), written by this
// reporter rather than by allure-playwright. Why: the Playwright tests are per operation, with a
// step per family and requirement, while a report is read per requirement; allure-playwright cannot relabel a
// step as a test, and it crashes under `merge-reports` (#29279), which sharded runs need. Written from
// the same report as conformance.json, the Allure view cannot disagree with it, and every file passes
// the same final redaction. Request/response pairs use Allure 3's HTTP exchange attachment format.
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import {
  ALLURE_HTTP_EXCHANGE_CONTENT_TYPE,
  ALLURE_HTTP_EXCHANGE_SCHEMA_VERSION,
  type HttpExchange,
} from 'allure-js-commons/http';
import { LabelName, Stage, Status, type Label, type Link, type TestResult } from 'allure-js-commons';
import type { Catalog } from '../catalog/model.ts';
import type { Exchange } from '../results/model.ts';
import type { ConformanceReport, RequirementEntry } from './model.ts';
import { citation, failureLines } from './format.ts';
import { isCredentialHeader, MASK, redactDeep, redactSecrets, usableSecrets } from '../lib/redact.ts';

const SEVERITY = { MUST: 'critical', SHOULD: 'normal', MAY: 'minor' } as const;

function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function status(entry: RequirementEntry): Status {
  if (entry.verdict === 'fail') return Status.FAILED;
  if (entry.verdict === 'pass' || entry.verdict === 'warn') return Status.PASSED;
  return Status.SKIPPED;
}

/** When an exchange began: its own time where it was recorded, else the run's start. */
function startOf(exchange: Exchange, runStart: number): number {
  const at = exchange.startedAt ? Date.parse(exchange.startedAt) : NaN;
  return Number.isFinite(at) ? at : runStart;
}

function toHttpExchange(exchange: Exchange, runStart: number): HttpExchange {
  const start = startOf(exchange, runStart);
  const pairs = (headers: Record<string, string> | undefined) =>
    Object.entries(headers ?? {}).map(([name, value]) => ({ name, value: isCredentialHeader(name) ? MASK : value }));
  const out: HttpExchange = {
    schemaVersion: ALLURE_HTTP_EXCHANGE_SCHEMA_VERSION,
    request: {
      method: exchange.method,
      url: exchange.url,
      headers: pairs(exchange.requestHeaders),
      ...(exchange.requestBody !== undefined ? { body: { encoding: 'utf8', value: exchange.requestBody } } : {}),
    },
    start,
    stop: start + Math.round(exchange.durationMs || 0),
  };
  if (exchange.status !== undefined) {
    out.response = {
      status: exchange.status,
      headers: pairs(exchange.responseHeaders),
      ...(exchange.responseBody !== undefined ? { body: { encoding: 'utf8', value: exchange.responseBody } } : {}),
    };
  }
  if (exchange.error) out.error = { message: exchange.error };
  return out;
}

export interface AllureInput {
  report: ConformanceReport;
  catalog: Catalog;
  /** Exchanges of the Playwright test that reported each requirement. */
  exchanges: Map<string, Exchange[]>;
  secrets: readonly string[];
  /** Where the spec pages live relative to the generated allure-report/ (for citation links). */
  docsBase?: string;
}

/** What the files of a requirement need besides its entry: known once the run has begun. */
export interface AllureContext {
  /** The run's start, in ms since the epoch. */
  runStart: number;
  /** The service of each operation. */
  services: ReadonlyMap<string, string>;
  exchanges: ReadonlyMap<string, Exchange[]>;
  secrets: readonly string[];
  docsBase?: string;
}

/** The service of each operation of a catalog, as the results' labels name it. */
export function servicesOf(catalog: Catalog): Map<string, string> {
  return new Map(catalog.operations.map((op) => [op.id, op.service as string]));
}

export function allureContext(input: AllureInput): AllureContext {
  return {
    runStart: Date.parse(input.report.run.startedAt),
    services: servicesOf(input.catalog),
    exchanges: input.exchanges,
    secrets: input.secrets,
    ...(input.docsBase !== undefined ? { docsBase: input.docsBase } : {}),
  };
}

function resultFor(
  entry: RequirementEntry,
  context: AllureContext,
  attachments: TestResult['attachments'],
): TestResult {
  // A requirement's time is its test's first request (the run's start when it sent none).
  const runStart = context.runStart;
  const exchanges = context.exchanges.get(entry.id) ?? [];
  const start = exchanges.reduce(
    (first, x) => Math.min(first, startOf(x, runStart)),
    exchanges.length > 0 ? Infinity : runStart,
  );
  const service = context.services.get(entry.operation) ?? 'unknown';
  const labels: Label[] = [
    { name: LabelName.EPIC, value: service },
    { name: LabelName.FEATURE, value: entry.operation },
    { name: LabelName.STORY, value: entry.checkId ?? entry.id },
    { name: LabelName.SEVERITY, value: SEVERITY[entry.level] },
    { name: LabelName.PARENT_SUITE, value: service },
    { name: LabelName.SUITE, value: entry.operation },
    { name: LabelName.SUB_SUITE, value: entry.family },
    { name: LabelName.TAG, value: entry.level },
    { name: LabelName.TAG, value: entry.family },
    { name: LabelName.TAG, value: entry.basis },
    { name: LabelName.FRAMEWORK, value: 'cloud-api-conformance' },
    { name: 'requirement', value: entry.id },
    { name: 'verdict', value: entry.verdict },
  ];
  if (entry.verdict !== 'pass' && entry.verdict !== 'fail') labels.push({ name: LabelName.TAG, value: entry.verdict });
  const links: Link[] = [
    {
      name: citation(entry.citation),
      url: `${context.docsBase ?? '../'}${entry.citation.doc}#L${entry.citation.line}`,
      type: 'link',
    },
  ];
  const trace = entry.failures.map((f) => failureLines(f).join('\n')).join('\n\n');
  const message =
    entry.verdict === 'fail'
      ? `${entry.level}: ${entry.failures[0]?.message ?? 'failed'}`
      : entry.reason
        ? `${entry.verdict}: ${entry.reason}`
        : undefined;
  return {
    uuid: uuidFrom(`result\u0000${entry.id}`),
    historyId: createHash('md5').update(entry.id).digest('hex'),
    testCaseId: createHash('md5').update(`requirement:${entry.id}`).digest('hex'),
    name: entry.title,
    fullName: `${entry.operation} › ${entry.id}`,
    titlePath: [service, entry.operation, entry.family],
    status: status(entry),
    statusDetails: { ...(message ? { message } : {}), ...(trace ? { trace } : {}) },
    stage: Stage.FINISHED,
    description: [
      `Requirement \`${entry.id}\` (${entry.level}, ${entry.basis}).`,
      `Source: ${citation(entry.citation)}.`,
      entry.decision ? `Decision: ${entry.decision}.` : '',
      entry.reason ? `Note: ${entry.reason}` : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
    steps: [],
    attachments,
    parameters: [
      { name: 'operation', value: entry.operation },
      { name: 'level', value: entry.level },
    ],
    labels,
    links,
    start,
    stop: start + Math.round(entry.durationMs),
  };
}

export interface AllureFile {
  name: string;
  text: string;
}

/** One requirement's files: its result, the attachments it references, and those first made here. */
interface EntryFiles {
  result: AllureFile;
  /** Every attachment file the result references, in order. */
  sources: string[];
  /** The attachment files made for this entry (the others were made before, through `seen`). */
  made: AllureFile[];
}

function entryFiles(
  entry: RequirementEntry,
  context: AllureContext,
  seen: Map<Exchange, TestResult['attachments'][number]>,
): EntryFiles {
  const made: AllureFile[] = [];
  const attachments = (context.exchanges.get(entry.id) ?? []).map((exchange) => {
    let attachment = seen.get(exchange);
    if (!attachment) {
      const text = redactSecrets(
        JSON.stringify(redactDeep(toHttpExchange(exchange, context.runStart), context.secrets)),
        context.secrets,
      );
      attachment = {
        name: `${exchange.method} ${exchange.url}${exchange.status !== undefined ? ` → ${exchange.status}` : ''}`,
        type: ALLURE_HTTP_EXCHANGE_CONTENT_TYPE,
        source: `${uuidFrom(`exchange\u0000${text}`)}-attachment.httpexchange`,
      };
      seen.set(exchange, attachment);
      made.push({ name: attachment.source, text });
    }
    return attachment;
  });
  const result = redactDeep(resultFor(entry, context, attachments), context.secrets);
  return {
    result: { name: `${result.uuid}-result.json`, text: redactSecrets(JSON.stringify(result), context.secrets) },
    sources: attachments.map((a) => a.source),
    made,
  };
}

/**
 * The files of some requirements, each text redacted: one result per requirement, one attachment
 * per distinct exchange (named after its content: a family's exchanges are referenced by every
 * requirement of it, and one exchange often serves several families). `seen` carries the attachments
 * already made across calls.
 */
export function requirementFiles(
  entries: readonly RequirementEntry[],
  context: AllureContext,
  seen: Map<Exchange, TestResult['attachments'][number]> = new Map(),
): AllureFile[] {
  const files: AllureFile[] = [];
  const written = new Set<string>();
  for (const entry of entries) {
    const { result, made } = entryFiles(entry, context, seen);
    for (const file of made) {
      if (written.has(file.name)) continue;
      written.add(file.name);
      files.push(file);
    }
    files.push(result);
  }
  return files;
}

function environmentFile(input: AllureInput): AllureFile {
  const env = [
    `target=${input.report.target.cloudName}`,
    ...Object.entries(input.report.target.endpoints).map(([service, url]) => `endpoint.${service}=${url}`),
    `catalog=${input.report.catalog.version}`,
    `verdict=${input.report.verdict}`,
    `complete=${input.report.run.complete}`,
  ];
  const text = env.map((line) => line.replace(/\r?\n/g, ' ')).join('\n') + '\n';
  return { name: 'environment.properties', text: redactSecrets(text, input.secrets) };
}

/** The files of a result set, each text redacted: the requirements', then the environment. */
export function allureFiles(input: AllureInput): AllureFile[] {
  return [...requirementFiles(input.report.requirements, allureContext(input)), environmentFile(input)];
}

// A result set is written into a staging directory next to `dir`, which then replaces `dir` whole, so a
// re-run or a merge never mixes with stale files and a reader never sees half a set. The staging
// directory is what is atomic, so the files in it are plain writes.
function stagingDir(dir: string): string {
  return join(dirname(dir), `.${basename(dir)}.${process.pid}.staging`);
}

function swapIn(dir: string, staging: string): string {
  const old = `${dir}.${process.pid}.old`;
  rmSync(old, { recursive: true, force: true });
  try {
    renameSync(dir, old);
  } catch {
    // No previous results.
  }
  renameSync(staging, dir);
  return old;
}

/** Replaces `dir` with a fresh set of results (synchronously: the path a signal takes). */
export function writeAllureResults(dir: string, input: AllureInput): void {
  const staging = stagingDir(dir);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const file of allureFiles(input)) writeFileSync(join(staging, file.name), file.text);
  rmSync(swapIn(dir, staging), { recursive: true, force: true });
}

/** What one requirement's staged files were made from, to tell at the end whether they still hold. */
interface StagedRequirement {
  /** The entry, redacted as the final report's entries are. */
  entry: RequirementEntry;
  exchanges: readonly Exchange[];
  /** The run's start, when the files used it (no exchange, or one without its own time). */
  runStart?: number;
  service: string | undefined;
  /** The secrets as redaction uses them (usableSecrets: distinct, ordered): the same list redacts alike. */
  secrets: readonly string[];
  docsBase: string | undefined;
  /** The result file, then every attachment file it references. */
  names: string[];
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Whether the files of an entry depend on the run's start: see resultFor and toHttpExchange. */
function usesRunStart(exchanges: readonly Exchange[]): boolean {
  return exchanges.length === 0 || exchanges.some((x) => !(x.startedAt && Number.isFinite(Date.parse(x.startedAt))));
}

/**
 * A result set written while the run goes on. The reporter stages each test's requirements as the
 * test ends (the runner mostly waits on its worker then, and a set is thousands of small files), into
 * a directory of its own; at the end, `finishReport` is given the final report: a requirement whose
 * files were staged from the very entry, exchanges, secrets and times the final report gives keeps
 * them as they are, any other (a waiver, a later attempt, another test's result) is made again; then
 * what is missing or changed is written, what the final set no longer holds removed, and the
 * directory swapped in. What ends in `dir` is exactly `allureFiles` of the final report, whatever was
 * staged before; a write that failed is redone then.
 */
export class AllureStaging {
  private readonly staging: string;
  /** What each staged file holds, or will once its write is done. */
  private readonly staged = new Map<string, string>();
  /** Names staged again with another text: two writes of one name may finish in either order. */
  private readonly restaged = new Set<string>();
  /** Made on the first write, so a run that ends before any leaves nothing beside `dir`. */
  private ready?: Promise<boolean>;
  private readonly queue: AllureFile[] = [];
  private running = 0;
  private readonly drained: Array<() => void> = [];
  private failed = false;
  private readonly requirements = new Map<string, StagedRequirement>();
  /** The attachments made so far, valid for the secrets they were redacted with (usableSecrets). */
  private seen = new Map<Exchange, TestResult['attachments'][number]>();
  private seenSecrets: readonly string[] = [];

  constructor(private readonly dir: string) {
    this.staging = join(dirname(dir), `.${basename(dir)}.${process.pid}.pre`);
  }

  private prepare(): Promise<boolean> {
    this.ready ??= rm(this.staging, { recursive: true, force: true })
      .then(() => mkdir(this.staging, { recursive: true }))
      .then(
        () => true,
        () => false,
      );
    return this.ready;
  }

  /**
   * Stages the files of some requirements (what one test reported), remembering what each was made
   * from. Each entry is redacted first, as the final report's are, so that files made from an entry
   * the final report repeats are the files it would make.
   */
  stageRequirements(entries: readonly RequirementEntry[], context: AllureContext): void {
    const secrets = usableSecrets(context.secrets);
    if (!sameList(this.seenSecrets, secrets)) {
      this.seen = new Map();
      this.seenSecrets = secrets;
    }
    const files: AllureFile[] = [];
    for (const raw of entries) {
      const entry = redactDeep(raw, context.secrets);
      const made = entryFiles(entry, context, this.seen);
      files.push(...made.made, made.result);
      const exchanges = context.exchanges.get(entry.id) ?? [];
      this.requirements.set(entry.id, {
        entry,
        exchanges,
        ...(usesRunStart(exchanges) ? { runStart: context.runStart } : {}),
        service: context.services.get(entry.operation),
        secrets: this.seenSecrets,
        docsBase: context.docsBase,
        names: [made.result.name, ...made.sources],
      });
    }
    this.stage(files);
  }

  /** The staged files of an entry of the final report, when they are exactly what it makes. */
  private reusable(entry: RequirementEntry, context: AllureContext, secrets: readonly string[]): string[] | undefined {
    const staged = this.requirements.get(entry.id);
    if (
      !staged ||
      (staged.runStart !== undefined && staged.runStart !== context.runStart) ||
      staged.docsBase !== context.docsBase ||
      staged.service !== context.services.get(entry.operation) ||
      !sameList(staged.secrets, secrets) ||
      !sameList(staged.exchanges, context.exchanges.get(entry.id) ?? []) ||
      !staged.names.every((name) => this.staged.has(name)) ||
      !isDeepStrictEqual(staged.entry, entry)
    )
      return undefined;
    return staged.names;
  }

  /**
   * Makes the staged set exactly `allureFiles(input)` and puts it in place of `dir`, reusing the
   * files of every requirement staged from what the final report says of it. Returns how many
   * requirements kept their staged files and how many were made again.
   */
  async finishReport(input: AllureInput): Promise<{ kept: number; made: number }> {
    const context = allureContext(input);
    const secrets = usableSecrets(context.secrets);
    const kept = new Set<string>();
    const changed: RequirementEntry[] = [];
    for (const entry of input.report.requirements) {
      const names = this.reusable(entry, context, secrets);
      if (names) for (const name of names) kept.add(name);
      else changed.push(entry);
    }
    const files = [...kept].map((name) => ({ name, text: this.staged.get(name)! }));
    files.push(...requirementFiles(changed, context), environmentFile(input));
    await this.finish(files);
    return { kept: input.report.requirements.length - changed.length, made: changed.length };
  }

  /** Queues the files not staged yet with this text; a bounded number of writes run at once. */
  stage(files: readonly AllureFile[]): void {
    for (const file of files) {
      const before = this.staged.get(file.name);
      if (before === file.text) continue;
      if (before !== undefined) this.restaged.add(file.name);
      this.staged.set(file.name, file.text);
      this.queue.push(file);
    }
    // Four lanes: the thread pool has four threads.
    while (this.running < 4 && this.queue.length > 0) void this.lane();
  }

  private async lane(): Promise<void> {
    this.running++;
    try {
      if (!(await this.prepare())) this.failed = true;
      for (let file = this.queue.shift(); file; file = this.queue.shift()) {
        if (this.failed) continue;
        await writeFile(join(this.staging, file.name), file.text).catch(() => {
          this.failed = true;
        });
      }
    } finally {
      this.running--;
      if (this.running === 0) for (const resolve of this.drained.splice(0)) resolve();
    }
  }

  private drain(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  /** Makes the staged set `files` exactly and puts it in place of `dir`. */
  async finish(files: readonly AllureFile[]): Promise<void> {
    this.stage(files);
    await this.drain();
    if (!(await this.prepare())) this.failed = true;
    if (this.failed) {
      // Start over, in one go: what is on disk is unknown.
      this.failed = false;
      await rm(this.staging, { recursive: true, force: true });
      await mkdir(this.staging, { recursive: true });
      this.staged.clear();
      this.restaged.clear();
      this.stage(files);
      await this.drain();
      if (this.failed) throw new Error(`could not write the Allure results to ${this.staging}`);
    }
    // Nothing is in flight now: what was staged twice is written once more, last text last.
    for (const file of files)
      if (this.restaged.has(file.name)) await writeFile(join(this.staging, file.name), file.text);
    const wanted = new Set(files.map((f) => f.name));
    await Promise.all(
      [...this.staged.keys()]
        .filter((name) => !wanted.has(name))
        .map((name) => rm(join(this.staging, name), { force: true })),
    );
    await rm(swapIn(this.dir, this.staging), { recursive: true, force: true });
  }
}
