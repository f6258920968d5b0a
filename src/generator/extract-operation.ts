// One page → one Operation, read literally: nothing here knows about decisions. Every fact carries
// the line it was read from; anything the generator cannot read is a PageError.
import { STATUS_CODES } from 'node:http';
import type {
  Example,
  Field,
  HttpMethod,
  MicroversionNote,
  Operation,
  Service,
  Source,
  StatusCode,
} from '../catalog/model.ts';
import type { Block, Row, Table } from './outline.ts';
import { PageError } from './page-error.ts';
import {
  describesTime,
  enumFromProse,
  mandatoryWord,
  microversionFromProse,
  microversionNote,
  referencedTable,
  timestampFormFromProse,
} from './prose.ts';
import { mapTypeWord } from './type-words.ts';

export interface PageIdentity {
  doc: string;
  id: string;
  service: Service;
}

type Section = 'function' | 'uri' | 'request' | 'request-example' | 'response' | 'response-example' | 'status' | 'other';

interface CaptionedTable {
  caption: string;
  table: Table;
}

const METHODS = new Set<HttpMethod>(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD']);

function sectionOf(heading: string): Section {
  const h = heading.toLowerCase();
  if (h === 'function' || h === 'description') return 'function';
  if (h === 'uri') return 'uri';
  if (h.startsWith('request') && h.includes('example')) return 'request-example';
  if (h.startsWith('request')) return 'request';
  if (h.startsWith('response') && h.includes('example')) return 'response-example';
  if (h.startsWith('response')) return 'response';
  if (h === 'return code' || h === 'status codes' || h === 'returned values' || h === 'status code') return 'status';
  return 'other';
}

function requestLine(line: string): { method: HttpMethod; target: string } | undefined {
  const m = /^([A-Z]+)\s+(\S+)$/.exec(line.trim());
  if (!m || !METHODS.has(m[1] as HttpMethod)) return undefined;
  return { method: m[1] as HttpMethod, target: m[2]! };
}

/** `https://{Endpoint}/v1.1/images/detail?x=1` → `/v1.1/images/detail`. */
export function pathOfTarget(target: string): string {
  let path = target.replace(/^[a-z]+:\/\/[^/]+/i, '');
  const q = path.indexOf('?');
  if (q >= 0) path = path.slice(0, q);
  return path;
}

function columnIndex(header: string[], ...names: string[]): number {
  return header.findIndex((h) => names.includes(h.toLowerCase()));
}

export function extractOperation(page: PageIdentity, blocks: Block[]): Operation {
  const { doc } = page;
  let section: Section = 'other';
  let heading = '';
  let label: string | undefined;
  let title: string | undefined;
  let uri: { method: HttpMethod; path: string; line: number } | undefined;
  let uriHeadingLine: number | undefined;
  let pendingNormal = false;
  const pathParams: Field[] = [];
  const queryParams: Field[] = [];
  const requestBody: Field[] = [];
  const responseTables: CaptionedTable[] = [];
  const statusCodes: StatusCode[] = [];
  const microversions: MicroversionNote[] = [];
  const examples: Example[] = [];

  for (const block of blocks) {
    if (block.kind === 'heading') {
      if (block.depth === 1) title ??= block.text;
      else {
        section = sectionOf(block.text);
        heading = block.text;
        if (section === 'uri') uriHeadingLine ??= block.line;
      }
      label = undefined;
      pendingNormal = false;
      continue;
    }
    if (block.kind === 'para') {
      const line = requestLine(block.text);
      if (section === 'uri' && line && !uri) {
        uri = { method: line.method, path: line.target, line: block.line };
        continue;
      }
      if (section === 'status' && pendingNormal && /^\d{3}$/.test(block.text)) {
        statusCodes.push(statusCode(doc, Number(block.text), STATUS_CODES[Number(block.text)] ?? '', 'Normal', { doc, table: label ?? heading, row: block.text, line: block.line }));
        continue;
      }
      if (/^NOTE\b/i.test(block.text)) {
        const note = microversionNote(block.text);
        if (note) {
          microversions.push({ ...note, text: block.text.replace(/^NOTE:?\s*/i, ''), source: { doc, table: 'NOTE', row: note.header, line: block.line } });
        }
        continue;
      }
      label = block.text;
      pendingNormal = section === 'status' && /^normal\b/i.test(block.text);
      continue;
    }
    if (block.kind === 'code') {
      const kind = exampleKind(section, label);
      // The label stays: one "Example response" may cover a status-line block and a body block.
      if (kind) examples.push(readExample(doc, kind, block.text, label ?? heading, block.line));
      continue;
    }
    // table
    const caption = label ?? heading;
    label = undefined;
    const first = block.table.header[0]!.toLowerCase();
    if (first === 'parameter' || first === 'name' || first === 'field') {
      readFieldTable(page, section, caption, block.table, uri?.method, { pathParams, queryParams, requestBody, responseTables });
    } else if (['return code', 'status codes', 'returned values', 'status code', 'code'].includes(first)) {
      for (const sc of readStatusTable(doc, caption, block.table)) statusCodes.push(sc);
    } else {
      throw new PageError(doc, block.line, `table whose first column is "${block.table.header[0]}" is neither a parameter table nor a status-code table`);
    }
  }

  if (uriHeadingLine === undefined) throw new PageError(doc, 1, 'page has no URI section (a "## URI" heading with the request line)');
  if (!uri) throw new PageError(doc, uriHeadingLine, 'URI section has no request line such as "GET /v3/{project_id}/backups"');
  if (!title) throw new PageError(doc, 1, 'page has no title (a "# " heading)');
  checkDuplicateCodes(doc, statusCodes);
  if (!statusCodes.some((s) => s.kind === 'success')) throw new PageError(doc, uri.line, 'page documents no success status code');

  const response = nestResponse(doc, responseTables);
  const reqExample = examples.find((e) => e.kind === 'request' && e.requestLine);
  const examplePath = reqExample?.requestLine ? pathOfTarget(reqExample.requestLine.split(/\s+/)[1]!) : undefined;
  for (const p of templateParams(uri.path)) {
    if (!pathParams.some((f) => f.name === p)) throw new PageError(doc, uri.line, `path parameter {${p}} is not described in any parameter table`);
  }

  const op: Operation = {
    id: page.id,
    service: page.service,
    title,
    doc,
    method: uri.method,
    path: uri.path,
    alternatePaths: [],
    ...(examplePath !== undefined ? { examplePath } : {}),
    pathParams,
    queryParams,
    requestBody,
    response,
    statusCodes: statusCodes.sort((a, b) => a.code - b.code),
    microversions,
    examples,
    schemas: {},
    source: { doc, table: 'URI', row: `${uri.method} ${uri.path}`, line: uri.line },
  };
  return op;
}

export function templateParams(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
}

function exampleKind(section: Section, label: string | undefined): 'request' | 'response' | undefined {
  if (section === 'request-example') return 'request';
  if (section === 'response-example') return 'response';
  const l = (label ?? '').toLowerCase();
  if (l.includes('example') && l.includes('request')) return 'request';
  if (l.includes('example') && l.includes('response')) return 'response';
  return undefined;
}

function readExample(doc: string, kind: 'request' | 'response', text: string, caption: string, line: number): Example {
  const lines = text.split('\n');
  const ex: Example = { kind, text, source: { doc, table: caption, row: kind === 'request' ? 'request' : 'response', line } };
  let i = 0;
  if (kind === 'request' && lines[0] && requestLine(lines[0])) {
    ex.requestLine = lines[0].trim();
    i = 1;
  }
  if (kind === 'response') {
    const status = /^HTTP\/\d(?:\.\d)?\s+(\d{3})\b/.exec(lines[0] ?? '');
    if (status) {
      ex.status = Number(status[1]);
      i = 1;
    }
    const headers: Record<string, string> = {};
    for (; i < lines.length; i++) {
      const h = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/.exec(lines[i]!);
      if (!h) break;
      headers[h[1]!] = h[2]!.trim();
    }
    if (Object.keys(headers).length > 0) ex.headers = headers;
  }
  const rest = lines.slice(i).join('\n').trim();
  if (rest.startsWith('{') || rest.startsWith('[')) {
    try {
      ex.body = JSON.parse(rest);
    } catch {
      // An example that is not valid JSON stays text only; the detector reports nothing about it.
    }
  }
  return ex;
}

function statusCode(doc: string, code: number, title: string, description: string, source: Source): StatusCode {
  if (code < 100 || code > 599) throw new PageError(doc, source.line, `"${code}" is not an HTTP status code`);
  return { code, kind: code < 400 ? 'success' : 'error', title, description, source };
}

function readStatusTable(doc: string, caption: string, table: Table): StatusCode[] {
  const typeCol = columnIndex(table.header, 'type', 'reason', 'title');
  const descCol = columnIndex(table.header, 'description');
  return table.rows.map((row) => {
    const m = /^(\d{3})\b\s*(.*)$/.exec(row.cells[0]!);
    if (!m) throw new PageError(doc, row.line, `status-code row "${row.cells[0]}" does not start with a three-digit code`);
    const title = typeCol >= 0 ? row.cells[typeCol]! : m[2]!;
    const description = descCol >= 0 ? row.cells[descCol]! : '';
    return statusCode(doc, Number(m[1]), title, description, { doc, table: caption, row: row.cells[0]!, line: row.line });
  });
}

function checkDuplicateCodes(doc: string, codes: StatusCode[]): void {
  const seen = new Map<number, number>();
  for (const c of codes) {
    const first = seen.get(c.code);
    if (first !== undefined) throw new PageError(doc, c.source.line, `status code ${c.code} is documented twice (first at line ${first})`);
    seen.set(c.code, c.source.line);
  }
}

interface FieldSinks {
  pathParams: Field[];
  queryParams: Field[];
  requestBody: Field[];
  responseTables: CaptionedTable[];
}

function readFieldTable(page: PageIdentity, section: Section, caption: string, table: Table, method: HttpMethod | undefined, sinks: FieldSinks): void {
  const { doc } = page;
  checkDuplicateRows(doc, table);
  if (section === 'response') {
    sinks.responseTables.push({ caption, table });
    return;
  }
  if (section !== 'uri' && section !== 'request') {
    throw new PageError(doc, table.line, `parameter table "${caption}" is outside the URI, Request and Response sections`);
  }
  const inCol = columnIndex(table.header, 'in', 'location');
  const defaultIn: Field['in'] =
    section === 'uri' ? (caption.toLowerCase().includes('filter') || caption.toLowerCase().includes('query') ? 'query' : 'path')
    : method === 'GET' || method === 'HEAD' || method === 'DELETE' ? 'query' : 'body';
  for (const row of table.rows) {
    const where = inCol >= 0 ? locationWord(doc, row, row.cells[inCol]!) : defaultIn;
    const field = readField(page, caption, table, row, '', where, 'request');
    const sink = where === 'path' ? sinks.pathParams : where === 'query' ? sinks.queryParams : where === 'body' ? sinks.requestBody : undefined;
    if (!sink) throw new PageError(doc, row.line, `parameter "${field.name}" is in "${where}", which the generator does not handle`);
    sink.push(field);
  }
}

function locationWord(doc: string, row: Row, cell: string): Field['in'] {
  const w = cell.toLowerCase();
  if (w === 'body' || w === 'query' || w === 'path' || w === 'header') return w;
  throw new PageError(doc, row.line, `"In" column says "${cell}"; expected body, query, path or header`);
}

function checkDuplicateRows(doc: string, table: Table): void {
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const first = seen.get(row.cells[0]!);
    if (first !== undefined) throw new PageError(doc, row.line, `duplicate field "${row.cells[0]}" in one table (first at line ${first})`);
    seen.set(row.cells[0]!, row.line);
  }
}

function readField(page: PageIdentity, caption: string, table: Table, row: Row, prefix: string, where: Field['in'], side: 'request' | 'response'): Field {
  const { doc } = page;
  const name = row.cells[0]!;
  if (/\s/.test(name)) throw new PageError(doc, row.line, `field name "${name}" contains white space`);
  const typeCol = columnIndex(table.header, 'type');
  const mandCol = columnIndex(table.header, 'mandatory', 'required');
  const descCol = columnIndex(table.header, 'description');
  if (typeCol < 0 && where !== 'path') throw new PageError(doc, table.line, `parameter table "${caption}" has no Type column`);
  if (mandCol < 0 && side === 'request' && where !== 'path') {
    throw new PageError(doc, table.line, `request parameter table "${caption}" has no Mandatory column`);
  }
  // A path parameter table without a Type column (the backup page) documents a path segment: a string.
  const docType = typeCol >= 0 ? row.cells[typeCol]! : '';
  const mapped = docType === '' ? { type: 'string' as const } : mapTypeWord(docType);
  if (!mapped) throw new PageError(doc, row.line, `unknown type word "${docType}" for field "${name}"`);
  const description = descCol >= 0 ? row.cells[descCol]! : '';
  let required = true;
  if (mandCol >= 0) {
    const m = mandatoryWord(row.cells[mandCol]!);
    if (m === undefined) throw new PageError(doc, row.line, `Mandatory column says "${row.cells[mandCol]}"; expected Yes or No`);
    required = m;
  }
  const enumValues = enumFromProse(description);
  const form = timestampFormFromProse(description);
  const since = microversionFromProse(description);
  const field: Field = {
    name,
    path: prefix + name,
    in: where,
    docType,
    type: mapped.type,
    ...(mapped.items ? { items: mapped.items } : {}),
    required,
    nullable: false,
    ...(enumValues ? { enum: enumValues } : {}),
    ...(form ? { timestamp: { documentedForm: form } } : mapped.type === 'string' && describesTime(description) ? { timestamp: { documentedForm: 'not stated' } } : {}),
    ...(since ? { sinceMicroversion: since } : {}),
    description,
    source: { doc, table: caption, row: name, line: row.line },
  };
  return field;
}

/**
 * Response tables nest by name: a container field is described by the table its description points
 * to ("see the backup field description") or whose caption starts with its name
 * ("software_deployment structure information"). The first table is the body root.
 */
function nestResponse(doc: string, tables: CaptionedTable[]): Field[] {
  if (tables.length === 0) return [];
  const used = new Set<number>([0]);
  const out: Field[] = [];
  const page: PageIdentity = { doc, id: '', service: 'orchestration' };
  const expand = (index: number, prefix: string, depth: number) => {
    const { caption, table } = tables[index]!;
    if (depth > 8) throw new PageError(doc, table.line, `response tables nest more than 8 levels deep at "${caption}"`);
    for (const row of table.rows) {
      const field = readField(page, caption, table, row, prefix, 'body', 'response');
      if (out.some((f) => f.path === field.path)) {
        const first = out.find((f) => f.path === field.path)!;
        throw new PageError(doc, row.line, `duplicate field "${field.path}" (first at line ${first.source.line})`);
      }
      out.push(field);
      const isContainer = field.type === 'object' || (field.type === 'array' && field.items === 'object');
      if (!isContainer) continue;
      const ref = referencedTable(field.description);
      const childIndex = tables.findIndex((t, i) => i !== index && captionNames(t.caption, ref ?? field.name));
      if (childIndex < 0) {
        if (ref) throw new PageError(doc, row.line, `"${field.name}" points to the "${ref}" description, which the page does not have`);
        continue;
      }
      if (used.has(childIndex)) continue;
      used.add(childIndex);
      expand(childIndex, field.path + (field.type === 'array' ? '[].' : '.'), depth + 1);
    }
  };
  expand(0, '', 0);
  tables.forEach((t, i) => {
    if (!used.has(i)) throw new PageError(doc, t.table.line, `response table "${t.caption}" is not reached from the response root by any field`);
  });
  return out;
}

function captionNames(caption: string, name: string): boolean {
  const first = caption.split(/\s+/)[0];
  return first === name && /\b(field description|structure information|structure|object)\b/i.test(caption);
}
