// Run inside a copy of the checkout (bench/seeds.ts makes it). `generate`: that copy's catalog,
// schemas, OpenAPI and docs regenerated from the five seed pages alone (the other pages' decisions
// idle, as generate()'s subset mode leaves them). `floor [--quick]`: the floor section run there,
// printed as one JSON line.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../src/generator/generate.ts';
import { discoverPages } from '../src/generator/pages.ts';
import { staleSchemas, writeOutputs } from '../src/generator/write-outputs.ts';
import { SEED_PAGES } from '../tests/support/seed-pages.ts';
import { ROOT } from './lib/child.ts';

const mode = process.argv[2];
if (mode === 'generate') {
  const pages = discoverPages(ROOT).filter((p) => SEED_PAGES.includes(p.doc));
  if (pages.length !== SEED_PAGES.length)
    throw new Error(`found ${pages.length} of the ${SEED_PAGES.length} seed pages`);
  const { files, catalog } = await generate({ root: ROOT, pages, subset: true });
  const stale = staleSchemas(ROOT, files);
  writeOutputs(ROOT, files);
  for (const rel of stale) rmSync(join(ROOT, rel));
  console.log(JSON.stringify({ operations: catalog.operations.length, requirements: catalog.requirements.length }));
} else if (mode === 'floor') {
  const { run } = await import('./floor.ts');
  console.log(JSON.stringify(await run({ quick: process.argv.includes('--quick') })));
} else {
  console.error('usage: tsx bench/seeds-child.ts generate | floor [--quick]');
  process.exit(2);
}
