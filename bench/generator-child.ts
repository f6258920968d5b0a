// `tsx bench/generator-child.ts --pages N [--extra-row] [--repeat R]`: times the generator's
// library function generate() in a fresh process. N = 0 times the five real pages (cold, then warm);
// N > 0 builds a temporary repository whose specs/ holds the five real pages and N − 5 synthetic
// variations (bench/synthetic-pages.ts) of the pages of specs/, each under its own path; the
// variations' contradictions are answered by draft decisions (generate's draft mode), the real
// pages' by specs/decisions.yaml.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { PageIdentity } from '../src/generator/extract-operation.ts';
import { generate } from '../src/generator/generate.ts';
import { discoverPages } from '../src/generator/pages.ts';
import { ROOT } from './lib/child.ts';
import { median } from './lib/stats.ts';
import { makeSyntheticPages } from './synthetic-pages.ts';
import { removeLater } from './lib/leftovers.ts';

/** CPU time (user + system) of this process: less disturbed than wall time on a shared machine. */
function cpuMs(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1000;
}

/**
 * CPU time of the main thread alone, in ms (Linux /proc, 10 ms ticks; undefined elsewhere): the
 * generator's own work. The process's CPU time also counts V8's helper threads (its optimizing
 * compiler and garbage-collector helpers), whose work is not proportional to the pages.
 */
function mainThreadMs(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

function args(argv: string[]) {
  const get = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    pages: Number(get('--pages') ?? 0),
    repeat: Number(get('--repeat') ?? 3),
    extraRow: argv.includes('--extra-row'),
  };
}

async function main() {
  const { pages: count, repeat, extraRow } = args(process.argv.slice(2));
  const PAGES = discoverPages(ROOT);
  const t0 = performance.now();
  await generate({ root: ROOT });
  const coldMs = performance.now() - t0;
  if (count <= 0) {
    const warm: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < repeat; i++) {
      const s = performance.now();
      const c = process.cpuUsage();
      await generate({ root: ROOT });
      warm.push(performance.now() - s);
      cpu.push(cpuMs(process.cpuUsage(c)));
    }
    console.log(
      JSON.stringify({
        pages: PAGES.length,
        coldMs,
        ms: median(warm),
        all: warm,
        cpuMs: median(cpu),
        maxRss: process.resourceUsage().maxRSS * 1024,
      }),
    );
    return;
  }
  if (count < PAGES.length) throw new Error(`--pages must be 0 or at least ${PAGES.length}`);
  const root = mkdtempSync(join(tmpdir(), 'cac-bench-gen-'));
  try {
    mkdirSync(join(root, 'specs'), { recursive: true });
    for (const p of PAGES) cpSync(join(ROOT, p.doc), join(root, p.doc));
    // Decisions quote what real upstream answered as evidence; the generator checks each quote.
    cpSync(join(ROOT, 'scripts/upstream/OBSERVED.md'), join(root, 'scripts/upstream/OBSERVED.md'));
    cpSync(join(ROOT, 'specs/decisions.yaml'), join(root, 'specs/decisions.yaml'));
    const bases = PAGES.map((p) => ({
      name: p.doc.slice('specs/'.length),
      text: readFileSync(join(ROOT, p.doc), 'utf8'),
    }));
    const synthetic = makeSyntheticPages(bases, count - PAGES.length, { extraRow });
    const identities: PageIdentity[] = [...PAGES];
    for (const s of synthetic) {
      const base = PAGES.find((p) => p.doc === `specs/${s.base}`)!;
      identities.push({ doc: `specs/${s.name}`, service: base.service });
      writeFileSync(join(root, 'specs', s.name), s.text);
    }
    const times: number[] = [];
    const cpu: number[] = [];
    const mainCpu: number[] = [];
    let operations = 0;
    let requirements = 0;
    for (let i = 0; i < repeat; i++) {
      const s = performance.now();
      const c = process.cpuUsage();
      const m = mainThreadMs();
      const g = await generate({ root, pages: identities, draft: true });
      times.push(performance.now() - s);
      cpu.push(cpuMs(process.cpuUsage(c)));
      const mEnd = mainThreadMs();
      if (m !== undefined && mEnd !== undefined) mainCpu.push(mEnd - m);
      operations = g.catalog.operations.length;
      requirements = g.catalog.requirements.length;
    }
    console.log(
      JSON.stringify({
        pages: identities.length,
        operations,
        requirements,
        coldMs,
        ms: median(times),
        all: times,
        cpuMs: median(cpu),
        ...(mainCpu.length === cpu.length ? { mainCpuMs: median(mainCpu) } : {}),
        maxRss: process.resourceUsage().maxRSS * 1024,
      }),
    );
  } finally {
    removeLater(root);
  }
}

await main();
