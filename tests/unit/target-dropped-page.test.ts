// A page dropped into specs/ is served with no code change: a temporary copy of specs/ without one
// page generates a catalog the target answers 404 for that operation; with the page back, the same
// code serves it from the regenerated catalog (documented code, envelope, fields, a member by id).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate } from '../../src/generator/generate.ts';
import { makeClient } from '../support/target-client.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PAGE = 'specs/block-storage/querying-all-azs-cinder-v3.md';

test('a page dropped into a temporary specs/ is served with no code change', async (t) => {
  const root = mkdtempSync(path.join(tmpdir(), 'target-specs-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  cpSync(path.join(ROOT, 'specs'), path.join(root, 'specs'), { recursive: true });
  // Decisions quote the upstream observations too.
  cpSync(path.join(ROOT, 'scripts/upstream/OBSERVED.md'), path.join(root, 'scripts/upstream/OBSERVED.md'));
  rmSync(path.join(root, PAGE));

  const without = await generate({ root });
  const op = (await generate({ root: ROOT })).catalog.operations.find((o) => o.doc === PAGE);
  assert.ok(op, `the committed catalog has an operation for ${PAGE}`);
  assert.equal(
    without.catalog.operations.find((o) => o.doc === PAGE),
    undefined,
  );

  const path0 = (k: ReturnType<typeof makeClient>) => `/volume${op.path.replace('{project_id}', k.cred.projectId)}`;
  const before = makeClient({ catalog: without.catalog });
  const tokenBefore = await before.token();
  assert.equal((await before.call(path0(before), { token: tokenBefore })).status, 404, 'not served without its page');

  cpSync(path.join(ROOT, PAGE), path.join(root, PAGE));
  const withPage = await generate({ root });
  const served = withPage.catalog.operations.find((o) => o.doc === PAGE)!;
  const k = makeClient({ catalog: withPage.catalog });
  const token = await k.token();
  const list = await k.call(path0(k), { token });
  const code = served.statusCodes.find((s) => s.kind === 'success')!.code;
  assert.equal(list.status, code, list.text);
  // The documented envelope, every documented top-level field of an item present at its type.
  const envelope = served.response.find(
    (f) => f.type === 'array' && !f.path.includes('.') && !f.path.includes('['),
  )!.name;
  const items = list.json[envelope];
  assert.ok(Array.isArray(items) && items.length > 0, list.text);
  const typeOf = (v: unknown) =>
    Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : v === null ? 'null' : typeof v;
  for (const f of served.response.filter(
    (x) => x.path.startsWith(`${envelope}[].`) && x.path.split('.').length === 2,
  )) {
    const v = items[0][f.name];
    if (f.required) assert.notEqual(v, undefined, `${f.path} present`);
    if (v !== undefined)
      assert.ok(
        typeOf(v) === f.type || (f.type === 'number' && typeOf(v) === 'integer'),
        `${f.path}: ${typeOf(v)} for ${f.type}`,
      );
  }
  // A member of the list is shown by its id where the catalog has a show of the same collection.
  const show = withPage.catalog.operations.find((o) => o.method === 'GET' && o.path.startsWith(`${op.path}/{`));
  if (show) {
    const one = await k.call(`${path0(k)}/${items[0].id}`, { token });
    assert.equal(one.status, 200, one.text);
  }
});
