// The reference target on a real loopback socket, and its command line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startReferenceTarget } from '../../src/target/server.ts';
import { DEFECTS } from '../../src/target/defects.ts';
import { VARIANTS } from '../../src/target/variants.ts';

test('startReferenceTarget listens on 127.0.0.1, authenticates and serves, then closes', async () => {
  const target = await startReferenceTarget({ port: 0 });
  try {
    assert.match(target.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(target.authUrl, `${target.baseUrl}/identity/v3`);
    const c = target.credentials;
    const auth = await fetch(`${target.authUrl}/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: c.username, domain: { name: c.userDomainName }, password: c.password } },
          },
          scope: { project: { name: c.projectName, domain: { name: c.projectDomainName } } },
        },
      }),
      signal: AbortSignal.timeout(5000),
    });
    assert.equal(auth.status, 201);
    const token = auth.headers.get('x-subject-token')!;
    const body = (await auth.json()) as any;
    const block = body.token.catalog.find((s: any) => s.type === 'block-storage').endpoints[0].url;
    assert.equal(block, `${target.baseUrl}/volume/v3/${c.projectId}`);
    const list = await fetch(`${block}/backups?limit=2`, {
      headers: { 'x-auth-token': token },
      signal: AbortSignal.timeout(5000),
    });
    assert.equal(list.status, 200);
    const page = (await list.json()) as any;
    assert.ok(page.backups_links[0].href.startsWith(`${target.baseUrl}/`), 'links use the socket origin');
  } finally {
    await target.close();
  }
  await assert.rejects(fetch(`${target.baseUrl}/volume/`, { signal: AbortSignal.timeout(2000) }));
});

test('a bad port or switch is refused before listening', async () => {
  await assert.rejects(startReferenceTarget({ port: 70000 }), /port must be/);
  await assert.rejects(startReferenceTarget({ port: 0, defect: 'nope' }), /Unknown defect/);
});

test('the command line lists defects and variants, one a line', () => {
  const run = (arg: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/target/cli.ts', arg], { encoding: 'utf8', timeout: 30_000 });
  const defects = run('--list-defects');
  assert.equal(defects.status, 0, defects.stderr);
  assert.deepEqual(
    defects.stdout.trim().split('\n'),
    DEFECTS.map((d) => d.name),
  );
  const variants = run('--list-variants');
  assert.deepEqual(
    variants.stdout.trim().split('\n'),
    VARIANTS.map((v) => v.name),
  );
  const bad = run('--defect=nope');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /Unknown defect "nope"/);
});
