// The conformance reporter as Playwright loads it (playwright.config.ts, the CLI's --reporter): the
// suite's settings, read once here through src/config, under the options Playwright gives (tests pass
// some). Run without the CLI, no secrets file exists yet: this creates one in a private directory and
// publishes it to the workers, which start later and inherit the environment.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishSecretsFile } from '../config/report-env.ts';
import ConformanceReporter, { type ConformanceReporterOptions } from '../report/reporter.ts';
import { reporterOptions } from './settings.ts';

export default class SuiteReporter extends ConformanceReporter {
  private readonly ownSecretsDir: string | undefined;

  constructor(given: ConformanceReporterOptions = {}) {
    const settings = reporterOptions();
    let ownSecretsDir: string | undefined;
    let secretsFile = given.secretsFile ?? settings.secretsFile;
    if (!secretsFile) {
      ownSecretsDir = mkdtempSync(join(tmpdir(), 'conformance-secrets-'));
      secretsFile = join(ownSecretsDir, 'secrets');
      writeFileSync(secretsFile, '', { mode: 0o600 });
      publishSecretsFile(secretsFile);
    }
    super({ ...settings, ...given, secretsFile, secrets: [...(settings.secrets ?? []), ...(given.secrets ?? [])] });
    this.ownSecretsDir = ownSecretsDir;
  }

  async onExit(): Promise<void> {
    if (this.ownSecretsDir) rmSync(this.ownSecretsDir, { recursive: true, force: true });
  }
}
