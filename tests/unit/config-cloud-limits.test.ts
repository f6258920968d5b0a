// The suite's limits in clouds.yaml, under a cloud's `conformance:` map (concurrency, request_timeout_ms,
// max_tries …): applied to that cloud, overridden by the CONFORMANCE_* variable, and a bad value is a
// clear error naming the file and line.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError } from '../../src/config/errors.ts';
import { loadConfiguration } from '../../src/config/load.ts';
import { tempDir } from '../support/temp.ts';
import { DEFAULT_LIMITS } from '../../src/session/model.ts';

const AUTH =
  'auth: {auth_url: "http://keystone.example:5000/v3", username: u, password: p, project_name: x, user_domain_name: Default, project_domain_name: Default}';

function cloudWith(extra: string, env: Record<string, string> = {}) {
  const dir = tempDir('cac-limits');
  const file = path.join(dir, 'clouds.yaml');
  writeFileSync(file, `clouds:\n  lab:\n    ${AUTH}\n${extra}`);
  return {
    file,
    load: () => loadConfiguration({ env: { OS_CLOUD: 'lab', OS_CLIENT_CONFIG_FILE: file, ...env }, dotenv: false }),
  };
}

test('a cloud carries its own limits under conformance:', () => {
  const config = cloudWith(
    '    conformance:\n      concurrency: 2\n      request-timeout-ms: 30000\n      max_tries: "5"\n',
  ).load();
  if (config.embedded) assert.fail('a cloud was named');
  assert.equal(config.run.limits.concurrency, 2);
  assert.equal(config.run.limits.requestTimeoutMs, 30000);
  assert.equal(config.run.limits.maxTries, 5);
  assert.equal(config.run.limits.maxPages, DEFAULT_LIMITS.maxPages);
});

test('a CONFORMANCE_* variable wins over the cloud', () => {
  const config = cloudWith('    conformance:\n      concurrency: 2\n', { CONFORMANCE_CONCURRENCY: '6' }).load();
  if (config.embedded) assert.fail('a cloud was named');
  assert.equal(config.run.limits.concurrency, 6);
});

test('no conformance: map leaves the defaults', () => {
  const config = cloudWith('').load();
  if (config.embedded) assert.fail('a cloud was named');
  assert.deepEqual(config.run.limits, DEFAULT_LIMITS);
});

for (const [yaml, want] of [
  ['    conformance:\n      concurrency: 0\n', /concurrency: "0" must be a positive whole number/],
  ['    conformance:\n      concurrency: 1.5\n', /concurrency: "1.5" is not a whole number/],
  ['    conformance:\n      parallel: 3\n', /"parallel", which is not one of .*concurrency/],
  ['    conformance: 4\n', /must be a mapping of limits/],
  ['    conformance:\n      max_pages: [1]\n', /max_pages: \[1\] is not a whole number/],
] as const) {
  test(`a bad conformance: map is a clear error: ${JSON.stringify(yaml.trim())}`, () => {
    const { file, load } = cloudWith(yaml);
    assert.throws(load, (e: unknown) => {
      assert.ok(e instanceof ConfigError, String(e));
      const text = e.message;
      assert.match(text, want);
      assert.ok(text.includes(file) || JSON.stringify(e).includes(file), `names the file: ${text}`);
      return true;
    });
  });
}
