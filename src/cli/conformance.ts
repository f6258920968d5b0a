// `npm run conformance [-- options]`: validates the configuration and the report inputs first (exit 2
// on any problem, before anything runs), runs the Playwright suite with the conformance reporter, and
// exits with the verdict: 0 conforming, 1 not (or SHOULD failures under --gate should), 2 usage or
// configuration error. `merge` turns the blob reports of sharded runs into the same reports as one run.
// Only what every run needs before Playwright starts is imported here; the rest (report writers,
// yaml, the reference target's switch lists) is imported where it is used, since each module costs
// start-up time that delays the first test (BENCHMARKS.md, "The floor").
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { loadCatalog } from '../catalog/load.ts';
import { childProcessEnv, environmentWith, loadEnvironment } from '../config/env.ts';
import { isConfigError } from '../config/errors.ts';
import { loadConfiguration } from '../config/load.ts';
import type { Configuration } from '../config/model.ts';
import { reportEnv } from '../config/report-env.ts';
import { bundlePath } from '../run/build.ts';
import { ReportInputError } from '../report/input-error.ts';
import type { ConformanceReport } from '../report/model.ts';
import { parseCliArgs, USAGE, UsageError, type CliArgs } from './args.ts';
import { runChild } from './run-child.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const PLAYWRIGHT_CLI = join(ROOT, 'node_modules/@playwright/test/cli.js');
// The reporter's bundle (npm run build): Playwright loads it as one file, not module by module.
const REPORTER = bundlePath('reporter');

export const EXIT = { conforming: 0, failed: 1, usage: 2 } as const;

function toolVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Variables the options stand for: the reporter and the fixtures read them through src/config. */
function optionEnv(args: CliArgs): Record<string, string> {
  const env: Record<string, string> = {};
  if (args.baseline) env.CONFORMANCE_BASELINE = resolve(args.baseline);
  if (args.waivers) env.CONFORMANCE_WAIVERS = resolve(args.waivers);
  if (args.gate) env.CONFORMANCE_GATE = args.gate;
  if (args.command === 'run' && args.readOnly) env.CONFORMANCE_READ_ONLY = 'true';
  if (args.command === 'run' && args.concurrency) env.CONFORMANCE_CONCURRENCY = args.concurrency;
  if (args.noAllure) env.CONFORMANCE_ALLURE = 'off';
  // One worker runs every file: it may run all services' units ahead (src/run/ahead.ts).
  if (args.command === 'run' && !args.shard && (args.workers === undefined || args.workers === '1'))
    env.CONFORMANCE_WHOLE_RUN = '1';
  if (args.command === 'run' && args.grep) env.CONFORMANCE_GREP = args.grep;
  // The CLI's verdict is the report's: a MUST failure marks its test rather than costing a worker.
  if (args.command === 'run') env.CONFORMANCE_MARK_FAILURES = '1';
  return env;
}

interface Prepared {
  configuration: Configuration;
  env: Record<string, string>;
  /** The reports' own variables, `.env` included, as the reporter reads them. */
  reports: ReturnType<typeof reportEnv>;
}

/** A misspelt defect or variant is a usage error, not a run of the embedded target that checks nothing. */
async function checkSwitches(defects: string[], variant: string | undefined): Promise<void> {
  if (defects.length === 0 && variant === undefined) return;
  const [{ DEFECTS }, { VARIANTS }, { checkDefectSpecs }] = await Promise.all([
    import('../target/defects.ts'),
    import('../target/variants.ts'),
    import('../target/switches.ts'),
  ]);
  const unknown = defects.filter((spec) => !DEFECTS.some((d) => d.name === spec.split('@')[0]!.trim()));
  if (unknown.length > 0) {
    throw new UsageError(
      `REFERENCE_DEFECT: unknown defect ${unknown.map((n) => `"${n}"`).join(', ')}; valid defects: ${DEFECTS.map((d) => d.name).join(', ')}`,
    );
  }
  // NAME@operation-id: the operation must exist and the defect must be able to apply to it.
  const misplaced = defects.length ? checkDefectSpecs(defects.join(','), loadCatalog()) : undefined;
  if (misplaced) throw new UsageError(`REFERENCE_DEFECT: ${misplaced}`);
  if (variant !== undefined && !VARIANTS.some((v) => v.name === variant)) {
    throw new UsageError(
      `REFERENCE_VARIANT: unknown variant "${variant}"; valid variants: ${VARIANTS.map((v) => v.name).join(', ')}`,
    );
  }
}

/**
 * The catalog the reporter will need, checked now so that a missing or broken one is exit 2 before
 * anything runs. The project's own catalog goes through the loader (its JSON twin, cheap); a given
 * file, or a failure, through the report layer, which words the error.
 */
async function checkReportCatalog(file: string | undefined): Promise<void> {
  if (!file) {
    try {
      loadCatalog();
      return;
    } catch {
      // the report layer below says what is wrong, in its words
    }
  }
  const { loadReportCatalog } = await import('../report/catalog.ts');
  loadReportCatalog(file);
}

/** Everything that can be wrong before a run starts, found before it starts. */
async function prepare(args: CliArgs, forRun: boolean): Promise<Prepared> {
  const extra = optionEnv(args);
  const merged = environmentWith(extra);
  // The reports' own variables, `.env` included as the reporter reads them (CONFORMANCE_ALLURE strictly).
  const reports = reportEnv(loadEnvironment({ env: merged }));
  const configuration = loadConfiguration({ env: merged });
  if (configuration.embedded)
    await checkSwitches(configuration.run.referenceDefects, configuration.run.referenceVariant);
  const baseline = extra.CONFORMANCE_BASELINE ?? configuration.run.baseline;
  const waivers = extra.CONFORMANCE_WAIVERS ?? configuration.run.waivers;
  if (baseline) (await import('../report/baseline.ts')).loadBaseline(baseline);
  if (waivers) (await import('../report/waivers.ts')).loadWaivers(waivers);
  if (forRun) await checkReportCatalog(reports.catalogFile);
  const tls = configuration.embedded
    ? undefined
    : {
        insecure: configuration.tls.insecure,
        ...(configuration.tls.cacert ? { caFile: configuration.tls.cacert } : {}),
      };
  return { configuration, env: childProcessEnv(extra, tls), reports };
}

function freshReport(file: string, since: number): ConformanceReport | undefined {
  try {
    if (statSync(file).mtimeMs + 5 < since) return undefined;
    return JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport;
  } catch {
    return undefined;
  }
}

/**
 * Gathers the shard blobs (report-<i>.zip, directly in `dir` or one level down, as the CLI writes them
 * in blob-report/shard-<i>-of-<N>/) into `into`; refuses a set with a shard missing, since merging it
 * would report a partial run as a whole one.
 */
function gatherBlobs(dir: string, into: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UsageError(`merge: ${dir} is not a directory of blob reports (run with --shard i/N first)`);
  const candidates = readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? readdirSync(path).map((inner) => join(path, inner)) : [path];
  });
  const byNumber = new Map<number, string>();
  for (const file of candidates) {
    const n = /(?:^|[\\/])report(?:-[^\\/]+?)?-(\d+)\.zip$/.exec(file)?.[1];
    if (n === undefined) continue;
    if (byNumber.has(Number(n)))
      throw new UsageError(`merge: shard ${Number(n)} appears twice (${byNumber.get(Number(n))}, ${file})`);
    byNumber.set(Number(n), file);
  }
  if (byNumber.size === 0) throw new UsageError(`merge: no report-<i>.zip in ${dir}`);
  const highest = Math.max(...byNumber.keys());
  const missing = [];
  for (let i = 1; i <= highest; i++) if (!byNumber.has(i)) missing.push(i);
  if (missing.length > 0) throw new UsageError(`merge: shard report(s) ${missing.join(', ')} missing from ${dir}`);
  for (const file of byNumber.values()) copyFileSync(file, join(into, basename(file)));
}

async function run(args: CliArgs, prepared: Prepared): Promise<number> {
  // A private directory for this run: the secrets file, and the gathered blobs of a merge.
  const secretsDir = mkdtempSync(join(tmpdir(), 'conformance-run-'));
  const secretsFile = join(secretsDir, 'secrets');
  writeFileSync(secretsFile, '', { mode: 0o600 });
  const env: Record<string, string> = { ...prepared.env, CONFORMANCE_SECRETS_FILE: secretsFile };
  const reporter = REPORTER;
  const dirs = prepared.reports;
  const allureDir = dirs.allure ? dirs.allureDir : null;
  const startedAt = Date.now();
  try {
    let childArgs: string[];
    if (args.command === 'merge') {
      const blobs = join(secretsDir, 'blobs');
      mkdirSync(blobs);
      gatherBlobs(resolve(args.dir), blobs);
      childArgs = [PLAYWRIGHT_CLI, 'merge-reports', `--reporter=${reporter}`, blobs];
    } else {
      const config = dirs.playwrightConfig ? resolve(dirs.playwrightConfig) : join(ROOT, 'playwright.config.ts');
      if (!existsSync(config)) throw new UsageError(`no Playwright config at ${config}`);
      childArgs = [PLAYWRIGHT_CLI, 'test', '-c', config, `--reporter=${args.shard ? 'blob,' : ''}${reporter}`];
      if (args.shard) {
        childArgs.push(`--shard=${args.shard.current}/${args.shard.total}`);
        // Playwright empties the blob directory at start: one directory per shard lets several shards
        // run one after another on one machine and still be merged.
        env.PLAYWRIGHT_BLOB_OUTPUT_DIR ??= resolve('blob-report', `shard-${args.shard.current}-of-${args.shard.total}`);
      }
      // The project's suite selects families itself, from CONFORMANCE_GREP, and titles the tests it
      // keeps so that Playwright's grep keeps them too; a suite of another shape needs Playwright's.
      if (args.grep) childArgs.push(`--grep=${args.grep}`);
      if (args.workers) childArgs.push(`--workers=${args.workers}`);
    }
    const outcome = runChild(process.execPath, childArgs, env, process.cwd());
    // Loaded while Playwright runs (this process is idle then), not before it starts.
    const writers = import('../report/write-reports.ts');
    writers.catch(() => undefined);
    const { code, signal, received } = await outcome;
    const files = (await writers).reportFiles({
      reportDir: resolve(dirs.reportDir),
      allureDir: allureDir === null ? null : resolve(allureDir),
    });
    let report = freshReport(files.json, startedAt);
    if (!report) {
      const reason =
        received.length > 0
          ? `the run was stopped (${received.join(', ')}) before the reporter wrote anything`
          : `Playwright exited (${signal ?? `code ${code}`}) before the reporter wrote anything; see its output above`;
      const [
        { configSecrets },
        { readRecordedSecrets },
        { loadReportCatalog },
        { targetFromConfiguration },
        { writeFallbackReport },
      ] = await Promise.all([
        import('../config/redact.ts'),
        import('../report/secrets.ts'),
        import('../report/catalog.ts'),
        import('../run/target-description.ts'),
        import('./fallback-report.ts'),
      ]);
      const secrets = [...configSecrets(prepared.configuration), ...readRecordedSecrets(secretsFile)];
      report = writeFallbackReport({
        catalog: loadReportCatalog(dirs.catalogFile),
        target: targetFromConfiguration(prepared.configuration),
        reason,
        startTime: new Date(startedAt),
        gate: args.gate ?? prepared.configuration.run.gate,
        secrets,
        dirs: { reportDir: dirs.reportDir, allureDir },
        toolVersion: toolVersion(),
      });
      process.stderr.write(`conformance: ${reason}; wrote an incomplete report to ${files.json}\n`);
      // A configuration problem found only inside the run (global setup) keeps its exit code 2.
      if (code === EXIT.usage && received.length === 0) return EXIT.usage;
    }
    process.stdout.write(
      `conformance: ${report.verdict}, gate ${report.gate.level} ${report.gate.passed ? 'passed' : 'failed'} → exit ${report.gate.passed ? 0 : 1}\n`,
    );
    return report.gate.passed ? EXIT.conforming : EXIT.failed;
  } finally {
    rmSync(secretsDir, { recursive: true, force: true });
  }
}

export async function main(argv: string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`conformance: ${error.message}\nRun \`npm run conformance -- --help\` for the options.\n`);
      return EXIT.usage;
    }
    throw error;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return EXIT.conforming;
  }
  let prepared: Prepared;
  try {
    prepared = await prepare(args, !(args.command === 'run' && args.printConfig));
  } catch (error) {
    if (isConfigError(error)) {
      process.stderr.write(`conformance: configuration error: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof ReportInputError || error instanceof UsageError) {
      process.stderr.write(`conformance: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  if (args.command === 'run' && args.printConfig) {
    const [{ yaml }, { describeConfiguration }, { configSecrets }, { redactText }] = await Promise.all([
      import('../lib/yaml.ts'),
      import('../config/print-config.ts'),
      import('../config/redact.ts'),
      import('../lib/redact.ts'),
    ]);
    const text = yaml().stringify(describeConfiguration(prepared.configuration), { version: '1.1' });
    process.stdout.write(redactText(text, configSecrets(prepared.configuration)));
    return EXIT.conforming;
  }
  try {
    return await run(args, prepared);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`conformance: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}
