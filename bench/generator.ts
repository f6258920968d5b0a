// Generator: time on the pages of specs/ (72), and on synthetic sets of pages (variations of them made
// by bench/synthetic-pages.ts, each under its own path) to show the cost grows linearly with the number of pages.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { failIfBad, lastJsonLine, runTsx, ROOT } from './lib/child.ts';
import { progress, runAsMain, type BenchOptions } from './lib/main.ts';
import { atMost, info, type Section } from './lib/section.ts';
import { fmtMb, fmtMs } from './lib/stats.ts';

interface GenResult {
  pages: number;
  operations?: number;
  requirements?: number;
  coldMs: number;
  ms: number;
  cpuMs: number;
  /** CPU time of the main thread alone (Linux). */
  mainCpuMs?: number;
  all: number[];
  maxRss: number;
}

/** Linear, with room for measurement noise: quadratic growth reads 2.4 at these sizes; n log n, 1.14, passes. */
const LINEAR_LIMIT = 1.2;

async function child(pages: number, repeat: number): Promise<GenResult> {
  progress(`generator: ${pages || 'the real'} pages`);
  const r = failIfBad(
    `generator on ${pages} pages`,
    await runTsx(join(ROOT, 'bench/generator-child.ts'), ['--pages', String(pages), '--repeat', String(repeat)], {
      timeoutMs: 1_800_000,
    }),
  );
  return lastJsonLine<GenResult>(r.stdout);
}

export async function run(opts: BenchOptions): Promise<Section> {
  const section: Section = {
    id: 'generator',
    title: 'Generator: the pages of specs/ and synthetic page sets',
    command: 'npx tsx bench/generator.ts',
    tables: [],
    ratios: [],
    notes: [],
  };
  if (!existsSync(join(ROOT, 'src/generator/generate.ts')))
    return { ...section, skipped: 'src/generator/generate.ts has not landed' };
  // Three sizes: linear means each added page costs the same, whatever the pages already there. The
  // cost per page added between the middle and the large size, against the cost per page added
  // between the small and the middle size, is 1 for linear growth (a cost per generate() call, which
  // weighs at the small size, cancels out), 2.4 for quadratic and 1.14 for n log n.
  const [small, mid, big] = opts.quick ? [80, 440, 800] : [100, 550, 1000];
  const five = await child(0, 3);
  const s = await child(small, 3);
  const m = await child(mid, opts.quick ? 1 : 2);
  const b = await child(big, opts.quick ? 1 : 2);
  const row = (what: string, r: GenResult) => [
    what,
    fmtMs(r.ms),
    fmtMs(r.cpuMs),
    fmtMs(r.ms / r.pages),
    r.operations !== undefined ? `${r.operations} operations, ${r.requirements} requirements` : '',
    fmtMb(r.maxRss),
  ];
  section.tables.push({
    caption: `generate() from src/generator/generate.ts, in a fresh process after one warm-up on the real pages; median of the repeats. Synthetic sets hold the real pages plus variations (title and prose changed), with decisions.yaml extended to them. Cold first run on the five pages: ${fmtMs(five.coldMs)}.`,
    header: ['pages', 'wall time', 'CPU time', 'wall per page', 'output', 'peak RSS'],
    rows: [
      row(`the ${five.pages} pages of specs/ (warm)`, five),
      row(`${small} pages`, s),
      row(`${mid} pages`, m),
      row(`${big} pages`, b),
    ],
  });
  const perPage = (from: GenResult, to: GenResult, key: 'cpuMs' | 'ms') =>
    (to[key] - from[key]) / (to.pages - from.pages);
  const marginalCpu = perPage(m, b, 'cpuMs') / perPage(s, m, 'cpuMs');
  section.ratios.push(
    atMost(`CPU per page added, ${mid}→${big} / ${small}→${mid} (1 when linear)`, marginalCpu, LINEAR_LIMIT),
  );
  section.ratios.push(
    info(`wall per page added, ${mid}→${big} / ${small}→${mid}`, perPage(m, b, 'ms') / perPage(s, m, 'ms')),
  );
  const cpuRatio = b.cpuMs / s.cpuMs;
  section.ratios.push(info(`time(${big}) / time(${small}), CPU`, cpuRatio));
  section.ratios.push(info(`time(${big}) / time(${small}), wall`, b.ms / s.ms));
  if (s.mainCpuMs && b.mainCpuMs)
    section.ratios.push(info(`time(${big}) / time(${small}), CPU of the main thread`, b.mainCpuMs / s.mainCpuMs));
  section.notes.push(
    `CPU per page added: ${fmtMs(perPage(s, m, 'cpuMs'))} from ${small} to ${mid} pages, ${fmtMs(perPage(m, b, 'cpuMs'))} from ${mid} to ${big}.`,
  );
  if (marginalCpu > LINEAR_LIMIT)
    section.notes.push(
      "Super-linear: profile with `node --cpu-prof node_modules/tsx/dist/cli.mjs bench/generator-child.ts --pages 500 --repeat 1`; candidates are per-detection scans of every decision's appliesTo (checkCoverage) and per-action lookups of operations (applyDecisions), both of which grow with pages × decisions.",
    );
  if (cpuRatio < (big / small) * 0.8)
    section.notes.push(
      `time(${big}) / time(${small}) below ${big / small}: a cost per generate() call weighs at the small size (the process's CPU also counts V8's helper threads, the optimizing compiler and garbage-collector helpers, part of whose work comes with each call whatever its pages); the cost per page added is what grows with the pages.`,
    );
  return section;
}

await runAsMain(import.meta.url, run);
