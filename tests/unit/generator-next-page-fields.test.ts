// A list's way to the next page (a `<x>_links` array, Glance's `next` URL) is required only when a next
// page remains, on any page, decided or not: a variation of each page that has one, at a path of its
// own that no decision names, reads it so.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../../src/catalog/load.ts';
import { generate } from '../../src/generator/generate.ts';
import { discoverPages } from '../../src/generator/pages.ts';
import { varyPage } from '../../bench/synthetic-pages.ts';

const PAGES = [
  ['specs/block-storage/querying-details-about-all-disks-cinder-v3.md', 'volumes_links'],
  ['specs/image/querying-images-(native-openstack-api).md', 'next'],
] as const;

test('the next-page field of an undecided list page is required only when a next page remains', async () => {
  const root = mkdtempSync(join(tmpdir(), 'cac-next-page-'));
  try {
    const all = discoverPages(REPO_ROOT);
    // The whole reference beside the variations: the decisions cite its pages.
    cpSync(join(REPO_ROOT, 'specs'), join(root, 'specs'), { recursive: true });
    const identities = [...all];
    const variedDocs: string[] = [];
    for (const [doc] of PAGES) {
      const base = all.find((p) => p.doc === doc)!;
      const varied = varyPage(
        { name: doc.slice('specs/'.length), text: readFileSync(join(REPO_ROOT, doc), 'utf8') },
        1,
        {
          extraRow: false,
        },
      );
      mkdirSync(join(root, 'specs', varied.name, '..'), { recursive: true });
      writeFileSync(join(root, 'specs', varied.name), varied.text);
      identities.push({ doc: `specs/${varied.name}`, service: base.service });
      variedDocs.push(`specs/${varied.name}`);
    }
    cpSync(join(REPO_ROOT, 'scripts/upstream/OBSERVED.md'), join(root, 'scripts/upstream/OBSERVED.md'));
    const { catalog } = await generate({ root, pages: identities, draft: true });
    for (const [i, [doc, name]] of PAGES.entries()) {
      const op = catalog.operations.find((o) => o.doc === variedDocs[i])!;
      assert.ok(op, `${doc} varied`);
      const field = op.response.find((f) => f.path === name)!;
      assert.equal(field.required, false, `${op.id} ${name}`);
      assert.equal(field.requiredWhen, 'a next page remains');
      assert.deepEqual(field.decisions ?? [], [], 'no decision names the varied page');
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
