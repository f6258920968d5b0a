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
import { needsAction, operationId, type PageRef } from './pages.ts';

/** A page to read: its file and the service type its folder names (see pages.ts). */
export type PageIdentity = PageRef;

type Section =
  'function' | 'uri' | 'request' | 'request-example' | 'response' | 'response-example' | 'status' | 'other';

interface CaptionedTable {
  caption: string;
  table: Table;
}

/** A title or Function paragraph that retires the API ("Abandoned and Not Recommended", "This API has been discarded"). */
const DEPRECATION = /\b(deprecated|abandoned|discarded|no longer (?:supported|recommended)|not recommended)\b/i;

const METHODS = new Set<HttpMethod>(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD']);

function sectionOf(heading: string): Section {
  const h = heading.toLowerCase();
  if (h === 'function' || h === 'description') return 'function';
  // One Cinder page titles its response section "Parameter description" (querying details of all transfers).
  if (h === 'parameter description') return 'response';
  if (h === 'uri') return 'uri';
  if (h.startsWith('request') && h.includes('example')) return 'request-example';
  if (h.startsWith('request')) return 'request';
  if (h.startsWith('response') && h.includes('example')) return 'response-example';
  if (h.startsWith('response')) return 'response';
  if (['return code', 'return codes', 'status codes', 'status code', 'returned values', 'returned value'].includes(h))
    return 'status';
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
  let uri: { method: HttpMethod; path: string; query?: string; line: number } | undefined;
  let uriHeadingLine: number | undefined;
  let pendingNormal = false;
  const pathParams: Field[] = [];
  const queryParams: Field[] = [];
  const requestBody: Field[] = [];
  const requestTables: CaptionedTable[] = [];
  const responseTables: CaptionedTable[] = [];
  const patchTypes: string[] = [];
  const binaryTypes: string[] = [];
  const deprecations: { text: string; source: Source }[] = [];
  const statusCodes: StatusCode[] = [];
  const microversions: MicroversionNote[] = [];
  const examples: Example[] = [];
  let successNone: Source | undefined;

  for (const block of blocks) {
    if (block.kind === 'heading') {
      if (block.depth === 1) {
        title ??= block.text;
        if (DEPRECATION.test(block.text))
          deprecations.push({
            text: block.text,
            source: { doc, table: 'title', row: 'deprecation', line: block.line },
          });
      } else {
        section = sectionOf(block.text);
        heading = block.text;
        if (section === 'uri') uriHeadingLine ??= block.line;
      }
      label = undefined;
      pendingNormal = false;
      continue;
    }
    // A request sent as a file's bytes: the example request names the media type in its header
    // (`-H "Content-Type:application/octet-stream" -T image.qcow2`), in prose or in a code block.
    if ((block.kind === 'para' || block.kind === 'code') && section === 'request') {
      for (const m of block.text.matchAll(/Content-Type:\s*(application\/octet-stream)/gi))
        if (!binaryTypes.includes(m[1]!.toLowerCase())) binaryTypes.push(m[1]!.toLowerCase());
    }
    if (block.kind === 'para') {
      const line = requestLine(block.text);
      if (section === 'uri' && line && !uri) {
        const q = line.target.indexOf('?');
        uri = {
          method: line.method,
          path: pathOfTarget(line.target),
          ...(q >= 0 ? { query: line.target.slice(q + 1) } : {}),
          line: block.line,
        };
        continue;
      }
      // Status codes written in prose: "Normal" then "200" (or "200, 202"), each on its own paragraph.
      if (section === 'status' && pendingNormal && /^\d{3}(\s*(,|and|or)\s*\d{3})*$/.test(block.text)) {
        for (const c of block.text.match(/\d{3}/g)!) {
          statusCodes.push(
            statusCode(doc, Number(c), STATUS_CODES[Number(c)] ?? '', 'Normal', {
              doc,
              table: label ?? heading,
              row: c,
              line: block.line,
            }),
          );
        }
        continue;
      }
      if (section === 'request' && /json-patch/i.test(block.text)) {
        for (const m of block.text.matchAll(/application\/[\w.+-]*json-patch/g))
          if (!patchTypes.includes(m[0])) patchTypes.push(m[0]);
      }
      if (DEPRECATION.test(block.text) && section === 'function') {
        deprecations.push({
          text: block.text,
          source: { doc, table: heading || 'page', row: 'deprecation', line: block.line },
        });
      }
      if (/^NOTE\b/i.test(block.text)) {
        const note = microversionNote(block.text);
        if (note) {
          microversions.push({
            ...note,
            text: block.text.replace(/^NOTE:?\s*/i, ''),
            source: { doc, table: 'NOTE', row: note.header, line: block.line },
          });
        }
        continue;
      }
      // "or" between two examples keeps the label: the next block is another form of the same example.
      if (/^or$/i.test(block.text)) continue;
      // "Example response: None" — the success answer carries no body; the label stays for the error
      // example an "or" may add.
      if (/^none\.?$/i.test(block.text) && exampleKind(section, label) === 'response') {
        successNone ??= { doc, table: label ?? heading, row: 'response', line: block.line };
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
      readFieldTable(page, section, caption, block.table, uri, {
        pathParams,
        queryParams,
        requestBody,
        requestTables,
        responseTables,
      });
    } else if (STATUS_FIRST_COLUMNS.includes(first)) {
      for (const sc of readStatusTable(doc, caption, block.table)) statusCodes.push(sc);
    } else {
      throw new PageError(
        doc,
        block.line,
        `table whose first column is "${block.table.header[0]}" is neither a parameter table nor a status-code table`,
      );
    }
  }

  if (uriHeadingLine === undefined)
    throw new PageError(doc, 1, 'page has no URI section (a "## URI" heading with the request line)');
  if (!uri)
    throw new PageError(doc, uriHeadingLine, 'URI section has no request line such as "GET /v3/{project_id}/backups"');
  if (!title) throw new PageError(doc, 1, 'page has no title (a "# " heading)');
  checkDuplicateCodes(doc, statusCodes);
  if (!statusCodes.some((s) => s.kind === 'success'))
    throw new PageError(doc, uri.line, 'page documents no success status code');

  const patch = patchTypes.length > 0;
  requestBody.push(...nestTables(doc, requestTables, 'request', patch));
  const tabled = nestTables(doc, responseTables, 'response', false);
  // Tables that document only the error answer (a Cinder action or delete: "error … returned when an
  // error occurs", the example "None or {"error": …}") are no success body.
  const errorOnly = describesErrorsOnly(tabled, examples, successNone);
  const response = errorOnly ? [] : tabled;
  const reqExample = examples.find((e) => e.kind === 'request' && e.requestLine);
  const examplePath = reqExample?.requestLine ? pathOfTarget(reqExample.requestLine.split(/\s+/)[1]!) : undefined;
  for (const p of templateParams(uri.path)) {
    if (!pathParams.some((f) => f.name === p))
      throw new PageError(doc, uri.line, `path parameter {${p}} is not described in any parameter table`);
  }

  const action = needsAction(uri.path) ? actionName(doc, uri.line, requestBody, examples) : undefined;
  const listing = response.some(
    (f) => !f.path.includes('.') && f.type === 'array' && f.name !== 'links' && !f.name.endsWith('_links'),
  );
  const id = operationId(page.service, uri.method, uri.path, action, listing);
  if (!id) throw new PageError(doc, uri.line, `cannot derive an operation id from "${uri.method} ${uri.path}"`);
  const op: Operation = {
    id,
    service: page.service,
    ...(action ? { action } : {}),
    title,
    ...(deprecations.length > 0 ? { deprecated: deprecations } : {}),
    doc,
    method: uri.method,
    path: uri.path,
    ...(uri.query ? { uriQuery: uri.query } : {}),
    alternatePaths: [],
    ...(examplePath !== undefined ? { examplePath } : {}),
    pathParams,
    queryParams,
    requestBody,
    response,
    statusCodes: statusCodes.sort((a, b) => a.code - b.code),
    microversions,
    examples,
    ...(patch
      ? { requestBodyForm: { kind: 'json-patch' as const, mediaTypes: patchTypes } }
      : binaryTypes.length > 0
        ? { requestBodyForm: { kind: 'binary' as const, mediaTypes: binaryTypes } }
        : {}),
    ...(errorOnly || noBody(op0Success(statusCodes), responseTables, examples) ? { noResponseBody: true } : {}),
    ...(errorOnly ? { errorResponse: tabled } : {}),
    schemas: {},
    source: { doc, table: 'URI', row: `${uri.method} ${uri.path}`, line: uri.line },
  };
  return op;
}

/** The body key naming the action of a `POST …/action(s)` page: the request example's one top-level key, else the request table's. */
function actionName(doc: string, line: number, requestBody: Field[], examples: Example[]): string {
  const ex = examples.find(
    (e) =>
      e.kind === 'request' &&
      e.body !== undefined &&
      typeof e.body === 'object' &&
      e.body !== null &&
      !Array.isArray(e.body),
  );
  const keys = ex ? Object.keys(ex.body as object) : [];
  if (keys.length === 1) return keys[0]!;
  const top = requestBody.filter((f) => !f.path.includes('.'));
  if (top.length === 1) return top[0]!.name;
  throw new PageError(
    doc,
    line,
    `an action endpoint needs one action key in its request body (the request example has ${keys.length ? keys.join(', ') : 'none'}; the request table ${top.length ? `has ${top.map((f) => f.name).join(', ')}` : 'has none'})`,
  );
}

export function templateParams(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
}

function exampleKind(section: Section, label: string | undefined): 'request' | 'response' | undefined {
  if (section === 'request-example') return 'request';
  if (section === 'response-example') return 'response';
  const l = (label ?? '').toLowerCase();
  // Under "Example request", each form of the body has its own label ("v2.0 request body").
  if (section === 'request' && (/\bexample\b/.test(l) || (/\brequest\b/.test(l) && /\bbody\b/.test(l))))
    return 'request';
  if (section === 'response' && (/\bexample\b/.test(l) || (/\bresponse\b/.test(l) && /\bbody\b/.test(l))))
    return 'response';
  if (l.includes('example') && l.includes('request')) return 'request';
  if (l.includes('example') && l.includes('response')) return 'response';
  return undefined;
}

function readExample(doc: string, kind: 'request' | 'response', text: string, caption: string, line: number): Example {
  const lines = text.split('\n');
  const ex: Example = {
    kind,
    text,
    source: { doc, table: caption, row: kind === 'request' ? 'request' : 'response', line },
  };
  let i = 0;
  if (kind === 'request' && lines[0] && requestLine(lines[0])) {
    ex.requestLine = lines[0].trim();
    i = 1;
  }
  if (kind === 'response') {
    // `HTTP/1.1 200 OK`, or the reference's own `STATUS CODE 204`.
    const status = /^(?:HTTP\/\d(?:\.\d)?|STATUS CODE)\s+(\d{3})\b/i.exec((lines[0] ?? '').trim());
    if (status) {
      ex.status = Number(status[1]);
      i = 1;
    }
  }
  // Headers written before the body: `X-Openstack-Request-Id: …`, or quoted as the JSON-patch
  // examples write them: `"Content-Type:application/openstack-images-v2.1-json-patch"`.
  const headers: Record<string, string> = {};
  for (; i < lines.length; i++) {
    const h = /^"?([A-Za-z][A-Za-z0-9-]*):\s*([^"]*)"?\s*$/.exec(lines[i]!.trim());
    if (!h || lines[i]!.trim().startsWith('{')) break;
    headers[h[1]!] = h[2]!.trim();
  }
  if (Object.keys(headers).length > 0) ex.headers = headers;
  const rest = lines.slice(i).join('\n').trim();
  if (rest.startsWith('{') || rest.startsWith('[')) {
    try {
      ex.body = JSON.parse(rest);
    } catch {
      // A line break typed inside a string ("Enable volume actions⏎") is the one slip read through:
      // the same text with control characters inside strings escaped. Anything else that is not
      // valid JSON stays text only; the detector reports nothing about it.
      try {
        ex.body = JSON.parse(escapeControlsInStrings(rest));
      } catch {
        // text only
      }
    }
  }
  if (
    kind === 'response' &&
    ex.body !== undefined &&
    ex.body !== null &&
    typeof ex.body === 'object' &&
    !Array.isArray(ex.body)
  ) {
    const keys = Object.keys(ex.body);
    const fault =
      keys.length === 1 &&
      (keys[0] === 'error' ||
        (/^[a-z]+(?:[A-Z][a-z]+)+$|^badrequest$/.test(keys[0]!) &&
          /(request|found|fault|error|denied|conflict|limit|forbidden|unauthorized)$/i.test(keys[0]!)));
    if (fault || (/\berror\b/i.test(caption) && !/\bexample response\b/i.test(caption))) ex.error = true;
  }
  return ex;
}

/** JSON text with raw control characters inside string literals written as escapes (`\n`). */
export function escapeControlsInStrings(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString && ch === '\\') {
      out += ch + (text[++i] ?? '');
      continue;
    }
    if (ch === '"') inString = !inString;
    const code = ch.charCodeAt(0);
    out += inString && code < 0x20 ? `\\u${code.toString(16).padStart(4, '0')}` : ch;
  }
  return out;
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
    if (!m)
      throw new PageError(doc, row.line, `status-code row "${row.cells[0]}" does not start with a three-digit code`);
    const title = typeCol >= 0 ? row.cells[typeCol]! : m[2]!;
    const description = descCol >= 0 ? row.cells[descCol]! : '';
    return statusCode(doc, Number(m[1]), title, description, {
      doc,
      table: caption,
      row: row.cells[0]!,
      line: row.line,
    });
  });
}

function checkDuplicateCodes(doc: string, codes: StatusCode[]): void {
  const seen = new Map<number, number>();
  for (const c of codes) {
    const first = seen.get(c.code);
    if (first !== undefined)
      throw new PageError(doc, c.source.line, `status code ${c.code} is documented twice (first at line ${first})`);
    seen.set(c.code, c.source.line);
  }
}

interface FieldSinks {
  pathParams: Field[];
  queryParams: Field[];
  requestBody: Field[];
  requestTables: CaptionedTable[];
  responseTables: CaptionedTable[];
}

const STATUS_FIRST_COLUMNS = [
  'return code',
  'return codes',
  'status codes',
  'status code',
  'returned values',
  'returned value',
  'code',
];

function readFieldTable(
  page: PageIdentity,
  section: Section,
  caption: string,
  table: Table,
  uri: { method: HttpMethod; path: string } | undefined,
  sinks: FieldSinks,
): void {
  const { doc } = page;
  checkDuplicateRows(doc, table);
  if (section === 'response') {
    sinks.responseTables.push({ caption, table });
    return;
  }
  if (section !== 'uri' && section !== 'request') {
    throw new PageError(
      doc,
      table.line,
      `parameter table "${caption}" is outside the URI, Request and Response sections`,
    );
  }
  const inCol = columnIndex(table.header, 'in', 'location');
  const bodyless = uri?.method === 'GET' || uri?.method === 'HEAD' || uri?.method === 'DELETE';
  if (section === 'request' && inCol < 0 && !bodyless) {
    // Body tables nest like response tables (nestTables); path and query rows have an In column.
    sinks.requestTables.push({ caption, table });
    return;
  }
  const method = uri?.method;
  const params = new Set(uri ? templateParams(uri.path) : []);
  const fallback: Field['in'] = method === 'GET' || method === 'HEAD' || method === 'DELETE' ? 'query' : 'body';
  const bodyRows: Row[] = [];
  for (const row of table.rows) {
    // Without an In column a URI row is a path parameter when the URI template names it, else a query parameter.
    const where =
      inCol >= 0
        ? locationWord(doc, row, row.cells[inCol]!)
        : section === 'uri'
          ? params.has(row.cells[0]!)
            ? 'path'
            : 'query'
          : fallback;
    if (where === 'body') {
      bodyRows.push(row);
      continue;
    }
    const field = readField(page, caption, table, row, '', where, 'request');
    const sink = where === 'path' ? sinks.pathParams : where === 'query' ? sinks.queryParams : undefined;
    if (!sink)
      throw new PageError(
        doc,
        row.line,
        `parameter "${field.name}" is in "${where}", which the generator does not handle`,
      );
    sink.push(field);
  }
  if (bodyRows.length > 0) sinks.requestTables.push({ caption, table: { ...table, rows: bodyRows } });
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
    if (first !== undefined)
      throw new PageError(doc, row.line, `duplicate field "${row.cells[0]}" in one table (first at line ${first})`);
    seen.set(row.cells[0]!, row.line);
  }
}

function readField(
  page: PageIdentity,
  caption: string,
  table: Table,
  row: Row,
  prefix: string,
  where: Field['in'],
  side: 'request' | 'response',
): Field {
  const { doc } = page;
  const name = row.cells[0]!;
  if (/\s/.test(name)) throw new PageError(doc, row.line, `field name "${name}" contains white space`);
  const typeCol = columnIndex(table.header, 'type');
  const mandCol = columnIndex(table.header, 'mandatory', 'required');
  const descCol = columnIndex(table.header, 'description');
  if (typeCol < 0 && where !== 'path')
    throw new PageError(doc, table.line, `parameter table "${caption}" has no Type column`);
  if (mandCol < 0 && side === 'request' && where !== 'path') {
    throw new PageError(doc, table.line, `request parameter table "${caption}" has no Mandatory column`);
  }
  // A path parameter table without a Type column (the backup page) documents a path segment: a string.
  const docType = typeCol >= 0 ? row.cells[typeCol]! : '';
  const mapped = docType === '' ? { type: 'string' as const } : mapTypeWord(docType);
  if (!mapped)
    throw new PageError(
      doc,
      row.line,
      `unknown type word "${docType}" for field "${name}" (known words: src/generator/type-words.ts)`,
    );
  const description = descCol >= 0 ? row.cells[descCol]! : '';
  let required = true;
  let requiredWhen: string | undefined;
  if (mandCol >= 0) {
    const cell = row.cells[mandCol]!;
    const m = mandatoryWord(cell);
    if (m === undefined) {
      // "Mandatory for replace and add, and not for remove": required under a condition only.
      if (!/^mandatory\b.*\bfor\b/i.test(cell.trim()))
        throw new PageError(doc, row.line, `Mandatory column says "${cell}"; expected Yes, No or "Mandatory for …"`);
      required = false;
      requiredWhen = cell.trim();
    } else required = m;
  }
  // Values in prose are an enum of a string field only (a Boolean's "true or false" is its type).
  const enumValues = mapped.type === 'string' ? enumFromProse(description) : undefined;
  const form = timestampFormFromProse(description);
  const since = microversionFromProse(description);
  const isTime = 'time' in mapped && mapped.time === true;
  const field: Field = {
    name,
    path: prefix + name,
    in: where,
    docType,
    type: mapped.type,
    ...('items' in mapped && mapped.items ? { items: mapped.items } : {}),
    required,
    ...(requiredWhen ? { requiredWhen } : {}),
    nullable: false,
    ...(enumValues ? { enum: enumValues } : {}),
    ...(form
      ? { timestamp: { documentedForm: form } }
      : mapped.type === 'string' && (isTime || describesTime(description))
        ? { timestamp: { documentedForm: 'not stated' } }
        : {}),
    ...(since ? { sinceMicroversion: since } : {}),
    ...(/\b(?:is|has been) deprecated\b|\bno longer (?:used|supported)\b/i.test(description)
      ? { deprecated: true }
      : {}),
    description,
    source: { doc, table: caption, row: name, line: row.line },
  };
  return field;
}

/**
 * Field tables nest by name. A container field is described by the table its description points to
 * ("see the backup field description", "see Parameters in the volumes field", "see Table 1") or whose
 * caption names it ("software_deployment structure information", "Parameters in the links field",
 * "Table 3 volume field description"); a table may be reached through a field of another nested
 * table. A field typed as a scalar that a table describes (`error` String with "Parameters in the
 * error field") is read as the object the table describes; detect.ts reports the contradiction.
 * The first table is the body root; a JSON-patch request (`patch`) has one root table per patch form,
 * each describing an item of the array body (`[].op`).
 */
function nestTables(doc: string, tables: CaptionedTable[], side: 'request' | 'response', patch: boolean): Field[] {
  if (tables.length === 0) return [];
  const used = new Set<number>();
  const out: Field[] = [];
  const page: PageIdentity = { doc, service: 'orchestration' };
  const expand = (index: number, prefix: string, depth: number) => {
    const { caption, table } = tables[index]!;
    if (depth > 8) throw new PageError(doc, table.line, `${side} tables nest more than 8 levels deep at "${caption}"`);
    for (const row of table.rows) {
      const field = readField(page, caption, table, row, prefix, 'body', side);
      const twin = out.find((f) => f.path === field.path);
      if (twin) {
        // Two patch forms may document the same key (`value`); one key, typed alike, is one field.
        if (patch && depth === 0 && twin.type === field.type) continue;
        throw new PageError(doc, row.line, `duplicate field "${field.path}" (first at line ${twin.source.line})`);
      }
      out.push(field);
      const ref = referencedTable(field.description);
      const isContainerWord = field.type === 'object' || field.type === 'array';
      if (ref && isContainerWord && !tables.some((t) => captionNames(t.caption, ref))) {
        throw new PageError(
          doc,
          row.line,
          `"${field.name}" points to the "${ref}" description, which the page does not have`,
        );
      }
      const childIndex = tables.findIndex(
        (t, i) =>
          i !== index &&
          !used.has(i) &&
          (captionNames(t.caption, field.name) || (ref !== undefined && captionNames(t.caption, ref))),
      );
      const isContainer = field.type === 'object' || field.type === 'array';
      if (childIndex < 0) {
        if (ref && isContainer && !tables.some((t) => captionNames(t.caption, ref))) {
          throw new PageError(
            doc,
            row.line,
            `"${field.name}" points to the "${ref}" description, which the page does not have`,
          );
        }
        continue;
      }
      if (!isContainer) field.type = 'object';
      if (field.type === 'array' && field.items && field.items !== 'object') continue;
      if (field.type === 'array') field.items = 'object';
      used.add(childIndex);
      expand(childIndex, field.path + (field.type === 'array' ? '[].' : '.'), depth + 1);
    }
  };
  used.add(0);
  expand(0, patch ? '[].' : '', 0);
  // Each further patch form's table is a root of its own, after those the first one reaches.
  if (patch) {
    for (let i = 1; i < tables.length; i++) {
      if (used.has(i)) continue;
      used.add(i);
      expand(i, '[].', 0);
    }
  }
  tables.forEach((t, i) => {
    if (!used.has(i))
      throw new PageError(
        doc,
        t.table.line,
        `${side} table "${t.caption}" is not reached from the ${side} root by any field (no field's name or "see …" reference names it)`,
      );
  });
  return out;
}

/** Whether a table caption names `name`: "Parameters in the X field", "X structure information", "X field description", "Table 1 …" for "Table 1". */
function captionNames(caption: string, name: string): boolean {
  const c = caption.replace(/^Table\s+\d+\s+/i, '').trim();
  if (/^Table\s+\d+$/i.test(name)) return new RegExp(`^${name.replace(/\s+/g, '\\s+')}\\b`, 'i').test(caption.trim());
  const inThe = /^Parameters?\s+(?:in|of)\s+the\s+(\S+)\s+(?:field|object|structure|parameter)\b/i.exec(c);
  if (inThe) return inThe[1] === name;
  const first = c.split(/\s+/)[0];
  return (
    first === name &&
    /\b(field description|structure information|structure|object|parameter description|field)\b/i.test(c)
  );
}

function op0Success(codes: StatusCode[]): number[] {
  return codes.filter((c) => c.kind === 'success').map((c) => c.code);
}

/**
 * The response tables describe the error answer only: the page writes "None" as its response example,
 * shows no success body, and every top-level field the tables list is the key of one of its error
 * examples (`error`, of `{"error": {"message", "code"}}`).
 */
function describesErrorsOnly(fields: Field[], examples: Example[], none: Source | undefined): boolean {
  if (!none || fields.length === 0) return false;
  const responses = examples.filter((e) => e.kind === 'response');
  if (responses.some((e) => e.body !== undefined && !e.error)) return false;
  const errorKeys = new Set(
    responses
      .filter((e) => e.error && e.body !== null && typeof e.body === 'object' && !Array.isArray(e.body))
      .flatMap((e) => Object.keys(e.body as object)),
  );
  const tops = fields.filter((f) => !f.path.includes('.') && !f.path.includes('['));
  return tops.length > 0 && tops.every((f) => errorKeys.has(f.name));
}

/** A success answered without a body: only 202/204 codes, no response table and no JSON response example. */
function noBody(success: number[], responseTables: CaptionedTable[], examples: Example[]): boolean {
  if (responseTables.length > 0) return false;
  if (examples.some((e) => e.kind === 'response' && e.body !== undefined && !e.error)) return false;
  return success.length > 0 && success.every((c) => c === 204 || c === 202 || c === 201 || c === 200);
}
