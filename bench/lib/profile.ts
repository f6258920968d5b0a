// Sums the .cpuprofile files Node writes with --cpu-prof (one per process and thread) into self time
// per script bucket (an npm package, a project folder, Node's internals) and per function.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileTotals {
  files: { file: string; wallMs: number; idleMs: number; busyMs: number }[];
  byScript: Map<string, number>;
  byFunction: Map<string, number>;
}

export function bucket(url: string): string {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return `npm:${rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  const m = /\/work\/[^/]+\/(.*)$/.exec(url.replace('file://', ''));
  if (m) return m[1]!.split('/').slice(0, 2).join('/');
  return url.startsWith('node:') ? 'node-internals' : url;
}

export function summarise(dir: string): ProfileTotals {
  const byScript = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const files: ProfileTotals['files'] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.cpuprofile'))) {
    const p = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Profile;
    const nodes = new Map(p.nodes.map((n) => [n.id, n]));
    let idle = 0;
    let busy = 0;
    p.samples.forEach((id, i) => {
      const ms = (p.timeDeltas[i] ?? 0) / 1000;
      const n = nodes.get(id)!;
      const name = n.callFrame.functionName || '(anonymous)';
      if (name === '(idle)' || name === '(program)' || name === '(garbage collector)') {
        if (name === '(idle)') idle += ms;
        else busy += ms;
        byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
        return;
      }
      busy += ms;
      const script = bucket(n.callFrame.url);
      byScript.set(script, (byScript.get(script) ?? 0) + ms);
      const key = `${name} ${script}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
    });
    files.push({ file: f, wallMs: (p.endTime - p.startTime) / 1000, idleMs: idle, busyMs: busy });
  }
  return { files, byScript, byFunction };
}

export function top(m: Map<string, number>, n: number): [string, number][] {
  return [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
}

/** Self time grouped into what a reader can act on. */
export function groupBuckets(byScript: Map<string, number>): [string, number][] {
  const groups: [string, (k: string) => boolean][] = [
    [
      "the suite's own code (src/, tests/, fixtures/, playwright.config.ts)",
      (k) => /^(src|tests|fixtures)\/|^playwright\.config/.test(k),
    ],
    ['yaml (parsing catalog.yaml)', (k) => k === 'npm:yaml'],
    [
      'ajv (compiling and validating schemas)',
      (k) =>
        ['npm:ajv', 'npm:ajv-formats', 'npm:fast-uri', 'npm:json-schema-traverse', 'npm:fast-deep-equal'].includes(k),
    ],
    [
      'Playwright (runner, fixtures, steps, APIRequestContext)',
      (k) => k === 'npm:playwright' || k === 'npm:playwright-core' || k === 'npm:@playwright/test',
    ],
    [
      'Node internals and native (module loading and TS transform hooks, I/O)',
      (k) => k === 'node-internals' || k === '(native)',
    ],
  ];
  const out = new Map<string, number>(groups.map(([g]) => [g, 0]));
  out.set('other packages', 0);
  for (const [k, v] of byScript) {
    const g = groups.find(([, test]) => test(k))?.[0] ?? 'other packages';
    out.set(g, out.get(g)! + v);
  }
  return [...out];
}
