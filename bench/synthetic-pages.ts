// Makes N synthetic API reference pages as variations of the five real ones, so the generator can be
// timed on many pages without anyone writing them. Each copy keeps its base page's structure (the same
// sections, tables and examples) and differs in its title, a few words of prose and one extra table row
// with a new field name, so no two pages are byte-identical and none is trivially cached.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BasePage {
  name: string;
  text: string;
}

export interface SyntheticPage {
  /** File name, `<base stem>--s0007.md`. */
  name: string;
  base: string;
  text: string;
}

export async function readBasePages(dir: string): Promise<BasePage[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.md')).sort();
  if (names.length === 0) throw new Error(`${dir}: no .md pages to vary`);
  return Promise.all(names.map(async (name) => ({ name, text: await readFile(join(dir, name), 'utf8') })));
}

/** The `<tr …>…</tr>` blocks of each `<tbody>` on the page, with their character offsets. */
export function bodyTables(text: string): { start: number; end: number }[][] {
  const tables: { start: number; end: number }[][] = [];
  let from = 0;
  for (;;) {
    const body = text.indexOf('<tbody>', from);
    if (body < 0) return tables;
    const bodyEnd = text.indexOf('</tbody>', body);
    if (bodyEnd < 0) return tables;
    const rows: { start: number; end: number }[] = [];
    let at = body;
    for (;;) {
      const start = text.indexOf('<tr', at);
      if (start < 0 || start > bodyEnd) break;
      const close = text.indexOf('</tr>', start);
      if (close < 0 || close > bodyEnd) break;
      rows.push({ start, end: close + '</tr>'.length });
      at = close;
    }
    tables.push(rows);
    from = bodyEnd;
  }
}

const FIRST_CELL = /<td[^>]*>[\s\S]*?<\/td>/;

/** The parameter name in a row's first cell (`project_id`, `name~`), or undefined for other tables (codes, prose). */
export function firstCellName(row: string): string | undefined {
  const cell = FIRST_CELL.exec(row)?.[0];
  const m = cell && /<\/a>([a-z_][\w\\~.-]*)<\/p>/.exec(cell);
  return m ? m[1] : undefined;
}

/**
 * One variation of a page. The extra row copies the last row of the page's longest table (a filter,
 * request or response table, never the one-row path table) and renames its first cell's text (the
 * parameter name) with a suffix, so the generator sees one more optional field per copy.
 */
export function varyPage(base: BasePage, index: number, opts: { extraRow?: boolean } = {}): SyntheticPage {
  const tag = `s${String(index).padStart(4, '0')}`;
  let text = base.text.replace(
    /^(# [^<\n]*?)(<a name=|\n)/m,
    (_m, title: string, rest: string) => `${title} (synthetic ${tag})${rest}`,
  );
  text = text.replace(/This interface is used to/, `This interface (variation ${tag}) is used to`);
  // Each page documents its own operation: the request lines (URI and examples) gain a path segment
  // after the version and project, so no two pages share a method and path (an error) or an id.
  text = text.replace(
    /^(\s*(?:GET|POST|PUT|DELETE|PATCH|HEAD)\s+(?:https?:\/\/[^/\s]+)?)(\/v\d+(?:\.\d+)?)?((?:\/(?:\\?\{project\\?_id\\?\}|[0-9a-f]{32}))?)(\/|\s|$)/gm,
    (_m, head: string, version = '', project = '', next: string) =>
      `${head}${version}${project}/syn-${tag}${next === '/' ? '/' : next}`,
  );
  if (opts.extraRow !== false) {
    const paramTables = bodyTables(text).filter(
      (rows) => rows.length > 1 && rows.every((r) => firstCellName(text.slice(r.start, r.end)) !== undefined),
    );
    const longest = paramTables.reduce<{ start: number; end: number }[]>((a, b) => (b.length > a.length ? b : a), []);
    const last = longest[longest.length - 1];
    if (last) {
      const row = text.slice(last.start, last.end);
      const name = firstCellName(row)!;
      const renamed = row
        .replace(FIRST_CELL, (cell) => cell.replace(`</a>${name}</p>`, `</a>${name}_${tag}</p>`))
        .replace(/<tr id="([^"]*)"/, `<tr id="$1-${tag}"`);
      // Same indentation as the copied row, so the row stays inside the same list item's HTML block.
      const lineStart = text.lastIndexOf('\n', last.start) + 1;
      const indent = /^[ \t]*/.exec(text.slice(lineStart, last.start))?.[0] ?? '';
      text = `${text.slice(0, last.end)}\n${indent}${renamed}${text.slice(last.end)}`;
    }
  }
  const stem = basename(base.name, '.md');
  return { name: `${stem}--${tag}.md`, base: base.name, text };
}

export function makeSyntheticPages(
  bases: BasePage[],
  count: number,
  opts: { extraRow?: boolean } = {},
): SyntheticPage[] {
  if (bases.length === 0) throw new Error('no base pages');
  const pages: SyntheticPage[] = [];
  for (let i = 0; i < count; i++) pages.push(varyPage(bases[i % bases.length]!, i, opts));
  return pages;
}

export async function writeSyntheticPages(pages: SyntheticPage[], dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  await Promise.all(pages.map((p) => writeFile(join(dir, p.name), p.text)));
  return pages.map((p) => join(dir, p.name));
}

// `tsx bench/synthetic-pages.ts <count> <out-dir>`
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [countArg, outDir] = process.argv.slice(2);
  const count = Number(countArg);
  if (!Number.isInteger(count) || count < 1 || !outDir) {
    console.error('usage: tsx bench/synthetic-pages.ts <count> <out-dir>');
    process.exit(2);
  }
  const specs = fileURLToPath(new URL('../specs/', import.meta.url));
  const pages = makeSyntheticPages(await readBasePages(specs), count);
  await writeSyntheticPages(pages, outDir);
  console.log(`${pages.length} pages written to ${outDir}`);
}
