// reportEnv: the reports' variables, typed; CONFORMANCE_ALLURE turns the Allure results off and is
// read strictly, so a misspelt value is a configuration error (the CLI's exit 2), never Allure left on.
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/config/errors.ts';
import { loadEnvironment } from '../../src/config/env.ts';
import { reportEnv } from '../../src/config/report-env.ts';

describe('reportEnv', () => {
  it('gives the defaults for an empty environment: Allure on, in allure-results', () => {
    const env = reportEnv({});
    assert.equal(env.reportDir, 'reports');
    assert.equal(env.allureDir, 'allure-results');
    assert.equal(env.allure, true);
  });

  const values: Array<[string, boolean]> = [
    ['on', true],
    ['1', true],
    ['true', true],
    ['ON', true],
    ['True', true],
    ['off', false],
    ['0', false],
    ['false', false],
    [' Off ', false],
    ['FALSE', false],
    ['', true],
    ['  ', true],
  ];
  for (const [value, allure] of values) {
    it(`reads CONFORMANCE_ALLURE=${JSON.stringify(value)} as ${allure ? 'on' : 'off'}`, () => {
      assert.equal(reportEnv({ CONFORMANCE_ALLURE: value }).allure, allure);
    });
  }

  for (const value of ['no', 'yes', 'disabled', '2', 'of', 'constructor', 'toString']) {
    it(`rejects CONFORMANCE_ALLURE=${JSON.stringify(value)} naming the variable`, () => {
      assert.throws(
        () => reportEnv({ CONFORMANCE_ALLURE: value }),
        (e: unknown) =>
          e instanceof ConfigError &&
          e.key === 'CONFORMANCE_ALLURE' &&
          e.message === `CONFORMANCE_ALLURE: "${value}" is not one of on, off (or 1, 0, true, false)`,
      );
    });
  }

  it('names the .env line a bad value came from, and a set variable wins over .env', () => {
    const dir = mkdtempSync(join(tmpdir(), 'report-env-'));
    writeFileSync(join(dir, '.env'), 'CONFORMANCE_REPORT_DIR=out\nCONFORMANCE_ALLURE=maybe\n');
    assert.throws(
      () => reportEnv(loadEnvironment({ env: {}, cwd: dir })),
      (e: unknown) => e instanceof ConfigError && e.file === join(dir, '.env') && e.line === 2,
    );
    const fromShell = reportEnv(loadEnvironment({ env: { CONFORMANCE_ALLURE: 'off' }, cwd: dir }));
    assert.equal(fromShell.allure, false);
    assert.equal(fromShell.reportDir, 'out');
  });
});
