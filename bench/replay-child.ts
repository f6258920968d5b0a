// `tsx bench/replay-child.ts --records FILE --route PREFIX=ORIGIN [--route …] [--collect-header NAME]`
// Replays a recorded request sequence in a fresh process (a client of its own, like the suite's
// workers) and prints one JSON line: count, loop time, status mismatches, and the values of a
// response header when asked (Prism reports its findings in `sl-violations`).
import { readFile } from 'node:fs/promises';
import type { RecordedExchange } from './lib/recording-proxy.ts';
import { replay, type Route } from './lib/replay.ts';

export interface CollectedHeader {
  index: number;
  method: string;
  url: string;
  status: number;
  value: string;
}

function parseArgs(argv: string[]) {
  let records = '';
  const routes: Route[] = [];
  let collect: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--records' && v) ((records = v), i++);
    else if (a === '--route' && v) {
      const eq = v.indexOf('=');
      if (eq < 0) throw new Error(`--route wants PREFIX=ORIGIN, got ${v}`);
      routes.push({ prefix: v.slice(0, eq), origin: v.slice(eq + 1) });
      i++;
    } else if (a === '--collect-header' && v) ((collect = v.toLowerCase()), i++);
    else throw new Error(`unknown argument ${a}`);
  }
  if (!records || routes.length === 0) throw new Error('usage: replay-child.ts --records FILE --route PREFIX=ORIGIN …');
  // The longest prefix wins, whatever the order given.
  routes.sort((a, b) => b.prefix.length - a.prefix.length);
  return { records, routes, collect };
}

const { records: file, routes, collect } = parseArgs(process.argv.slice(2));
const records = JSON.parse(await readFile(file, 'utf8')) as RecordedExchange[];
const collected: CollectedHeader[] = [];
const result = await replay(
  records,
  routes,
  collect
    ? (step) => {
        const value = step.headers.get(collect);
        const rec = records[step.index]!;
        if (value) collected.push({ index: step.index, method: rec.method, url: rec.url, status: step.status, value });
      }
    : undefined,
);
console.log(JSON.stringify({ ...result, collected, maxRss: process.resourceUsage().maxRSS * 1024 }));
