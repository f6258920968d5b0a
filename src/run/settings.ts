// The suite's settings, read once per process at the edge and handed on as typed options. Only
// src/config reads the environment (`CONFORMANCE_*`, `REFERENCE_*`, `OS_*`, `.env`, clouds.yaml);
// this module turns what it read into the reporter's options (src/run/reporter.ts) and the workers'
// (playwright.config.ts passes them to the `suite` fixture option through `use`).
import { runOptions, type Transport } from '../config/env.ts';
import { isConfigError } from '../config/errors.ts';
import { loadConfiguration } from '../config/load.ts';
import { configSecrets } from '../config/redact.ts';
import { reportEnv } from '../config/report-env.ts';
import { embeddedTargetFromEnv } from '../config/run-env.ts';
import type { ConformanceReporterOptions } from '../report/reporter.ts';
import { targetFromConfiguration } from './target-description.ts';

/** What a worker needs besides the configuration it resolves itself. */
export interface WorkerOptions {
  /** `guarded` (node:http with a streaming body cap) or `playwright` (APIRequestContext). */
  transport: Transport;
  /** Where the worker records the secrets it obtains, for the reporter. */
  secretsFile?: string;
  /** This worker runs every spec file (the CLI said so): it may run every service's units ahead. */
  wholeRun?: boolean;
  /** A MUST failure marks its test as failing rather than failing it (the CLI decides the verdict). */
  markFailures?: boolean;
  /**
   * No test attaches its exchanges: only the Allure results read them, and they are off
   * (CONFORMANCE_ALLURE=off, the CLI's --no-allure). A sharded run attaches them whatever this says:
   * its blobs may be merged into a report that has the Allure results on.
   */
  noExchanges?: boolean;
}

export function workerOptions(): WorkerOptions {
  const { secretsFile, wholeRun, markFailures, allure } = reportEnv();
  return {
    transport: runOptions().transport,
    ...(secretsFile ? { secretsFile } : {}),
    ...(wholeRun ? { wholeRun } : {}),
    ...(markFailures ? { markFailures } : {}),
    ...(allure ? {} : { noExchanges: true }),
  };
}

/**
 * The reporter's options from the settings. A setting that does not parse is not fatal here (the CLI
 * refuses it before a run; run directly, the report goes on without it and says so).
 */
export function reporterOptions(): ConformanceReporterOptions {
  const env = reportEnv();
  const warnings: string[] = [];
  const options: ConformanceReporterOptions = {
    outputDir: env.reportDir,
    allureDir: env.allureDir,
    allure: env.allure,
    ...(env.catalogFile ? { catalogFile: env.catalogFile } : {}),
    ...(env.grep ? { grep: env.grep } : {}),
    ...(env.secretsFile ? { secretsFile: env.secretsFile } : {}),
    // The CLI marks a test with a MUST failure as failing, which Playwright's terminal reporters count
    // as passed: the reporter then prints the run's progress itself, and Playwright adds none.
    ...(env.markFailures ? { terminal: true } : {}),
  };
  try {
    const run = runOptions();
    Object.assign(options, {
      gate: run.gate,
      readOnly: run.readOnly,
      ...(run.baseline ? { baseline: run.baseline } : {}),
      ...(run.waivers ? { waivers: run.waivers } : {}),
    });
  } catch (error) {
    warnings.push(`ignoring the environment's run options: ${(error as Error).message}`);
  }
  const secrets: string[] = [];
  try {
    const configuration = loadConfiguration();
    secrets.push(...configSecrets(configuration));
    options.target = targetFromConfiguration(configuration);
  } catch (error) {
    if (!isConfigError(error)) throw error;
    warnings.push(`configuration: ${error.message}`);
  }
  try {
    const embedded = embeddedTargetFromEnv();
    if (embedded?.password) secrets.push(embedded.password);
  } catch (error) {
    warnings.push(`embedded target: ${(error as Error).message}`);
  }
  return { ...options, secrets, ...(warnings.length > 0 ? { settingsWarnings: warnings } : {}) };
}
