// Scale: the suite's pagination walk over 10,000 and 100,000 backups with limit=1000 and limit=100.
// Time should grow linearly (time(100k)/time(10k) ≤ 11), memory should stay flat (peak RSS(100k) /
// RSS(10k) ≤ 1.3: only a set of ids is kept, never the pages), and the suite's schema validation
// should cost at most twice a bare compiled ajv validate on the same items.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, TSX_CLI, childEnv, failIfBad, lastJsonLine, runTsx } from './lib/child.ts';
import { progress, runAsMain, type BenchOptions } from './lib/main.ts';
import { atMost, type Section } from './lib/section.ts';
import { fmtMb, fmtMs, median, repeat } from './lib/stats.ts';

interface TargetInfo {
  authUrl: string;
  baseUrl: string;
  credentials: unknown;
}

interface WalkResult {
  limit: number;
  ms: number;
  items: number;
  pages: number;
  problems: number;
  cutShort: boolean;
  rssBefore: number;
  maxRss: number;
}

interface ValidateResult {
  items: number;
  errors: number;
  suiteMsPerItem: number;
  rawMsPerItem: number;
}

/** The target with `backups` seeded, in its own process; resolved once it prints where it listens. */
async function startTargetProcess(backups: number): Promise<{ info: TargetInfo; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    [TSX_CLI, join(ROOT, 'bench/scale-target-child.ts'), '--backups', String(backups)],
    {
      cwd: ROOT,
      env: childEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-4000)));
  const info = await new Promise<TargetInfo>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`target with ${backups} backups did not start in 120 s\n${err}`)),
      120_000,
    );
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as TargetInfo);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`target with ${backups} backups exited ${code}\n${err}`));
    });
  });
  return {
    info,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.stdin.end();
      }),
  };
}

async function walkChild(info: TargetInfo, limit: number): Promise<WalkResult> {
  const r = failIfBad(
    `walk limit=${limit}`,
    await runTsx(
      join(ROOT, 'bench/scale-walk-child.ts'),
      ['--target', JSON.stringify(info), '--limit', String(limit)],
      { timeoutMs: 600_000 },
    ),
  );
  return lastJsonLine<WalkResult>(r.stdout);
}

export async function run(opts: BenchOptions): Promise<Section> {
  const section: Section = {
    id: 'scale',
    title: 'Scale: walking 10,000 and 100,000 backups',
    command: 'npx tsx bench/scale.ts',
    tables: [],
    ratios: [],
    notes: [],
  };
  const runs = opts.quick ? 1 : 3;
  const sizes = [10_000, 100_000];
  const limits = [1000, 100];
  const results = new Map<string, { ms: number; rss: number; r: WalkResult }>();
  let validation: ValidateResult | undefined;
  for (const n of sizes) {
    const target = await startTargetProcess(n);
    try {
      for (const limit of limits) {
        progress(`scale: walking ${n} backups with limit=${limit}`);
        const rs = await repeat(runs, () => walkChild(target.info, limit));
        for (const r of rs) {
          if (r.items !== n || r.problems > 0 || r.cutShort)
            throw new Error(
              `walk of ${n} backups with limit=${limit} saw ${r.items} items, ${r.problems} problems${r.cutShort ? ', cut short' : ''}`,
            );
        }
        results.set(`${n}/${limit}`, {
          ms: median(rs.map((r) => r.ms)),
          rss: median(rs.map((r) => r.maxRss)),
          r: rs[0]!,
        });
      }
      if (n === sizes[0]) {
        const v = failIfBad(
          'validation cost',
          await runTsx(
            join(ROOT, 'bench/scale-walk-child.ts'),
            ['--target', JSON.stringify(target.info), '--validate', '--items', String(n)],
            { timeoutMs: 600_000 },
          ),
        );
        validation = lastJsonLine<ValidateResult>(v.stdout);
      }
    } finally {
      await target.stop();
    }
  }
  const rows: string[][] = [];
  for (const limit of limits) {
    for (const n of sizes) {
      const x = results.get(`${n}/${limit}`)!;
      rows.push([
        n.toLocaleString('en-US'),
        String(limit),
        String(x.r.pages),
        fmtMs(x.ms),
        `${((x.ms * 1000) / n).toFixed(1)} µs`,
        fmtMb(x.rss),
      ]);
    }
    const small = results.get(`${sizes[0]}/${limit}`)!;
    const big = results.get(`${sizes[1]}/${limit}`)!;
    section.ratios.push(atMost(`time(100k) / time(10k), limit=${limit}`, big.ms / small.ms, 11));
    section.ratios.push(atMost(`peak RSS(100k) / RSS(10k), limit=${limit}`, big.rss / small.rss, 1.3));
  }
  section.tables.push({
    caption: `The suite's walk (src/checks/walk.ts) through its client and Playwright transport, each in a fresh process against a target process of its own; median of ${runs}. Every walk saw every item once, with no problem reported.`,
    header: ['backups', 'limit', 'pages', 'walk time', 'per item', 'peak RSS of the walker'],
    rows,
  });
  if (validation) {
    section.tables.push({
      caption: `Validation of the same ${validation.items.toLocaleString('en-US')} parsed backups (pages of 1000) against the backup-list response schema.`,
      header: ['validator', 'per item'],
      rows: [
        [
          'the suite: SchemaRegistry.validate (strict Ajv2020, allErrors, formats full)',
          `${(validation.suiteMsPerItem * 1e6).toFixed(0)} ns`,
        ],
        ['bare ajv: compiled validate, default options', `${(validation.rawMsPerItem * 1e6).toFixed(0)} ns`],
      ],
    });
    section.ratios.push(
      atMost('validation per item: suite / bare ajv', validation.suiteMsPerItem / validation.rawMsPerItem, 2),
    );
    if (validation.errors > 0)
      section.notes.push(`Validation reported ${validation.errors} errors on the clean target's pages.`);
  }
  return section;
}

await runAsMain(import.meta.url, run);
