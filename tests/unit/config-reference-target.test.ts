// The config layer against the project's own reference target (a real Keystone-shaped server on
// loopback): the embedded path, the same target reached as a named cloud, and admin_token with
// overrides, each giving the endpoints the catalog layout promises.
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect, loadConfiguration } from '../../src/config/index.ts';
import { startReferenceTarget, type RunningReferenceTarget } from '../../src/target/server.ts';

describe('connect to the reference target', () => {
  let target: RunningReferenceTarget;
  before(async () => {
    target = await startReferenceTarget();
  });
  after(async () => {
    await target.close();
  });
  const isolated = (env: Record<string, string>, cwd = '/nonexistent-cwd') =>
    loadConfiguration({ env, cwd, home: '/nonexistent-home', etcDir: '/nonexistent-etc', dotenv: false });

  const expectLayout = (endpoints: Record<string, string | undefined>, projectId: string) => {
    assert.deepEqual(endpoints, {
      orchestration: `${target.baseUrl}/heat-api/v1/${projectId}`,
      image: `${target.baseUrl}/image`,
      'block-storage': `${target.baseUrl}/volume/v3/${projectId}`,
    });
  };

  it('embedded: password auth, catalog discovery, microversions', async () => {
    const c = target.credentials;
    const session = await connect(isolated({}), {
      embedded: { authUrl: target.authUrl, username: c.username, password: c.password, projectName: c.projectName },
    });
    assert.equal(session.embedded, true);
    assert.ok(session.projectId.length > 0);
    expectLayout(session.endpoints, session.projectId);
    const range = session.microversions['block-storage'];
    assert.ok(range, `no microversion range: ${session.notes?.join('; ')}`);
    assert.match(range.max, /^3\.\d+$/);
    assert.ok((await session.authHeaders())['X-Auth-Token']);
  });

  it('as a clouds.yaml cloud with the auth URL given without /v3', async () => {
    const c = target.credentials;
    const dir = mkdtempSync(join(tmpdir(), 'config-reference-'));
    writeFileSync(
      join(dir, 'clouds.yaml'),
      `clouds:\n  ref:\n    auth:\n      auth_url: ${target.baseUrl}/identity\n      username: ${c.username}\n      project_name: ${c.projectName}\n      user_domain_name: Default\n      project_domain_id: default\n    region_name: RegionOne\n    interface: public\n`,
    );
    const session = await connect(isolated({ OS_CLOUD: 'ref', OS_PASSWORD: c.password }, dir));
    assert.equal(session.cloudName, 'ref');
    expectLayout(session.endpoints, session.projectId);
  });

  it('admin_token with the three overrides reaches the same layout without Keystone', async () => {
    const c = target.credentials;
    const first = await connect(isolated({}), {
      embedded: { authUrl: target.authUrl, username: c.username, password: c.password, projectName: c.projectName },
    });
    const token = (await first.authHeaders())['X-Auth-Token']!;
    const session = await connect(
      isolated({
        OS_AUTH_TYPE: 'admin_token',
        OS_TOKEN: token,
        OS_PROJECT_ID: first.projectId,
        OS_ORCHESTRATION_ENDPOINT_OVERRIDE: first.endpoints.orchestration!,
        OS_BLOCK_STORAGE_ENDPOINT_OVERRIDE: first.endpoints['block-storage']!,
        OS_IMAGE_ENDPOINT_OVERRIDE: first.endpoints.image!,
      }),
    );
    expectLayout(session.endpoints, first.projectId);
    assert.deepEqual(session.microversions, first.microversions);
  });
});
