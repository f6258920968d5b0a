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
import { isCredentialHeader, MASK, redactDeep, redactSecrets } from '../lib/redact.ts';

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

function resultFor(
  entry: RequirementEntry,
  input: AllureInput,
  service: string,
  attachments: TestResult['attachments'],
): TestResult {
  // A requirement's time is its test's first request (the run's start when it sent none).
  const runStart = Date.parse(input.report.run.startedAt);
  const exchanges = input.exchanges.get(entry.id) ?? [];
  const start = exchanges.reduce(
    (first, x) => Math.min(first, startOf(x, runStart)),
    exchanges.length > 0 ? Infinity : runStart,
  );
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
      url: `${input.docsBase ?? '../'}${entry.citation.doc}#L${entry.citation.line}`,
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

/** The files of a result set, each text redacted: one per requirement, one per exchange, the environment. */
export function allureFiles(input: AllureInput): { name: string; text: string }[] {
  const files: { name: string; text: string }[] = [];
  const add = (name: string, text: string) => files.push({ name, text: redactSecrets(text, input.secrets) });
  const services = new Map(input.catalog.operations.map((op) => [op.id, op.service as string]));
  const exchangeFiles = new Map<Exchange[], TestResult['attachments']>();
  const start = Date.parse(input.report.run.startedAt);

  for (const entry of input.report.requirements) {
    const exchanges = input.exchanges.get(entry.id) ?? [];
    let attachments = exchangeFiles.get(exchanges);
    if (!attachments) {
      // The exchanges of a test's family are written once and referenced by every requirement of it.
      attachments = exchanges.map((exchange, index) => {
        const source = `${uuidFrom(`exchange\u0000${entry.id}\u0000${index}`)}-attachment.httpexchange`;
        add(source, JSON.stringify(redactDeep(toHttpExchange(exchange, start), input.secrets)));
        return {
          name: `${exchange.method} ${exchange.url}${exchange.status !== undefined ? ` → ${exchange.status}` : ''}`,
          type: ALLURE_HTTP_EXCHANGE_CONTENT_TYPE,
          source,
        };
      });
      exchangeFiles.set(exchanges, attachments);
    }
    const result = redactDeep(
      resultFor(entry, input, services.get(entry.operation) ?? 'unknown', attachments),
      input.secrets,
    );
    add(`${result.uuid}-result.json`, JSON.stringify(result));
  }
  const env = [
    `target=${input.report.target.cloudName}`,
    ...Object.entries(input.report.target.endpoints).map(([service, url]) => `endpoint.${service}=${url}`),
    `catalog=${input.report.catalog.version}`,
    `verdict=${input.report.verdict}`,
    `complete=${input.report.run.complete}`,
  ];
  add('environment.properties', env.map((line) => line.replace(/\r?\n/g, ' ')).join('\n') + '\n');
  return files;
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

/** The same, with the writes and the removal of the old set in flight together (the end of a run). */
export async function writeAllureResultsAsync(dir: string, input: AllureInput): Promise<void> {
  const staging = stagingDir(dir);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const files = allureFiles(input);
  // A bounded number of writes at a time: the thread pool has four threads, a set has hundreds of files.
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      await writeFile(join(staging, file.name), file.text);
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));
  await rm(swapIn(dir, staging), { recursive: true, force: true });
}
