// No secret leaves the configuration layer in clear: redactConfig, print-config's YAML (in process
// and as a CLI), and redactText on encoded forms.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { loadConfiguration, redactConfig, redactText, type ResolvedConfig } from '../../src/config/index.ts';
import { tempDir } from '../support/temp.ts';
import { describeConfiguration } from '../../src/config/print-config.ts';

const SECRETS = { password: 'pw-Zq8!x', token: 'tok-7c1e9a', secret: 'acs-55f0b2' };

function workdir(): string {
  const dir = tempDir('config-redact');
  writeFileSync(
    join(dir, 'clouds.yaml'),
    `clouds:\n  lab:\n    auth:\n      auth_url: http://127.0.0.1:5000/v3\n      username: demo\n      password: "${SECRETS.password}"\n      application_credential_secret: ${SECRETS.secret}\n`,
  );
  mkdirSync(join(dir, 'home'));
  return dir;
}

describe('redaction', () => {
  it('redactConfig hides password, token and application-credential secret, and leaves the original alone', () => {
    const dir = workdir();
    const config = loadConfiguration({
      env: { OS_CLOUD: 'lab', OS_TOKEN: SECRETS.token },
      cwd: dir,
      home: join(dir, 'home'),
      etcDir: dir,
    }) as ResolvedConfig;
    const red = redactConfig(config);
    assert.deepEqual([red.auth.password, red.auth.token, red.auth.applicationCredentialSecret], ['***', '***', '***']);
    assert.equal(config.auth.password, SECRETS.password);
    const text = stringify(describeConfiguration(config));
    for (const s of Object.values(SECRETS)) assert.ok(!text.includes(s), `print-config shows ${s}`);
    assert.match(text, /password: "\*\*\*"/);
  });

  it('print-config (the CLI) prints the cloud with every secret as ***', () => {
    const dir = workdir();
    const r = spawnSync(
      resolve(import.meta.dirname, '../../node_modules/.bin/tsx'),
      [resolve(import.meta.dirname, '../../src/config/print-config.ts')],
      {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', HOME: join(dir, 'home'), OS_CLOUD: 'lab', OS_TOKEN: SECRETS.token },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^cloud: lab$/m);
    assert.match(r.stdout, /auth_url: http:\/\/127.0.0.1:5000\/v3/);
    for (const s of Object.values(SECRETS)) assert.ok(!(r.stdout + r.stderr).includes(s), `output shows ${s}`);
  });

  it('redactText replaces raw and URL-encoded forms, longest first', () => {
    assert.equal(redactText('a pw-Zq8!x b pw-Zq8!x%20 c pw-Zq8!x', ['pw-Zq8!x']), 'a *** b ***%20 c ***');
    assert.equal(redactText('q=p%40ss%2Fword', ['p@ss/word']), 'q=***');
    assert.equal(redactText('abcdef', ['abc', 'abcdef']), '***');
  });
});
