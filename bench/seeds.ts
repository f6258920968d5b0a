// The floor on the five seed pages: the working set the floor was first measured on (full run / floor
// 1.41 in the last full bench before the codebase was consolidated, 2026-11-23), so that the
// consolidation's promise — that ratio not worse — stays measured now that the catalog is the whole
// reference. A copy of the checkout (its files, node_modules linked) whose catalog holds only
// those pages, built, and the floor section run in it.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { failIfBad, lastJsonLine, runChild, runTsx, ROOT } from './lib/child.ts';
import { progress, runAsMain, type BenchOptions } from './lib/main.ts';
import { atMost, type Section } from './lib/section.ts';
import { removeLater } from './lib/leftovers.ts';

/** Full run / floor on these pages before the consolidation (BENCHMARKS.md of 2026-11-23). */
const BEFORE = 1.41;

export async function run(opts: BenchOptions): Promise<Section> {
  const section: Section = {
    id: 'seeds',
    title: 'The floor on the five seed pages',
    command: 'npx tsx bench/seeds.ts',
    tables: [],
    ratios: [],
    notes: [],
  };
  const copy = mkdtempSync(join(tmpdir(), 'cac-bench-seeds-'));
  try {
    progress('seeds: a copy of the checkout with the five seed pages as its catalog');
    // The checkout as it is: tracked files and new ones not ignored (the working tree's content).
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT })
      .toString()
      .split('\0')
      .filter((f) => f && existsSync(join(ROOT, f)));
    for (const file of files) {
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      cpSync(join(ROOT, file), join(copy, file));
    }
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const child = join(copy, 'bench/seeds-child.ts');
    const made = lastJsonLine<{ operations: number; requirements: number }>(
      failIfBad('generate the seed catalog', await runTsx(child, ['generate'], { cwd: copy, timeoutMs: 300_000 }))
        .stdout,
    );
    failIfBad('build', await runChild(process.execPath, ['scripts/build.mjs'], { cwd: copy, timeoutMs: 300_000 }));
    progress(`seeds: ${made.operations} operations, ${made.requirements} requirements; the floor section there`);
    const floor = lastJsonLine<Section>(
      failIfBad(
        'the floor on the seed pages',
        await runTsx(child, ['floor', ...(opts.quick ? ['--quick'] : [])], {
          cwd: copy,
          timeoutMs: 1_200_000,
          keep: 16 * 1024 * 1024,
        }),
      ).stdout,
    );
    if (floor.skipped) return { ...section, skipped: floor.skipped };
    section.tables.push(...floor.tables.slice(0, 1));
    const ratio = floor.ratios.find((r) => r.name === 'full run / floor');
    if (ratio) {
      section.ratios.push(atMost('full run / floor, the five seed pages', ratio.value, 1.5));
      section.ratios.push(
        atMost(
          `full run / floor, the five seed pages, against ${BEFORE} before the consolidation`,
          ratio.value,
          BEFORE,
        ),
      );
    }
    section.notes.push(
      `The catalog of the copy: ${made.operations} operations, ${made.requirements} requirements, generated from the five seed pages with the other pages' decisions idle. The table is the floor section's own (bench/floor.ts), run in the copy.`,
      ...floor.notes.filter(
        (n) => n.startsWith('Full run / floor round by round') || n.startsWith('Creating a small file'),
      ),
    );
    return section;
  } finally {
    removeLater(copy);
  }
}

await runAsMain(import.meta.url, run);
