// runOptions: the suite's own switches from the environment, typed and validated.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { ConfigError, runOptions } from '../../src/config/index.ts';
import { DEFAULT_LIMITS } from '../../src/session/model.ts';

describe('runOptions', () => {
  it('gives the defaults for an empty environment', () => {
    assert.deepEqual(runOptions({}), {
      referenceDefect: undefined,
      referenceDefects: [],
      referenceVariant: undefined,
      baseline: undefined,
      waivers: undefined,
      readOnly: false,
      gate: 'pages',
      transport: 'guarded',
      limits: DEFAULT_LIMITS,
      limitsFromEnvironment: [],
    });
  });

  it('reads every variable', () => {
    const r = runOptions({
      REFERENCE_DEFECT: 'timestamps-zoneless, drip ',
      REFERENCE_VARIANT: 'upstream',
      CONFORMANCE_BASELINE: 'reports/base.json',
      CONFORMANCE_WAIVERS: 'waivers.yaml',
      CONFORMANCE_READ_ONLY: 'yes',
      CONFORMANCE_GATE: 'SHOULD',
      CONFORMANCE_REQUEST_TIMEOUT_MS: '2500',
      CONFORMANCE_BUDGET_MS: '60000',
      CONFORMANCE_MAX_BODY_BYTES: '1048576',
      CONFORMANCE_MAX_PAGES: '10',
      CONFORMANCE_MAX_ITEMS: '500',
      CONFORMANCE_MAX_TRIES: '5',
      CONFORMANCE_MAX_RETRY_WAIT_MS: '2000',
      CONFORMANCE_CONCURRENCY: '2',
      CONFORMANCE_TRANSPORT: 'Playwright',
    });
    assert.deepEqual(r.referenceDefects, ['timestamps-zoneless', 'drip']);
    assert.equal(r.referenceVariant, 'upstream');
    assert.equal(r.baseline, 'reports/base.json');
    assert.equal(r.waivers, 'waivers.yaml');
    assert.equal(r.readOnly, true);
    assert.equal(r.gate, 'should');
    assert.equal(r.transport, 'playwright');
    assert.deepEqual(r.limits, {
      requestTimeoutMs: 2500,
      totalBudgetMs: 60000,
      maxBodyBytes: 1048576,
      maxPages: 10,
      maxItems: 500,
      maxTries: 5,
      maxRetryWaitMs: 2000,
      concurrency: 2,
    });
  });

  const bad: Array<[Record<string, string>, string, string]> = [
    [{ CONFORMANCE_REQUEST_TIMEOUT_MS: 'ten' }, 'CONFORMANCE_REQUEST_TIMEOUT_MS', 'is not a whole number'],
    [{ CONFORMANCE_REQUEST_TIMEOUT_MS: '1.5' }, 'CONFORMANCE_REQUEST_TIMEOUT_MS', 'is not a whole number'],
    [{ CONFORMANCE_BUDGET_MS: '-1' }, 'CONFORMANCE_BUDGET_MS', 'is not a whole number'],
    [{ CONFORMANCE_MAX_BODY_BYTES: '0' }, 'CONFORMANCE_MAX_BODY_BYTES', 'must be a positive whole number'],
    [{ CONFORMANCE_MAX_PAGES: '99999999999999999999' }, 'CONFORMANCE_MAX_PAGES', 'must be a positive whole number'],
    [{ CONFORMANCE_MAX_ITEMS: '1e3' }, 'CONFORMANCE_MAX_ITEMS', 'is not a whole number'],
    [{ CONFORMANCE_READ_ONLY: 'sometimes' }, 'CONFORMANCE_READ_ONLY', 'is not a boolean'],
    [{ CONFORMANCE_GATE: 'may' }, 'CONFORMANCE_GATE', 'is not one of pages, upstream, should'],
    [{ CONFORMANCE_TRANSPORT: 'curl' }, 'CONFORMANCE_TRANSPORT', 'is not one of guarded, playwright'],
  ];
  for (const [env, key, message] of bad) {
    it(`rejects ${JSON.stringify(env)} naming ${key}`, () => {
      assert.throws(
        () => runOptions(env),
        (e: unknown) =>
          e instanceof ConfigError && e.key === key && e.message.startsWith(`${key}: `) && e.message.includes(message),
      );
    });
  }
});
