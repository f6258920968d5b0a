// Each page of the working set generated alone beside the five seeds: no page depends on another to be
// read, and the reviewed decisions cover it (decisions about the pages left out stay idle).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../../src/catalog/load.ts';
import { generate } from '../../src/generator/generate.ts';
import { discoverPages } from '../../src/generator/pages.ts';
import { SEED_PAGES as SEEDS } from '../support/seed-pages.ts';

describe('each page alone beside the five seeds', () => {
  const pages = discoverPages(REPO_ROOT);
  const seeds = pages.filter((p) => SEEDS.includes(p.doc));
  it('the seeds are among the pages', () => assert.equal(seeds.length, 5));
  for (const page of pages.filter((p) => !SEEDS.includes(p.doc))) {
    it(page.doc, async () => {
      const { catalog, drafted } = await generate({ root: REPO_ROOT, pages: [...seeds, page], subset: true });
      assert.equal(catalog.operations.length, 6);
      assert.deepEqual(drafted, []);
      assert.ok(catalog.decisions.every((d) => d.reviewed));
      const op = catalog.operations.find((o) => o.doc === page.doc)!;
      // The page reads the same alone as with every other page; only the decisions naming its fields may
      // differ (a contradiction between two pages, such as cross-operation-type, needs both).
      const { catalog: full } = await fullCatalog();
      assert.deepEqual(withoutDecisionTags(op), withoutDecisionTags(full.operations.find((o) => o.doc === page.doc)));
    });
  }
});

let full: ReturnType<typeof generate> | undefined;
function fullCatalog() {
  full ??= generate({ root: REPO_ROOT });
  return full;
}

function withoutDecisionTags(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (k, v) => (k === 'decisions' ? undefined : v));
}
