// Defect and variant switches: names are unique, every defect changes what a client observes on a
// fixed scenario that touches every operation, every variant starts and serves, unknown names fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFECTS } from '../../src/target/defects.ts';
import { VARIANTS } from '../../src/target/variants.ts';
import { createReferenceApp } from '../../src/target/app.ts';
import { makeClient, transcript, type Client } from '../support/target-client.ts';
import { buildRoutes } from '../../src/target/core/routes.ts';
import { operationsFor } from '../../src/target/switches.ts';
import { loadCatalog } from '../../src/catalog/load.ts';

const FAMILIES = ['schema', 'timestamps', 'enums', 'status-codes', 'headers', 'pagination', 'filters', 'stateful'];

/** Everything a conformance run would try, recorded as text. */
async function scenario(k: Client): Promise<string> {
  const out: string[] = [];
  const rec = (label: string, r: Awaited<ReturnType<Client['call']>>) => out.push(transcript(label, r));
  const token = await k.token();
  const expiring = await k.token();
  const v = (ver: string) => ({ 'openstack-api-version': `volume ${ver}` });
  const valid = {
    config_id: 'c0',
    server_id: 's0',
    action: 'CREATE',
    status: 'IN_PROGRESS',
    status_reason: 'r',
    input_values: { a: 1 },
  };

  // Heat
  const created = await k.call(k.heat(), { method: 'POST', token, body: valid });
  rec('create', created);
  const id = created.json?.software_deployment?.id ?? created.json?.id;
  rec('show', await k.call(`${k.heat()}/${id}`, { token }));
  k.advance(30);
  const updated = await k.call(`${k.heat()}/${id}`, {
    method: 'PUT',
    token,
    body: { status: 'COMPLETE', output_values: { r: 1 } },
  });
  rec('update', updated);
  rec('show-after-update', await k.call(`${k.heat()}/${id}`, { token }));
  rec('list', await k.call(k.heat(), { token }));
  rec('create-minimal', await k.call(k.heat(), { method: 'POST', token, body: { config_id: 'c1', server_id: 's1' } }));
  rec('create-bad-status', await k.call(k.heat(), { method: 'POST', token, body: { ...valid, status: 'DEPLOYING' } }));
  rec('create-missing', await k.call(k.heat(), { method: 'POST', token, body: { config_id: 'c' } }));
  rec('create-wrong-type', await k.call(k.heat(), { method: 'POST', token, body: { ...valid, input_values: 'x' } }));
  rec(
    'create-malformed',
    await k.call(k.heat(), { method: 'POST', token, rawBody: '{', headers: { 'content-type': 'application/json' } }),
  );
  rec('show-unknown', await k.call(`${k.heat()}/00000000-0000-4000-8000-000000000000`, { token }));
  rec('other-project', await k.call(k.heat(k.cred.otherProjectId), { token }));
  rec('no-token', await k.call(k.heat()));
  rec('bad-token', await k.call(k.heat(), { token: 'nope' }));
  rec('delete', await k.call(`${k.heat()}/${id}`, { method: 'DELETE', token }));

  // Glance
  const first = await k.call('/image/v1.1/images/detail?limit=3', { token });
  rec('images-limit', first);
  rec('images-default', await k.call('/image/v1.1/images/detail', { token }));
  const marker = first.json?.images?.[0]?.id ?? '';
  rec('images-marker', await k.call(`/image/v1.1/images/detail?limit=3&marker=${marker}`, { token }));
  rec('images-status', await k.call('/image/v1.1/images/detail?status=queued', { token }));
  rec('images-size', await k.call('/image/v1.1/images/detail?size_min=2000000000', { token }));
  rec('images-changes-since', await k.call('/image/v1.1/images/detail?changes-since=2000-01-01&limit=1000', { token }));
  const second = String(first.json?.images?.[0]?.updated_at ?? '').slice(0, 19);
  rec(
    'images-changes-since-second',
    await k.call(`/image/v1.1/images/detail?changes-since=${second}&limit=1000`, { token }),
  );
  rec('images-bad-filter', await k.call('/image/v1.1/images/detail?size_min=-1', { token }));

  // Cinder
  const b = k.cinder();
  const page = await k.call(`${b}/backups?limit=5`, { token });
  rec('backups-page', page);
  rec('backups-default', await k.call(`${b}/native/backups`, { token }));
  rec('backups-offset', await k.call(`${b}/backups?limit=5&offset=2`, { token }));
  rec('backups-marker', await k.call(`${b}/backups?limit=5&marker=${page.json?.backups?.[1]?.id ?? ''}`, { token }));
  rec('backups-last', await k.call(`${b}/backups?limit=7&offset=55`, { token }));
  rec('backups-name', await k.call(`${b}/backups?name=nightly-000000`, { token }));
  rec('backups-status', await k.call(`${b}/backups?status=error`, { token }));
  rec('backups-filtered-page', await k.call(`${b}/backups?status=available&limit=3`, { token }));
  rec('backups-like', await k.call(`${b}/backups?name~=weekly`, { token, headers: v('3.45') }));
  rec('backups-like-3.31', await k.call(`${b}/backups?name~=weekly`, { token, headers: v('3.31') }));
  rec(
    'backups-count-last',
    await k.call(`${b}/backups?with_count=true&limit=7&offset=55`, { token, headers: v('3.45') }),
  );
  rec('backups-count', await k.call(`${b}/backups?with_count=true&limit=3`, { token, headers: v('3.45') }));
  rec('backups-bad-limit', await k.call(`${b}/backups?limit=abc`, { token }));
  rec('backups-out-of-range', await k.call(`${b}/backups`, { token, headers: v('3.99') }));
  rec('backups-unknown-marker', await k.call(`${b}/backups?marker=00000000-0000-4000-8000-000000000000`, { token }));

  // Token expiry last: the clock moves past the token lifetime.
  k.advance(7200);
  rec('expired', await k.call(k.heat(), { token: expiring }));
  return out.join('\n\n');
}

test('defect names are unique, kebab-case, described and cover every family', () => {
  assert.ok(DEFECTS.length >= 30, `${DEFECTS.length} defects`);
  assert.equal(new Set(DEFECTS.map((d) => d.name)).size, DEFECTS.length);
  for (const d of DEFECTS) {
    assert.match(d.name, /^[a-z0-9]+(-[a-z0-9.]+)*$/);
    assert.ok(FAMILIES.includes(d.family), d.name);
    assert.ok(d.description.length > 10, d.name);
  }
  for (const f of FAMILIES)
    assert.ok(
      DEFECTS.some((d) => d.family === f),
      `no defect in family ${f}`,
    );
});

test('every defect changes what a client observes', async (t) => {
  const clean = await scenario(makeClient({ backups: 60 }));
  assert.equal(await scenario(makeClient({ backups: 60 })), clean, 'the scenario is deterministic');
  // The scenario drives the five seed operations; generic defects that fit none of them are tested
  // on the operations they fit in target-core.test.ts.
  const routes = buildRoutes(loadCatalog());
  const SCENARIO = new Set([
    'software-deployment-create',
    'software-deployment-show',
    'software-deployment-update',
    'software-deployment-delete',
    'image-list-detail',
    'backup-list',
  ]);
  for (const d of DEFECTS.filter((x) => operationsFor(x.name, routes).some((op) => SCENARIO.has(op)))) {
    await t.test(d.name, async () => {
      const broken = await scenario(makeClient({ backups: 60, defect: d.name }));
      assert.notEqual(broken, clean, `${d.name} changes nothing in the scenario`);
    });
  }
});

test('every variant starts, serves the scenario and differs from the clean target', async (t) => {
  assert.equal(new Set(VARIANTS.map((v) => v.name)).size, VARIANTS.length);
  const clean = await scenario(makeClient({ backups: 60 }));
  for (const v of VARIANTS) {
    await t.test(v.name, async () => {
      const k = makeClient({ backups: 60, variant: v.name });
      const text = await scenario(k);
      assert.notEqual(text, clean, `${v.name} changes nothing in the scenario`);
      assert.doesNotMatch(
        text,
        /^(create|show|update|list|images-default|backups-page) 5\d\d /m,
        'the main operations answer',
      );
    });
  }
});

test('unknown switch names fail with the list of valid names', () => {
  assert.throws(
    () => createReferenceApp({ defect: 'no-such-defect' }),
    (e: Error) => e.message.includes('Unknown defect "no-such-defect"') && e.message.includes(DEFECTS[0]!.name),
  );
  assert.throws(
    () => createReferenceApp({ variant: 'nope' }),
    (e: Error) => e.message.includes('Unknown variant "nope"') && e.message.includes(VARIANTS[0]!.name),
  );
  assert.throws(() => createReferenceApp({ backups: -1 }), /backups must be an integer/);
});
