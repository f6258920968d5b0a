// `npm run bench [-- --quick] [-- --only floor,scale]`: runs every benchmark, prints each figure and
// ratio with its goal, and rewrites BENCHMARKS.md with the date, the machine and the figures.
import { writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './lib/child.ts';
import { busyWithOtherWork, cpuClock, describeMachine, machine, otherWorkShare } from './lib/machine.ts';
import { parseBenchArgs, type BenchOptions } from './lib/main.ts';
import { printSection, renderSection, renderTable, type Section } from './lib/section.ts';
import { LEFTOVERS_ENV, removeListed } from './lib/leftovers.ts';

type Bench = { id: string; title: string; load: () => Promise<{ run(o: BenchOptions): Promise<Section> }> };

const BENCHES: Bench[] = [
  { id: 'generator', title: 'Generator', load: () => import('./generator.ts') },
  { id: 'floor', title: 'The floor', load: () => import('./floor.ts') },
  { id: 'seeds', title: 'The floor on the five seed pages', load: () => import('./seeds.ts') },
  { id: 'scale', title: 'Scale', load: () => import('./scale.ts') },
  { id: 'latency', title: 'A remote cloud, simulated', load: () => import('./latency.ts') },
  { id: 'growth', title: 'Growth', load: () => import('./growth.ts') },
  { id: 'parallel', title: 'Parallelism', load: () => import('./parallel.ts') },
  { id: 'peers', title: 'A peer side by side', load: () => import('./peers.ts') },
];

function onlyArg(argv: string[]): Set<string> | undefined {
  const i = argv.indexOf('--only');
  const v = i >= 0 ? argv[i + 1] : undefined;
  return v ? new Set(v.split(',')) : undefined;
}

function percent(share: number | undefined): string {
  return share === undefined ? 'an unknown share' : `${Math.round(share * 100)}%`;
}

export function renderBenchmarks(sections: Section[], when: Date, machineLine: string, quick: boolean): string {
  const loaded = (s: Section) =>
    s.load && busyWithOtherWork(s.load, machine().cores)
      ? `, under load (other work used ${percent(s.load.other)} of the CPU): not a finding`
      : '';
  const goals = sections.flatMap((s) =>
    s.ratios
      .filter((r) => r.met !== undefined)
      .map((r) => [s.title, r.name, r.value.toFixed(2), r.goal, `${r.met ? 'met' : 'NOT met'}${loaded(s)}`]),
  );
  const parts = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts); do not edit by hand. Figures are medians of repeated runs',
    'unless a table says otherwise; ratios are taken within one run of the bench, on one machine.',
    '',
    `- Date: ${when.toISOString()}`,
    `- Machine: ${machineLine}`,
    `- Mode: ${quick ? '`--quick` (fewer repetitions and sizes)' : 'full'}`,
    '',
    '## Goals',
    '',
    goals.length
      ? renderTable({ header: ['section', 'ratio', 'value', 'goal', 'verdict'], rows: goals })
      : 'No goal could be measured in this run.',
    '',
    '## Running',
    '',
    '- `npm run bench`: every section, then this file is rewritten (about 10 minutes on a quiet 2-core machine); `-- --quick` for fewer repetitions and sizes; `-- --only floor,scale` prints those sections and leaves this file alone.',
    "- The bench's temporary folders (tens of thousands of report files) are removed when it ends, not between runs: for a few minutes after thousands of files are deleted, creating files costs about ten times the usual system time on this machine (ext4 mounted with online `discard`), whoever deleted them. The floor sections first probe how fast a small file is made and wait, at most 5 minutes, for the usual rate (about 25 µs, against 150 to 800 µs with a backlog); their notes say what they found.",
    '- One section: `npx tsx bench/<generator|floor|seeds|scale|latency|growth|parallel|peers>.ts [--quick]`.',
    '- The peer (Stoplight Prism 5.14.2, pinned in `bench/peers/package-lock.json`) is installed by the peers section on first use with `npm ci --prefix bench/peers`, away from the main install.',
    '- Where a run spends its CPU: `npx tsx bench/profile-run.ts /tmp/prof --workers=1`, then `npx tsx bench/profile-summary.ts /tmp/prof`.',
    '- CPU-time columns use GNU time (`/usr/bin/time`, Debian package `time`); without it they read n/a.',
    '- No test asserts a time; `tests/unit/bench-helpers.test.ts` checks the helpers only.',
    '',
    ...sections.map(renderSection),
  ];
  return parts.join('\n');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const opts = parseBenchArgs(argv);
  const only = onlyArg(argv);
  const m = machine();
  console.log(`Machine: ${describeMachine(m)}${opts.quick ? ' (quick mode)' : ''}`);
  // Every section's temporary folders, its child processes' too, are removed when the bench ends
  // (bench/lib/leftovers.ts): a section's runs do not pay for an earlier section's deletions.
  const leftovers = join(tmpdir(), `cac-bench-leftovers-${process.pid}.txt`);
  process.env[LEFTOVERS_ENV] = leftovers;
  process.once('exit', () => removeListed(leftovers));
  const sections: Section[] = [];
  for (const b of BENCHES) {
    if (only && !only.has(b.id)) continue;
    const started = Date.now();
    const clockBefore = cpuClock();
    const loadBefore = loadavg()[0]!;
    // The 1-minute load average sampled every 2 s while the section runs: what else was running.
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(loadavg()[0]!), 2000);
    let section: Section;
    try {
      section = await (await b.load()).run(opts);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      console.error(`${b.id}: ${err instanceof Error ? err.stack : msg}`);
      section = {
        id: b.id,
        title: b.title,
        command: `npx tsx bench/${b.id}.ts`,
        tables: [],
        ratios: [],
        notes: [],
        skipped: `failed: ${msg.split('\n')[0]}`,
      };
    }
    clearInterval(sampler);
    const during = samples.length ? samples : [loadavg()[0]!];
    const mean = during.reduce((a, b) => a + b, 0) / during.length;
    const other = otherWorkShare(clockBefore, cpuClock(), Date.now() - started, machine().cores);
    const load = { before: loadBefore, mean, max: Math.max(...during), ...(other !== undefined ? { other } : {}) };
    section.notes.push(
      `Bench section took ${((Date.now() - started) / 1000).toFixed(0)} s; 1-minute load average ${loadBefore.toFixed(1)} before, ${mean.toFixed(1)} on average and ${Math.max(...during).toFixed(1)} at most during it (sampled every 2 s; the bench's own runs count in it), ${loadavg()[0]!.toFixed(1)} after, on ${machine().cores} cores; other processes used ${percent(other)} of the machine's CPU meanwhile${busyWithOtherWork(load, machine().cores) ? ' (other work was running: wall times are inflated and noisy, and a goal judged from them is not a finding)' : ''}.`,
    );
    section.load = load;
    printSection(section);
    sections.push(section);
  }
  if (only) {
    console.log('\n--only given: BENCHMARKS.md left as it was (it holds full runs only).');
    return;
  }
  await writeFile(join(ROOT, 'BENCHMARKS.md'), renderBenchmarks(sections, new Date(), describeMachine(m), opts.quick));
  console.log('\nBENCHMARKS.md rewritten.');
}

await main();
