// Existing resources named in the configuration for the request plans: OS_<RESOURCE>_ID or the
// cloud's <resource>_id key in clouds.yaml.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfiguration } from '../../src/config/load.ts';

const AUTH = {
  OS_AUTH_URL: 'http://keystone.example:5000/v3',
  OS_USERNAME: 'u',
  OS_PASSWORD: 'p',
  OS_PROJECT_NAME: 'x',
  OS_USER_DOMAIN_NAME: 'Default',
  OS_PROJECT_DOMAIN_NAME: 'Default',
};

test('OS_SERVER_ID names an existing server; auth ids are not resources', () => {
  const config = loadConfiguration({
    env: { ...AUTH, OS_SERVER_ID: 'srv-9', OS_PROJECT_ID: 'p1', OS_SOFTWARE_CONFIGURATION_ID: 'cfg-1' },
    dotenv: false,
  });
  assert.equal(config.embedded, false);
  if (!config.embedded) assert.deepEqual(config.existing, { server: 'srv-9', 'software-configuration': 'cfg-1' });
});

test('clouds.yaml server_id names it too', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cac-existing-'));
  const file = path.join(dir, 'clouds.yaml');
  writeFileSync(
    file,
    'clouds:\n  lab:\n    auth: {auth_url: "http://keystone.example:5000/v3", username: u, password: p, project_name: x, user_domain_name: Default, project_domain_name: Default}\n    server_id: 0b7c-srv\n',
  );
  const config = loadConfiguration({ env: { OS_CLOUD: 'lab', OS_CLIENT_CONFIG_FILE: file }, dotenv: false });
  if (config.embedded) assert.fail('a cloud was named');
  assert.deepEqual(config.existing, { server: '0b7c-srv' });
});
