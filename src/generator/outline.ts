// A page as a flat sequence of blocks in reading order: headings, paragraphs, code blocks and
// tables, each with the 1-based line where it starts. Everything else in the generator works on
// this outline, never on HTML.
import type { Element, ElementContent, Root, RootContent } from 'hast';
import rehypeRaw from 'rehype-raw';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { toText } from 'hast-util-to-text';
import { unified } from 'unified';
import { PageError } from './page-error.ts';
import { plainText } from './text.ts';

export interface Row {
  cells: string[];
  line: number;
}

export interface Table {
  header: string[];
  headerLine: number;
  rows: Row[];
  line: number;
}

export type Block =
  | { kind: 'heading'; depth: number; text: string; line: number }
  | { kind: 'para'; text: string; line: number }
  | { kind: 'code'; text: string; line: number }
  | { kind: 'table'; table: Table; line: number };

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(rehypeRaw);

const BLOCK_TAGS = new Set([
  'p',
  'pre',
  'table',
  'ul',
  'ol',
  'li',
  'blockquote',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'thead',
  'tbody',
  'tr',
]);

export async function outlinePage(doc: string, value: string): Promise<Block[]> {
  // Passing the same file to parse and run lets rehype-raw map re-parsed HTML back to source lines,
  // which also rejoins tables that blank lines split into several HTML blocks.
  const file = { path: doc, value };
  const tree = (await processor.run(processor.parse(file), file)) as Root;
  const blocks: Block[] = [];
  walk(tree.children, blocks, doc, value.split('\n'));
  return blocks;
}

function lineOf(node: { position?: { start: { line: number } } }, doc: string): number {
  const line = node.position?.start.line;
  if (line === undefined) throw new PageError(doc, 1, 'parser lost the source position of a block');
  return line;
}

function isBlock(node: RootContent | ElementContent): boolean {
  return node.type === 'element' && BLOCK_TAGS.has(node.tagName);
}

function walk(children: (RootContent | ElementContent)[], out: Block[], doc: string, lines: string[]): void {
  let inline: (RootContent | ElementContent)[] = [];
  const flush = () => {
    const text = inline
      .map((n) => plainText(n as Element))
      .join('')
      .trim();
    const first = inline.find((n) => n.position);
    if (text && first) out.push({ kind: 'para', text, line: lineOf(first, doc) });
    inline = [];
  };
  for (const node of children) {
    if (!isBlock(node)) {
      if (node.type === 'element' || node.type === 'text') inline.push(node);
      continue;
    }
    flush();
    const el = node as Element;
    const tag = el.tagName;
    if (/^h[1-6]$/.test(tag)) {
      out.push({ kind: 'heading', depth: Number(tag.slice(1)), text: plainText(el), line: lineOf(el, doc) });
    } else if (tag === 'p') {
      const text = plainText(el);
      if (text) out.push({ kind: 'para', text, line: lineOf(el, doc) });
    } else if (tag === 'pre') {
      // Code is literal: no unescaping, no whitespace collapsing.
      out.push({ kind: 'code', text: toText(el).replace(/\n$/, ''), line: lineOf(el, doc) });
    } else if (tag === 'table') {
      const table = readTable(el, doc, lines);
      out.push({ kind: 'table', table, line: table.line });
    } else if (tag !== 'hr') {
      walk(el.children, out, doc, lines);
    }
  }
  flush();
}

function rowsOf(el: Element): Element[] {
  const rows: Element[] = [];
  for (const child of el.children) {
    if (child.type !== 'element') continue;
    if (child.tagName === 'tr') rows.push(child);
    else if (child.tagName === 'thead' || child.tagName === 'tbody' || child.tagName === 'tfoot')
      rows.push(...rowsOf(child));
  }
  return rows;
}

function cellsOf(tr: Element): Element[] {
  return tr.children.filter((c): c is Element => c.type === 'element' && (c.tagName === 'td' || c.tagName === 'th'));
}

/** `lines`: the page's source lines (its text split at `\n`). */
export function readTable(el: Element, doc: string, lines: string[]): Table {
  const line = lineOf(el, doc);
  // An unclosed <table> is closed implicitly by the HTML parser, which then swallows or reorders what
  // follows; the element then does not end on a source line holding `</table>`. Only the line is
  // trusted: inside list items remark re-bases columns and offsets on the dedented text.
  const endLine = el.position?.end.line;
  const endText = endLine === undefined ? '' : (lines[endLine - 1] ?? '');
  if (!endText.toLowerCase().includes('</table>')) {
    throw new PageError(doc, line, 'table is not closed (no </table> for this <table>)');
  }
  const trs = rowsOf(el);
  const headerIndex = trs.findIndex((tr) => {
    const cells = cellsOf(tr);
    return cells.length > 0 && cells.every((c) => c.tagName === 'th');
  });
  if (headerIndex !== 0) {
    throw new PageError(doc, line, 'table has no header row (its first row has no <th> cells)');
  }
  const header = cellsOf(trs[0]!).map((c) => plainText(c));
  if (header.some((h) => h === '')) throw new PageError(doc, lineOf(trs[0]!, doc), 'table header has an empty cell');
  const rows: Row[] = [];
  // A cell with rowspan="n" also fills the same column of the n − 1 rows below it (the JSON-patch
  // table's "Mandatory for any of the three values"); colspan="n" fills n columns of its row.
  let carried: { text: string; left: number }[] = [];
  for (const tr of trs.slice(1)) {
    const rowLine = lineOf(tr, doc);
    const cells: string[] = [];
    const next: { text: string; left: number }[] = [];
    const own = cellsOf(tr);
    let k = 0;
    for (let col = 0; k < own.length || carried[col]; col++) {
      const c = carried[col];
      if (c && c.left > 0) {
        cells.push(c.text);
        if (c.left > 1) next[col] = { text: c.text, left: c.left - 1 };
        continue;
      }
      const el = own[k++];
      if (!el) break;
      const text = plainText(el);
      const span = spanOf(el, 'colspan');
      const down = spanOf(el, 'rowspan');
      for (let j = 0; j < span; j++) {
        cells.push(text);
        if (down > 1) next[col + j] = { text, left: down - 1 };
      }
      col += span - 1;
    }
    carried = next;
    if (cells.length !== header.length) {
      throw new PageError(
        doc,
        rowLine,
        `table row has ${cells.length} cells, its header has ${header.length} (${header.join(' | ')})`,
      );
    }
    if (cells[0] === '') throw new PageError(doc, rowLine, 'table row has an empty first cell');
    rows.push({ cells, line: rowLine });
  }
  if (rows.length === 0) throw new PageError(doc, line, 'table has a header but no rows');
  return { header, headerLine: lineOf(trs[0]!, doc), rows, line };
}

function spanOf(el: Element, name: 'rowspan' | 'colspan'): number {
  const v = el.properties?.[name === 'rowspan' ? 'rowSpan' : 'colSpan'];
  const n = typeof v === 'number' ? v : Number(v ?? 1);
  return Number.isInteger(n) && n >= 1 && n <= 100 ? n : 1;
}

/**
 * What a reader sees on each source line: paragraph and heading text, table rows as
 * `cell | cell`, code lines as written, and the raw line itself. Used to check quoted evidence.
 */
export function lineTexts(blocks: Block[], value: string): Map<number, string[]> {
  const map = new Map<number, string[]>();
  const put = (line: number, text: string) => {
    const texts = map.get(line);
    if (texts) texts.push(text);
    else map.set(line, [text]);
  };
  value.split('\n').forEach((raw, i) => put(i + 1, raw));
  for (const b of blocks) {
    if (b.kind === 'table') {
      put(b.table.headerLine, b.table.header.join(' | '));
      for (const r of b.table.rows) put(r.line, r.cells.join(' | '));
    } else if (b.kind === 'code') {
      b.text.split('\n').forEach((l, i) => put(b.line + 1 + i, l));
    } else {
      put(b.line, b.text);
    }
  }
  return map;
}
