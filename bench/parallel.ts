// Parallelism: the measured speed-up of 2 Playwright workers over 1, and of 2 shards run at the same
// time and merged (`npm run conformance -- --shard i/2`, then `-- merge`) over one unsharded run.
// Each configuration runs against one embedded target started by the bench; repetitions interleave
// the configurations so that drift on a shared machine hits them alike.
import { copyFile, mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { conformanceAvailable, runConformance } from './lib/conformance.ts';
import { progress, runAsMain, type BenchOptions } from './lib/main.ts';
import { info, type Section } from './lib/section.ts';
import { fmtMs, median } from './lib/stats.ts';
import { osEnvFor, startTarget } from './lib/target.ts';
import { removeLater } from './lib/leftovers.ts';

interface ShardedRun {
  wallMs: number;
  shardMs: number[];
  mergeMs: number;
  codes: (number | null)[];
  results?: number;
}

async function shardedRun(osEnv: Record<string, string>, workersPerShard: string): Promise<ShardedRun> {
  const blobs = await mkdtemp(join(tmpdir(), 'cac-bench-blobs-'));
  try {
    const t0 = performance.now();
    const shards = await Promise.all(
      [1, 2].map((i) =>
        runConformance(osEnv, ['--shard', `${i}/2`, '--workers', workersPerShard], {
          extraEnv: { PLAYWRIGHT_BLOB_OUTPUT_DIR: join(blobs, `shard-${i}`) },
        }),
      ),
    );
    // Blobs travel from the machines that ran the shards to one directory, as CI artifacts would.
    const merged = join(blobs, 'merged');
    await mkdir(merged);
    for (const i of [1, 2])
      for (const f of await readdir(join(blobs, `shard-${i}`)))
        await copyFile(join(blobs, `shard-${i}`, f), join(merged, f));
    const t1 = performance.now();
    const merge = await runConformance(osEnv, ['merge', merged]);
    const end = performance.now();
    return {
      wallMs: end - t0,
      shardMs: shards.map((s) => s.wallMs),
      mergeMs: end - t1,
      codes: [...shards.map((s) => s.code), merge.code],
      results: merge.report?.results,
    };
  } finally {
    removeLater(blobs);
  }
}

export async function run(opts: BenchOptions): Promise<Section> {
  const section: Section = {
    id: 'parallel',
    title: 'Parallelism: workers and shards',
    command: 'npx tsx bench/parallel.ts',
    tables: [],
    ratios: [],
    notes: [],
  };
  const missing = conformanceAvailable();
  if (missing) return { ...section, skipped: missing };
  const runs = opts.quick ? 1 : 3;
  const target = await startTarget();
  const w1: number[] = [];
  const w2: number[] = [];
  const c1: number[] = [];
  const c2: number[] = [];
  const sharded: ShardedRun[] = [];
  const codes: string[] = [];
  const failures: string[] = [];
  try {
    const env = osEnvFor(target.authUrl, target.credentials);
    for (let i = 0; i < runs; i++) {
      progress(`parallel: repetition ${i + 1} of ${runs}`);
      const a = await runConformance(env, ['--workers', '1']);
      const b = await runConformance(env, ['--workers', '2']);
      w1.push(a.wallMs);
      w2.push(b.wallMs);
      if (a.cpuMs !== undefined) c1.push(a.cpuMs);
      if (b.cpuMs !== undefined) c2.push(b.cpuMs);
      codes.push(`w1 ${a.code}, w2 ${b.code}`);
      for (const [name, r] of [
        ['1 worker', a],
        ['2 workers', b],
      ] as const) {
        if (r.code !== 0)
          failures.push(
            `${name}, repetition ${i + 1}: exit ${r.code}; failed ${r.report?.failedIds.join(', ') || '(no report)'}; ${r.stderr.trim().split('\n').slice(-2).join(' / ')}`,
          );
      }
      sharded.push(await shardedRun(env, '1'));
    }
  } finally {
    await target.close();
  }
  const t1 = median(w1);
  const t2 = median(w2);
  const ts = median(sharded.map((s) => s.wallMs));
  section.tables.push({
    caption: `Full runs (\`node dist/conformance.mjs\`, as \`npm run conformance\`) against one embedded target; median of ${runs}. Shards run at the same time on this machine, one worker each, standing in for two CI machines.`,
    header: ['configuration', 'wall time', 'CPU time (process tree)', 'detail'],
    rows: [
      ['1 worker, unsharded', fmtMs(t1), c1.length ? fmtMs(median(c1)) : 'n/a', `runs ${w1.map(fmtMs).join(', ')}`],
      ['2 workers, unsharded', fmtMs(t2), c2.length ? fmtMs(median(c2)) : 'n/a', `runs ${w2.map(fmtMs).join(', ')}`],
      [
        '2 shards × 1 worker, concurrent, then merge',
        fmtMs(ts),
        '',
        `slowest shard ${fmtMs(median(sharded.map((s) => Math.max(...s.shardMs))))}, merge ${fmtMs(median(sharded.map((s) => s.mergeMs)))}; merged report ${sharded[0]?.results ?? '?'} results; exits ${sharded.map((s) => s.codes.join('/')).join(', ')}`,
      ],
    ],
  });
  section.ratios.push(info('speed-up of 2 workers over 1', t1 / t2));
  section.ratios.push(info('speed-up of 2 shards merged over 1 unsharded run (1 worker each)', t1 / ts));
  if (c1.length && c2.length) {
    section.notes.push(
      `A second worker costs ${fmtMs(median(c2) - median(c1))} more CPU (its own module loading, catalog parse, login and schema compile) for work split at most three ways: the suite has one test file per service and \`fullyParallel: false\`, so a file stays in one worker. On ${cpus().length} cores shared with the runner, that extra fixed cost is what the speed-up is measured against.`,
    );
  }
  section.notes.push(
    `Exit codes of the unsharded runs: ${codes.join('; ')}. A shard alone exits 1 (its report is incomplete by design); the merged report decides.`,
  );
  for (const f of failures) section.notes.push(`Clean target, yet a failing run: ${f}`);
  return section;
}

await runAsMain(import.meta.url, run);
