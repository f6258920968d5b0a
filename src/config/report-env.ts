// Environment variables of the reports and the run's plumbing, read here because this layer is the
// only reader of process.env; src/run/settings.ts hands them on as the reporter's and the workers'
// typed options (the report layer itself reads no variable).
import { toEnvironment, type EnvMap, type Environment } from './env.ts';
import { ConfigError } from './errors.ts';

export interface ReportEnv {
  /** CONFORMANCE_REPORT_DIR: where conformance.json, .html, summary.md and junit.xml go (default `reports`). */
  reportDir: string;
  /** CONFORMANCE_ALLURE_DIR: where Allure results go (default `allure-results`). */
  allureDir: string;
  /**
   * CONFORMANCE_ALLURE: whether the run writes Allure results at all (default on; `off`, `0` or
   * `false` turns them off, which is what the CLI's --no-allure sets). Off, the allure directory is
   * neither made nor touched: a result set of an earlier run stays as it was.
   */
  allure: boolean;
  /**
   * CONFORMANCE_SECRETS_FILE: a file (mode 0600, in a private temporary directory the CLI creates)
   * to which whoever obtains a secret during the run (a Keystone token in a worker) appends it, one
   * a line, so the reporter — in another process — can mask it in every report.
   */
  secretsFile?: string;
  /** CONFORMANCE_CATALOG: the catalog file to report against (default `catalog/catalog.yaml`). */
  catalogFile?: string;
  /** CONFORMANCE_PLAYWRIGHT_CONFIG: the Playwright config the CLI runs (default the project's own). */
  playwrightConfig?: string;
  /** CONFORMANCE_GREP: the CLI's --grep, for the report (Playwright does not show it to reporters). */
  grep?: string;
  /**
   * CONFORMANCE_WHOLE_RUN: set by the CLI when one worker runs every spec file (no shard, no file
   * filter, one worker), so a worker may run the units of every service ahead, not only its file's.
   */
  wholeRun: boolean;
  /**
   * CONFORMANCE_MARK_FAILURES: set by the CLI, which takes the run's verdict from the report. A test
   * with a MUST failure is then marked as failing (`test.fail()`, shown ✘) instead of failing
   * Playwright's run: Playwright replaces its worker after every failed test, and the new worker
   * would repeat the start-up, the prerequisites and the work run ahead (BENCHMARKS.md).
   */
  markFailures: boolean;
}

const ALLURE_VALUES = new Map([
  ['on', true],
  ['1', true],
  ['true', true],
  ['off', false],
  ['0', false],
  ['false', false],
]);

/** CONFORMANCE_ALLURE read strictly: a misspelt value is a configuration error, not Allure left on. */
function allureSwitch(value: string | undefined, environment: Environment): boolean {
  if (value === undefined) return true;
  const on = ALLURE_VALUES.get(value.toLowerCase());
  if (on === undefined)
    throw new ConfigError(
      `"${value}" is not one of on, off (or 1, 0, true, false)`,
      environment.originOf('CONFORMANCE_ALLURE'),
    );
  return on;
}

/** The reports' variables; throws ConfigError naming the variable for a CONFORMANCE_ALLURE that does not parse. */
export function reportEnv(env?: EnvMap | Environment): ReportEnv {
  const environment = toEnvironment(env);
  const vars = environment.vars;
  const v = (name: string) => {
    const value = vars[name]?.trim();
    return value ? value : undefined;
  };
  return {
    reportDir: v('CONFORMANCE_REPORT_DIR') ?? 'reports',
    allureDir: v('CONFORMANCE_ALLURE_DIR') ?? 'allure-results',
    allure: allureSwitch(v('CONFORMANCE_ALLURE'), environment),
    secretsFile: v('CONFORMANCE_SECRETS_FILE'),
    catalogFile: v('CONFORMANCE_CATALOG'),
    playwrightConfig: v('CONFORMANCE_PLAYWRIGHT_CONFIG'),
    grep: v('CONFORMANCE_GREP'),
    wholeRun: v('CONFORMANCE_WHOLE_RUN') === '1',
    markFailures: v('CONFORMANCE_MARK_FAILURES') === '1',
  };
}

/**
 * Run directly (`npx playwright test`, no CLI), the reporter (src/run/reporter.ts) creates the secrets
 * file itself, before any worker starts, and publishes it here: each worker's settings read it back.
 */
export function publishSecretsFile(file: string): void {
  process.env.CONFORMANCE_SECRETS_FILE = file;
}
