// The command line of `npm run conformance`: parsed strictly, so a typo is a usage error (exit 2)
// rather than an option silently ignored.
import { parseArgs } from 'node:util';
import type { GateLevel } from '../report/model.ts';
import { parseGateLevel } from '../report/score.ts';

export const USAGE = `Usage:
  npm run conformance [-- options]          run the conformance suite and write the reports
  npm run conformance -- merge [DIR] [opts]  merge the blob reports of sharded runs (default DIR: blob-report)

Options:
  --shard i/N        run shard i of N (also writes blob-report/shard-i-of-N/ for merge)
  --grep REGEX       only tests whose title or tag matches (e.g. @must, @pagination, backup-list)
  --workers N        Playwright workers (a number or a percentage such as 50%)
  --baseline FILE    compare with an earlier conformance.json: newly failing, newly fixed
  --waivers FILE     YAML/JSON list of {requirement, reason, expires: YYYY-MM-DD}
  --gate pages|upstream|should
                     pages (default; formerly must): fail on a MUST failure of the pages;
                     upstream: fail on a failure of an upstream-OpenStack habit; should: fail on
                     any MUST or SHOULD failure
  --read-only        skip every check that writes to the target
  --concurrency N    requests in flight at once per service, and units run ahead of their tests
                     (default 4; 1: one request after another)
  --no-allure        write no Allure results (also for merge): allure-results/ is neither made
                     nor touched; the other reports are written as ever
  --print-config     print the resolved configuration (secrets as ***) and exit
  -h, --help         this text

Environment: OS_CLOUD / OS_* / clouds.yaml choose a real cloud (default: the embedded reference
target); CONFORMANCE_BASELINE, CONFORMANCE_WAIVERS, CONFORMANCE_GATE, CONFORMANCE_READ_ONLY, CONFORMANCE_CONCURRENCY are the
variables behind the options above, and CONFORMANCE_ALLURE=off (or 0, false; on, 1, true: the
default) the one behind --no-allure; CONFORMANCE_REPORT_DIR (reports) and CONFORMANCE_ALLURE_DIR
(allure-results) say where the reports go.

Exit codes: 0 the gate passed, 1 it failed (a failure it counts, or an incomplete run), 2
configuration or usage error.
`;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface RunArgs {
  command: 'run';
  shard?: { current: number; total: number };
  grep?: string;
  workers?: string;
  baseline?: string;
  waivers?: string;
  gate?: GateLevel;
  readOnly: boolean;
  /** CONFORMANCE_CONCURRENCY for the run, as given (a positive whole number). */
  concurrency?: string;
  /** --no-allure: write no Allure results. */
  noAllure: boolean;
  printConfig: boolean;
  help: boolean;
}

export interface MergeArgs {
  command: 'merge';
  dir: string;
  baseline?: string;
  waivers?: string;
  gate?: GateLevel;
  /** --no-allure: write no Allure results. */
  noAllure: boolean;
  help: boolean;
}

export type CliArgs = RunArgs | MergeArgs;

function parseShard(text: string): { current: number; total: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) throw new UsageError(`--shard expects i/N (for example 1/3), got "${text}"`);
  const current = Number(match[1]);
  const total = Number(match[2]);
  if (total < 1 || current < 1 || current > total) throw new UsageError(`--shard ${text}: i must be between 1 and N`);
  return { current, total };
}

function parseGate(text: string | undefined): GateLevel | undefined {
  if (text === undefined) return undefined;
  const value = parseGateLevel(text);
  if (!value) throw new UsageError(`--gate expects pages, upstream or should, got "${text}"`);
  return value;
}

function parseWorkers(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!/^(?:[1-9]\d*|(?:100|[1-9]\d?)%)$/.test(text.trim()))
    throw new UsageError(`--workers expects a positive number or a percentage (50%), got "${text}"`);
  return text.trim();
}

function parseGrep(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    new RegExp(text);
  } catch (error) {
    throw new UsageError(`--grep "${text}" is not a regular expression: ${(error as Error).message}`);
  }
  return text;
}

function parseConcurrency(text: string): string {
  if (!/^[1-9]\d{0,3}$/.test(text.trim()))
    throw new UsageError(`--concurrency expects a positive whole number, got "${text}"`);
  return text.trim();
}

export function parseCliArgs(argv: string[]): CliArgs {
  const merge = argv[0] === 'merge';
  let parsed;
  try {
    parsed = parseArgs({
      args: merge ? argv.slice(1) : argv,
      allowPositionals: merge,
      strict: true,
      options: {
        shard: { type: 'string' },
        grep: { type: 'string', short: 'g' },
        workers: { type: 'string', short: 'j' },
        baseline: { type: 'string' },
        waivers: { type: 'string' },
        gate: { type: 'string' },
        'read-only': { type: 'boolean', default: false },
        concurrency: { type: 'string' },
        'no-allure': { type: 'boolean', default: false },
        'print-config': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const v = parsed.values;
  for (const key of ['baseline', 'waivers'] as const)
    if (v[key] === '') throw new UsageError(`--${key} expects a file`);
  if (merge) {
    for (const key of ['shard', 'grep', 'workers', 'read-only', 'concurrency', 'print-config'] as const) {
      if (v[key]) throw new UsageError(`--${key} does not apply to merge`);
    }
    if (parsed.positionals.length > 1)
      throw new UsageError(`merge takes one directory, got ${parsed.positionals.length}`);
    return {
      command: 'merge',
      dir: parsed.positionals[0] ?? 'blob-report',
      baseline: v.baseline,
      waivers: v.waivers,
      gate: parseGate(v.gate),
      noAllure: Boolean(v['no-allure']),
      help: Boolean(v.help),
    };
  }
  return {
    command: 'run',
    ...(v.shard !== undefined ? { shard: parseShard(v.shard) } : {}),
    grep: parseGrep(v.grep),
    workers: parseWorkers(v.workers),
    baseline: v.baseline,
    waivers: v.waivers,
    gate: parseGate(v.gate),
    readOnly: Boolean(v['read-only']),
    ...(v.concurrency !== undefined ? { concurrency: parseConcurrency(v.concurrency) } : {}),
    noAllure: Boolean(v['no-allure']),
    printConfig: Boolean(v['print-config']),
    help: Boolean(v.help),
  };
}
