// Generator: time on the pages of specs/ (72), and on synthetic sets of pages (variations of them made
// by bench/synthetic-pages.ts, each under its own path) to show the cost grows linearly with the number of pages.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { failIfBad, lastJsonLine, runTsx, ROOT } from './lib/child.ts';
import { progress, runAsMain, type BenchOptions } from './lib/main.ts';
import { approx, info, type Section } from './lib/section.ts';
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
  const [small, big] = opts.quick ? [80, 800] : [100, 1000];
  const five = await child(0, 3);
  const s = await child(small, 3);
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
    rows: [row(`the ${five.pages} pages of specs/ (warm)`, five), row(`${small} pages`, s), row(`${big} pages`, b)],
  });
  const wallRatio = b.ms / s.ms;
  const cpuRatio = b.cpuMs / s.cpuMs;
  section.ratios.push(approx(`time(${big}) / time(${small}), CPU`, cpuRatio, 10, 2));
  section.ratios.push(info(`time(${big}) / time(${small}), wall`, wallRatio));
  if (s.mainCpuMs && b.mainCpuMs)
    section.ratios.push(info(`time(${big}) / time(${small}), CPU of the main thread`, b.mainCpuMs / s.mainCpuMs));
  if (Math.abs(cpuRatio - 10) > 2) {
    section.notes.push(
      cpuRatio > 12
        ? "Super-linear: profile with `node --cpu-prof node_modules/tsx/dist/cli.mjs bench/generator-child.ts --pages 500 --repeat 1`; candidates are per-detection scans of every decision's appliesTo (checkCoverage) and per-action lookups of operations (applyDecisions), both of which grow with pages × decisions."
        : "Sub-linear: a cost per generate() call weighs at the small size. The generator's own work shows in the main thread's CPU ratio; the process's CPU also counts V8's helper threads (the optimizing compiler re-optimizing the parsers' functions, garbage-collector helpers), part of whose work comes with each call whatever its pages.",
    );
  }
  return section;
}

await runAsMain(import.meta.url, run);
