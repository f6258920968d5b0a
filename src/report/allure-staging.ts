// The Allure result set written while the run goes on (src/report/allure.ts makes the files). The
// reporter stages each test's requirements as the test ends, into a directory of its own beside the
// result directory; at the end, `finishReport` is given the final report: a requirement whose files
// were staged from the very entry, exchanges, secrets and times the final report gives keeps them as
// they are, any other (a waiver, a later attempt, another test's result) is made again; then what is
// missing or changed is written, what the final set no longer holds removed, and the directory swapped
// in. What ends in the result directory is exactly `allureFiles` of the final report, whatever was
// staged before.
//
// The files are written by a thread of its own, in the order they were staged (a later text of a name
// lands last). A set is thousands of small files, and a write through node:fs/promises is three trips
// through the runner's event loop (open, write, close), which serves the embedded target and the
// reporter while tests run: writes queued that way lagged behind the tests, and about half the set was
// still to write when the last test ended. The thread's plain synchronous writes need no turn of that
// loop; the files are written as the run goes.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TestResult } from 'allure-js-commons';
import type { Exchange } from '../results/model.ts';
import type { RequirementEntry } from './model.ts';
import {
  allureContext,
  entryFiles,
  environmentFile,
  oldSetDir,
  removeAbandoned,
  requirementFiles,
  swapIn,
  type AllureContext,
  type AllureFile,
  type AllureInput,
} from './allure.ts';
import { redactDeep, usableSecrets } from '../lib/redact.ts';

/**
 * The writer thread: each message a batch, written in order; a failed write stops every later one.
 * The last message of a set also removes the staged files the final set no longer holds, puts the
 * set in place of the result directory and removes the previous set, so that this runs beside the
 * runner's rendering of the other reports rather than after it.
 */
const WRITER = `
const { parentPort } = require('node:worker_threads');
const { mkdirSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
let failed = false;
parentPort.on('message', ({ id, dir, fresh, files, remove, swap }) => {
  let swapped = false;
  try {
    if (fresh) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
    }
    if (!failed) {
      for (const file of files) writeFileSync(join(dir, file.name), file.text);
      for (const name of remove ?? []) rmSync(join(dir, name), { force: true });
      if (swap) {
        rmSync(swap.old, { recursive: true, force: true });
        try {
          renameSync(swap.dir, swap.old);
        } catch {
          // No previous results.
        }
        renameSync(dir, swap.dir);
        swapped = true;
        rmSync(swap.old, { recursive: true, force: true });
      }
    }
  } catch {
    failed = true;
  }
  parentPort.postMessage({ id, ok: !failed, swapped });
});
`;

/** What one requirement's staged files were made from, to tell at the end whether they still hold. */
interface StagedRequirement {
  /** The requirement's id, as the redacted entry gives it. */
  id: string;
  /**
   * The entry, redacted as the final report's entries are, as JSON: the files are made from what
   * JSON keeps of it, and comparing two texts costs far less than comparing two entries deeply.
   */
  entry: string;
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

export class AllureStaging {
  private readonly staging: string;
  /** What each staged file holds, or will once its write is done. */
  private readonly staged = new Map<string, string>();
  private readonly requirements = new Map<string, StagedRequirement>();
  /** The attachments made so far, valid for the secrets they were redacted with (usableSecrets). */
  private seen = new Map<Exchange, TestResult['attachments'][number]>();
  private seenSecrets: readonly string[] = [];
  /** Started on the first batch, so a run that ends before any leaves nothing beside `dir`. */
  private writer?: Worker;
  /** Whether the staging directory was (asked to be) made afresh. */
  private started = false;
  private failed = false;
  /** The writer put the staged set in place of `dir` (the last batch). */
  private swapped = false;
  private batches = 0;
  /** Batches sent and not answered yet. */
  private readonly inFlight = new Set<number>();
  private readonly drained: Array<() => void> = [];

  constructor(private readonly dir: string) {
    this.staging = join(dirname(dir), `.${basename(dir)}.${process.pid}.pre`);
    // What runs killed before their end left here goes while this one runs.
    void removeAbandoned(dir);
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
    const records: StagedRequirement[] = [];
    for (const raw of entries) {
      const entry = redactDeep(raw, context.secrets);
      const made = entryFiles(entry, context, this.seen);
      files.push(...made.made, made.result);
      const exchanges = context.exchanges.get(entry.id) ?? [];
      records.push({
        id: entry.id,
        entry: JSON.stringify(entry),
        exchanges,
        ...(usesRunStart(exchanges) ? { runStart: context.runStart } : {}),
        service: context.services.get(entry.operation),
        secrets: this.seenSecrets,
        docsBase: context.docsBase,
        names: [made.result.name, ...made.sources],
      });
    }
    this.stage(files);
    // Only once their files are staged: a requirement is never kept with another entry's files.
    for (const record of records) this.requirements.set(record.id, record);
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
      staged.entry !== JSON.stringify(entry)
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

  /** Sends the files not staged yet with this text to the writer. */
  stage(files: readonly AllureFile[]): void {
    const batch: AllureFile[] = [];
    for (const file of files) {
      if (this.staged.get(file.name) === file.text) continue;
      this.staged.set(file.name, file.text);
      batch.push(file);
    }
    if (batch.length > 0) this.send({ files: batch });
  }

  /** Posts one batch to the writer (started on the first); a batch it cannot take makes finish write the whole set. */
  private send(batch: { files: AllureFile[]; remove?: string[]; swap?: { dir: string; old: string } }): void {
    if (this.failed) return;
    const id = ++this.batches;
    try {
      this.writer ??= this.startWriter();
      this.writer.postMessage({ id, dir: this.staging, fresh: !this.started, ...batch });
    } catch {
      // finish writes the whole set itself then.
      this.failed = true;
      return;
    }
    this.inFlight.add(id);
    this.started = true;
  }

  private startWriter(): Worker {
    const writer = new Worker(WRITER, { eval: true });
    // A run that never reaches its end must not be kept alive by its writer.
    writer.unref();
    writer.on('message', ({ id, ok, swapped }: { id: number; ok: boolean; swapped: boolean }) => {
      if (swapped) this.swapped = true;
      if (!ok) this.failed = true;
      this.inFlight.delete(id);
      this.settle();
    });
    const lost = () => {
      if (this.writer !== writer) return;
      this.writer = undefined;
      this.failed = true;
      this.inFlight.clear();
      this.settle();
    };
    writer.on('error', lost);
    writer.on('exit', lost);
    return writer;
  }

  private settle(): void {
    if (this.inFlight.size === 0) for (const resolve of this.drained.splice(0)) resolve();
  }

  private drain(): Promise<void> {
    if (this.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  private async stopWriter(): Promise<void> {
    const writer = this.writer;
    this.writer = undefined;
    await writer?.terminate();
  }

  /**
   * Makes the staged set `files` exactly and puts it in place of `dir`: the writer writes what is
   * missing, removes what the set no longer holds, swaps the set in and removes the previous one, in
   * its own thread; the returned promise ends when it has. Where the writer failed (or nothing was
   * staged), the whole set is written here instead.
   */
  async finish(files: readonly AllureFile[]): Promise<void> {
    this.stage(files);
    if (!this.failed && this.started) {
      const wanted = new Set(files.map((f) => f.name));
      const remove = [...this.staged.keys()].filter((name) => !wanted.has(name));
      this.send({ files: [], remove, swap: { dir: this.dir, old: oldSetDir(this.dir) } });
    }
    await this.drain();
    await this.stopWriter();
    if (this.swapped) return;
    // Start over, in one go, in this thread: what is on disk is unknown (or nothing was staged).
    try {
      rmSync(this.staging, { recursive: true, force: true });
      mkdirSync(this.staging, { recursive: true });
      for (const file of files) writeFileSync(join(this.staging, file.name), file.text);
    } catch (error) {
      throw new Error(`could not write the Allure results to ${this.staging}: ${(error as Error).message}`);
    }
    await rm(swapIn(this.dir, this.staging), { recursive: true, force: true });
  }
}
