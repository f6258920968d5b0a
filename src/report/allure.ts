// allure-results/: one Allure test result per requirement (not per Playwright test), written by this
// reporter rather than by allure-playwright. Why: the Playwright tests are per operation, with a
// step per family and requirement, while a report is read per requirement; allure-playwright cannot relabel a
// step as a test, and it crashes under `merge-reports` (#29279), which sharded runs need. Written from
// the same report as conformance.json, the Allure view cannot disagree with it, and every file passes
// the same final redaction. Request/response pairs use Allure 3's HTTP exchange attachment format.
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
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
import { isCredentialHeader, MASK, redactDeep, redactSecrets, redactText } from '../lib/redact.ts';

const SEVERITY = { MUST: 'critical', SHOULD: 'normal', MAY: 'minor' } as const;

function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A requirement's result ids, which depend on its id alone: hashed once per id, not per file made. */
const ids = new Map<string, { uuid: string; historyId: string; testCaseId: string }>();

function resultIds(id: string): { uuid: string; historyId: string; testCaseId: string } {
  let hit = ids.get(id);
  if (!hit) {
    // A catalog holds a few thousand requirements; a process making results for ever more ids starts over.
    if (ids.size >= 100_000) ids.clear();
    hit = {
      uuid: uuidFrom(`result\u0000${id}`),
      historyId: createHash('md5').update(id).digest('hex'),
      testCaseId: createHash('md5').update(`requirement:${id}`).digest('hex'),
    };
    ids.set(id, hit);
  }
  return hit;
}

/**
 * Hashes the result ids of these requirements now (three hashes each, about 25 ms for a whole
 * catalog): the reporter does it while the worker starts, when the runner has nothing else to do,
 * rather than as each test ends, when the runner shares the machine with the worker and the target.
 */
export function prepareResultIds(requirementIds: Iterable<string>): void {
  for (const id of requirementIds) resultIds(id);
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

/**
 * The result of a redacted entry. Its strings are the entry's, the catalog's and the suite's own; those
 * composed here of several (message, trace, description, link name) are redacted again as one string,
 * so no credential header spelled across them slips through; the file's whole text is redacted after.
 */
function resultFor(
  entry: RequirementEntry,
  context: AllureContext,
  attachments: TestResult['attachments'],
): TestResult {
  const redact = (text: string) => redactText(text, context.secrets);
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
      name: redact(citation(entry.citation)),
      url: `${context.docsBase ?? '../'}${entry.citation.doc}#L${entry.citation.line}`,
      type: 'link',
    },
  ];
  const trace = redact(entry.failures.map((f) => failureLines(f).join('\n')).join('\n\n'));
  const message =
    entry.verdict === 'fail'
      ? redact(`${entry.level}: ${entry.failures[0]?.message ?? 'failed'}`)
      : entry.reason
        ? redact(`${entry.verdict}: ${entry.reason}`)
        : undefined;
  return {
    ...resultIds(entry.id),
    name: entry.title,
    fullName: `${entry.operation} › ${entry.id}`,
    titlePath: [service, entry.operation, entry.family],
    status: status(entry),
    statusDetails: { ...(message ? { message } : {}), ...(trace ? { trace } : {}) },
    stage: Stage.FINISHED,
    description: redact(
      [
        `Requirement \`${entry.id}\` (${entry.level}, ${entry.basis}).`,
        `Source: ${citation(entry.citation)}.`,
        entry.decision ? `Decision: ${entry.decision}.` : '',
        entry.reason ? `Note: ${entry.reason}` : '',
      ]
        .filter(Boolean)
        .join('\n\n'),
    ),
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
export interface EntryFiles {
  result: AllureFile;
  /** Every attachment file the result references, in order. */
  sources: string[];
  /** The attachment files made for this entry (the others were made before, through `seen`). */
  made: AllureFile[];
}

/**
 * The files of one entry, which must be redacted already (`redactDeep`, as the report's entries are
 * before any output is made of them): the result is not walked again string by string.
 */
export function entryFiles(
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
        name: redactText(
          `${exchange.method} ${exchange.url}${exchange.status !== undefined ? ` → ${exchange.status}` : ''}`,
          context.secrets,
        ),
        type: ALLURE_HTTP_EXCHANGE_CONTENT_TYPE,
        source: `${uuidFrom(`exchange\u0000${text}`)}-attachment.httpexchange`,
      };
      seen.set(exchange, attachment);
      made.push({ name: attachment.source, text });
    }
    return attachment;
  });
  const result = resultFor(entry, context, attachments);
  return {
    result: { name: `${result.uuid}-result.json`, text: redactSecrets(JSON.stringify(result), context.secrets) },
    sources: attachments.map((a) => a.source),
    made,
  };
}

/**
 * The files of some requirements, each text redacted: one result per requirement, one attachment
 * per distinct exchange (named after its content: a family's exchanges are referenced by every
 * requirement of it, and one exchange often serves several families).
 */
export function requirementFiles(entries: readonly RequirementEntry[], context: AllureContext): AllureFile[] {
  const seen = new Map<Exchange, TestResult['attachments'][number]>();
  const files: AllureFile[] = [];
  const written = new Set<string>();
  for (const entry of entries) {
    const { result, made } = entryFiles(redactDeep(entry, context.secrets), context, seen);
    for (const file of made) {
      if (written.has(file.name)) continue;
      written.add(file.name);
      files.push(file);
    }
    files.push(result);
  }
  return files;
}

export function environmentFile(input: AllureInput): AllureFile {
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

/** Where the previous set of `dir` goes while a new one is put in its place, before it is removed. */
export function oldSetDir(dir: string): string {
  return `${dir}.${process.pid}.old`;
}

/** Puts `staging` in place of `dir`; returns where the previous set went, for the caller to remove. */
export function swapIn(dir: string, staging: string): string {
  const old = oldSetDir(dir);
  rmSync(old, { recursive: true, force: true });
  try {
    renameSync(dir, old);
  } catch {
    // No previous results.
  }
  renameSync(staging, dir);
  return old;
}

/** Whether a process with this id runs (one of another user counts: it may be writing there). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what runs killed before their end left beside `dir`: their staging directories
 * (`.<name>.<pid>.pre`, `.<name>.<pid>.staging`) and previous sets they had moved aside
 * (`<name>.<pid>.old`), each only when no process with that id runs. Best effort: a failure leaves them.
 */
export async function removeAbandoned(dir: string): Promise<void> {
  const name = basename(dir);
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const left = new RegExp(`^(?:\\.${escaped}\\.(\\d+)\\.(?:pre|staging)|${escaped}\\.(\\d+)\\.old)$`);
  let entries: string[];
  try {
    entries = await readdir(dirname(dir));
  } catch {
    return;
  }
  await Promise.all(
    entries.map(async (entry) => {
      const m = left.exec(entry);
      const pid = Number(m?.[1] ?? m?.[2]);
      if (!m || pid === process.pid || alive(pid)) return;
      await rm(join(dirname(dir), entry), { recursive: true, force: true }).catch(() => undefined);
    }),
  );
}

/** Replaces `dir` with a fresh set of results (synchronously: the path a signal takes). */
export function writeAllureResults(dir: string, input: AllureInput): void {
  const staging = stagingDir(dir);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const file of allureFiles(input)) writeFileSync(join(staging, file.name), file.text);
  rmSync(swapIn(dir, staging), { recursive: true, force: true });
}
