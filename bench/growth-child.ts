// `tsx bench/growth-child.ts generate --pages N --out DIR [--families]`: the reference's pages plus
// N − (its pages) synthetic variations (bench/synthetic-pages.ts), generated (draft decisions for the
// variations) into DIR/catalog.json and DIR/schemas.json.
// `tsx bench/growth-child.ts run --dir DIR`: that catalog served by the embedded reference target and
// run whole by the suite's engine (src/run/engine.ts: the worker's checks, client and run-ahead) in
// this process; prints time, requests, results and peak RSS as the last JSON line (`--failures` also
// writes each failing requirement, as a JSON line, on stderr).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Catalog } from '../src/catalog/model.ts';
import { connect } from '../src/config/connect.ts';
import { loadConfiguration } from '../src/config/load.ts';
import type { PageIdentity } from '../src/generator/extract-operation.ts';
import { generate } from '../src/generator/generate.ts';
import { discoverPages } from '../src/generator/pages.ts';
import { runCatalog } from '../src/run/engine.ts';
import { startReferenceTarget } from '../src/target/server.ts';
import { ROOT } from './lib/child.ts';
import { makeSyntheticPages, varyPage } from './synthetic-pages.ts';
import { removeLater } from './lib/leftovers.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function generateSet(count: number, out: string): Promise<void> {
  const PAGES = discoverPages(ROOT);
  if (count < PAGES.length) throw new Error(`--pages must be at least ${PAGES.length}`);
  const root = mkdtempSync(join(tmpdir(), 'cac-bench-growth-'));
  try {
    mkdirSync(join(root, 'specs'), { recursive: true });
    for (const p of PAGES) cpSync(join(ROOT, p.doc), join(root, p.doc));
    for (const f of ['scripts/upstream/OBSERVED.md', 'specs/decisions.yaml'])
      if (existsSync(join(ROOT, f))) cpSync(join(ROOT, f), join(root, f));
    const bases = PAGES.map((p) => ({
      name: p.doc.slice('specs/'.length),
      text: readFileSync(join(ROOT, p.doc), 'utf8'),
    }));
    const identities: PageIdentity[] = [...PAGES];
    // `--families`: the copies share one path segment per service and round (all 72 pages again under
    // `…/syn-s0700/…`, then `…/syn-s0703/…`), so each copied resource has its whole family of pages:
    // create, list, show, update, delete and actions are exercised together, not one page alone.
    const services = [...new Set(PAGES.map((p) => p.service))];
    const synthetic = process.argv.includes('--families')
      ? Array.from({ length: count - PAGES.length }, (_, i) => {
          const base = bases[i % bases.length]!;
          const round = Math.floor(i / bases.length);
          const service = PAGES[i % bases.length]!.service;
          return varyPage(base, 700 + round * services.length + services.indexOf(service), { extraRow: false });
        })
      : makeSyntheticPages(bases, count - PAGES.length, { extraRow: false });
    for (const s of synthetic) {
      const base = PAGES.find((p) => p.doc === `specs/${s.base}`)!;
      identities.push({ doc: `specs/${s.name}`, service: base.service });
      mkdirSync(join(root, 'specs', s.name, '..'), { recursive: true });
      writeFileSync(join(root, 'specs', s.name), s.text);
    }
    const started = performance.now();
    const g = await generate({ root, pages: identities, draft: true });
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'catalog.json'), JSON.stringify(g.catalog));
    writeFileSync(join(out, 'schemas.json'), JSON.stringify([...g.schemas.values()]));
    console.log(
      JSON.stringify({
        pages: identities.length,
        operations: g.catalog.operations.length,
        requirements: g.catalog.requirements.length,
        generateMs: performance.now() - started,
      }),
    );
  } finally {
    removeLater(root);
  }
}

async function runSet(dir: string): Promise<void> {
  const catalog = JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8')) as Catalog;
  const schemas = JSON.parse(readFileSync(join(dir, 'schemas.json'), 'utf8')) as object[];
  const started = performance.now();
  const target = await startReferenceTarget({ port: 0, catalog });
  try {
    const session = await connect(loadConfiguration({ env: {}, dotenv: false }), {
      embedded: target.login,
    });
    const run = await runCatalog(catalog, schemas, session);
    const counts: Record<string, number> = {};
    for (const r of run.results) counts[r.verdict] = (counts[r.verdict] ?? 0) + 1;
    // `--failures`: each failing requirement on stderr, so stdout keeps its one JSON line.
    if (process.argv.includes('--failures'))
      for (const r of run.results.filter((x) => x.verdict === 'fail'))
        console.error(JSON.stringify({ requirement: r.requirementId, check: r.checkId, failures: r.failures }));
    console.log(
      JSON.stringify({
        operations: catalog.operations.length,
        requirements: catalog.requirements.length,
        results: run.results.length,
        requests: run.requests,
        verdicts: counts,
        ms: performance.now() - started,
        maxRss: process.resourceUsage().maxRSS * 1024,
      }),
    );
  } finally {
    await target.close();
  }
}

const mode = process.argv[2];
if (mode === 'generate') await generateSet(Number(arg('--pages')), arg('--out')!);
else if (mode === 'run') await runSet(arg('--dir')!);
else {
  console.error(
    'usage: tsx bench/growth-child.ts generate --pages N --out DIR [--families] | run --dir DIR [--failures]',
  );
  process.exit(2);
}
