// Growth in operations: the reference's pages plus synthetic variations (bench/synthetic-pages.ts) up
// to 500 pages, generated, then served by the embedded reference target and run whole by the suite's
// engine (src/run/engine.ts: the worker's checks, client and run-ahead, without Playwright's runner),
// each size in fresh processes. Goal: time and peak RSS of the run grow no faster than the operations.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverPages } from '../src/generator/pages.ts';
import { failIfBad, lastJsonLine, ROOT, runTsx } from './lib/child.ts';
import { progress, runAsMain, type BenchOptions } from './lib/main.ts';
import { atMost, info, type Section } from './lib/section.ts';
import { fmtMb, fmtMs, median, repeat } from './lib/stats.ts';
import { removeLater } from './lib/leftovers.ts';

interface Generated {
  pages: number;
  operations: number;
  requirements: number;
  generateMs: number;
}

interface Ran {
  operations: number;
  results: number;
  requests: number;
  verdicts: Record<string, number>;
  ms: number;
  maxRss: number;
}

export async function run(opts: BenchOptions): Promise<Section> {
  const section: Section = {
    id: 'growth',
    title: 'Growth: the synthetic 500-page reference, generated and run',
    command: 'npx tsx bench/growth.ts',
    tables: [],
    ratios: [],
    notes: [],
  };
  const real = discoverPages(ROOT).length;
  const sizes = opts.quick ? [real, 150] : [real, 250, 500];
  const repeats = opts.quick ? 1 : 3;
  const rows: { gen: Generated; runs: Ran[] }[] = [];
  for (const pages of sizes) {
    const dir = await mkdtemp(join(tmpdir(), 'cac-bench-growth-set-'));
    try {
      progress(`growth: generating ${pages} pages`);
      const gen = lastJsonLine<Generated>(
        failIfBad(
          `generate ${pages}`,
          await runTsx(join(ROOT, 'bench/growth-child.ts'), ['generate', '--pages', String(pages), '--out', dir], {
            timeoutMs: 1_200_000,
          }),
        ).stdout,
      );
      progress(`growth: running ${gen.operations} operations (${repeats}×)`);
      const runs = await repeat(repeats, async () =>
        lastJsonLine<Ran>(
          failIfBad(
            `run ${pages}`,
            await runTsx(join(ROOT, 'bench/growth-child.ts'), ['run', '--dir', dir], { timeoutMs: 1_200_000 }),
          ).stdout,
        ),
      );
      rows.push({ gen, runs });
    } finally {
      removeLater(dir);
    }
  }
  const t = (r: { runs: Ran[] }) => median(r.runs.map((x) => x.ms));
  const m = (r: { runs: Ran[] }) => median(r.runs.map((x) => x.maxRss));
  section.tables.push({
    caption: `Each size generated once (the real pages plus synthetic variations, draft decisions for them), then run ${repeats}× in a fresh process (median): target start, login, the whole catalog through the engine, cleanup.`,
    header: [
      'pages',
      'operations',
      'requirements',
      'generate',
      'run time',
      'per operation',
      'peak RSS',
      'requests',
      'verdicts',
    ],
    rows: rows.map((r) => [
      String(r.gen.pages),
      String(r.gen.operations),
      String(r.gen.requirements),
      fmtMs(r.gen.generateMs),
      fmtMs(t(r)),
      fmtMs(t(r) / r.gen.operations),
      fmtMb(m(r)),
      String(r.runs[0]!.requests),
      Object.entries(r.runs[0]!.verdicts)
        .map(([v, n]) => `${n} ${v}`)
        .join(', '),
    ]),
  });
  const first = rows[0]!;
  const last = rows.at(-1)!;
  const opsRatio = last.gen.operations / first.gen.operations;
  section.ratios.push(
    atMost(
      `time(${last.gen.pages}) / time(${first.gen.pages}) ÷ operations ratio (${opsRatio.toFixed(2)})`,
      t(last) / t(first) / opsRatio,
      1.25,
    ),
  );
  section.ratios.push(
    atMost(
      `peak RSS(${last.gen.pages}) / RSS(${first.gen.pages}) ÷ operations ratio`,
      m(last) / m(first) / opsRatio,
      1.25,
    ),
  );
  section.ratios.push(info(`time(${last.gen.pages}) / time(${first.gen.pages})`, t(last) / t(first)));
  section.notes.push(
    'A ratio ≤ 1 grows more slowly than the operations (fixed costs: process, catalog, Ajv compile, login); the goal (≤ 1.25) says growth is no worse than linear.',
    "Every family runs on every operation, the synthetic copies included (the embedded target serves them from the catalog), so the requests grow with the operations as well as the catalog, the schemas compiled, the target's routes and the per-operation bookkeeping.",
  );
  return section;
}

await runAsMain(import.meta.url, run);
