// Pages the suite has never seen: copies of real pages under another path (a page of the reference
// dropped into specs/ that documents the same kind of operation elsewhere) are generated, served by
// the embedded reference target and checked with no code for them, and the clean target is never
// blamed. Each copy guards a case where the suite once gave a false verdict:
// - a show copied under another path shared the resource name of the collection it copies, so the
//   checks showed, at the copy's path, a member obtained from the original's list;
// - an image list whose page documents no field of an item was paged with `marker=undefined`;
// - a copy of Heat's metadata-of-a-server show (where the valid request names a server of the suite's
//   own) was blamed for answering 200 to an "unknown" server, though no decision covers the copy.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { varyPage } from '../../bench/synthetic-pages.ts';
import type { Catalog } from '../../src/catalog/model.ts';
import { connect } from '../../src/config/connect.ts';
import { loadConfiguration } from '../../src/config/load.ts';
import type { PageIdentity } from '../../src/generator/extract-operation.ts';
import { generate } from '../../src/generator/generate.ts';
import { discoverPages } from '../../src/generator/pages.ts';
import type { RequirementResult } from '../../src/results/model.ts';
import { runCatalog } from '../../src/run/engine.ts';
import { startReferenceTarget } from '../../src/target/server.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const COPIED = [
  'specs/block-storage/querying-details-about-an-evs-disk-type-cinder-v3.md',
  'specs/image/querying-images-(native-openstack-api).md',
  'specs/orchestration/viewing-metadata-configured-on-a-server.md',
];

describe('copies of real pages under other paths', () => {
  let catalog: Catalog;
  let results: RequirementResult[];
  const copyOf = new Map<string, string>();
  const originalOf = new Map<string, string>();

  before(async () => {
    const pages = discoverPages(ROOT);
    const root = mkdtempSync(path.join(tmpdir(), 'cac-unseen-'));
    try {
      for (const p of pages) {
        mkdirSync(path.dirname(path.join(root, p.doc)), { recursive: true });
        cpSync(path.join(ROOT, p.doc), path.join(root, p.doc));
      }
      for (const f of ['scripts/upstream/OBSERVED.md', 'specs/decisions.yaml'])
        if (existsSync(path.join(ROOT, f))) cpSync(path.join(ROOT, f), path.join(root, f));
      const identities: PageIdentity[] = [...pages];
      COPIED.forEach((doc, i) => {
        const base = pages.find((p) => p.doc === doc)!;
        const copy = varyPage({ name: path.basename(doc), text: readFileSync(path.join(ROOT, doc), 'utf8') }, 900 + i, {
          extraRow: false,
        });
        const at = `${path.dirname(doc)}/${copy.name}`;
        writeFileSync(path.join(root, at), copy.text);
        identities.push({ doc: at, service: base.service });
        copyOf.set(doc, at);
      });
      // Decisions name the original operations; the copies get drafts, as a page nobody reviewed yet.
      const g = await generate({ root, pages: identities, draft: true });
      catalog = g.catalog;
      const schemas = [...g.schemas.values()];
      for (const [doc, at] of copyOf) {
        const copy = catalog.operations.find((o) => o.doc === at)!;
        const original = catalog.operations.find((o) => o.doc === doc)!;
        assert.ok(copy && original, `${at} and ${doc} are both operations`);
        assert.notEqual(copy.path, original.path);
        originalOf.set(copy.id, original.id);
      }
      const target = await startReferenceTarget({ port: 0, catalog });
      try {
        const session = await connect(loadConfiguration({ env: {}, dotenv: false }), { embedded: target.login });
        const run = await runCatalog(catalog, schemas, session, {
          operations: new Set([...originalOf.keys(), ...originalOf.values()]),
        });
        results = run.results;
      } finally {
        await target.close();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  const of = (op: string, suffix: string) => results.find((r) => r.requirementId === `${op}.${suffix}`);
  const copyId = (doc: string) =>
    [...originalOf.keys()].find((id) => catalog.operations.find((o) => o.id === id)!.doc === copyOf.get(doc))!;

  it('the clean target fails no requirement of the copies or of their originals', () => {
    const failed = results.filter((r) => r.verdict === 'fail');
    assert.deepEqual(
      failed.map((r) => `${r.requirementId}: ${r.failures[0]?.message}`),
      [],
    );
    assert.ok(results.some((r) => originalOf.has(r.operation)));
  });

  it('a show copied under another path never shows a member of the collection it copies', () => {
    const copy = copyId(COPIED[0]!);
    const stable = results.filter((r) => r.operation === copy && r.requirementId.endsWith('.id-stable'));
    for (const r of stable) assert.notEqual(r.verdict, 'fail', JSON.stringify(r));
    // Nothing lists the copy's collection: its success is not tested, with the reason.
    const ok = of(copy, '200.success-code')!;
    assert.equal(ok.verdict, 'not-tested', JSON.stringify(ok));
    assert.match(ok.reason ?? '', /no page creates or lists/);
    assert.equal(of(originalOf.get(copy)!, '200.success-code')?.verdict, 'pass');
  });

  it('an image list whose items carry no id is not paged with a made-up marker', () => {
    const copy = copyId(COPIED[1]!);
    const paging = of(copy, 'limit.limit-marker-paging')!;
    assert.equal(paging.verdict, 'not-tested', JSON.stringify(paging));
    assert.match(paging.reason ?? '', /carry no id/);
    assert.equal(of(originalOf.get(copy)!, 'limit.limit-marker-paging')?.verdict, 'pass');
  });

  it('an unknown server of a metadata show copied elsewhere is not judged where the valid server is made up too', () => {
    const copy = copyId(COPIED[2]!);
    const unknown = of(copy, '404-unknown-id.error-code')!;
    assert.equal(unknown.verdict, 'not-tested', JSON.stringify(unknown));
    assert.match(unknown.reason ?? '', /names a server the suite cannot look up/);
    // The original keeps its reviewed decision: 200 and 404 both pass.
    const original = of(originalOf.get(copy)!, '404-unknown-id.error-code')!;
    assert.equal(original.verdict, 'pass', JSON.stringify(original));
    assert.equal(original.decision, 'metadata-unknown-server-empty');
  });
});
