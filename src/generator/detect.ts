// Detectors: each finds one kind of contradiction or ambiguity in the pages. The generator refuses
// to finish while a detection has no decision in specs/decisions.yaml (see decisions.ts).
import type { Field, Operation } from '../catalog/model.ts';
import { instancesAt, jsonTypeOf, subjectOf, undocumentedKeys } from './example-values.ts';
import { classifyTimestamp } from '../catalog/timestamp.ts';

export interface Detection {
  kind: string;
  operation: string;
  subject: string;
  doc: string;
  line: number;
  message: string;
}

function responseBody(op: Operation): { body: unknown; line: number } | undefined {
  const ex = op.examples.find((e) => e.kind === 'response' && e.body !== undefined && !e.error);
  return ex ? { body: ex.body, line: ex.source.line } : undefined;
}

function isContainer(f: Field): boolean {
  return f.type === 'object' || f.type === 'array';
}

/** Structural conflicts, read from the literal pages before any decision reshapes a response. */
export function detectStructure(ops: Operation[]): Detection[] {
  const out: Detection[] = [];
  for (const op of ops) {
    const ex = responseBody(op);
    if (!ex) continue;
    const rootNames = op.response.filter((f) => !f.path.includes('.')).map((f) => f.name);
    const exampleRoot = Object.keys(ex.body as object);
    if (rootNames.length > 0 && exampleRoot.every((k) => !rootNames.includes(k))) {
      for (const key of exampleRoot) {
        out.push({
          kind: 'response-envelope-undocumented',
          operation: op.id,
          subject: key,
          doc: op.doc,
          line: ex.line,
          message: `the response example's top-level key "${key}" is in no response table (tables start with ${rootNames.join(', ')})`,
        });
      }
      continue;
    }
    for (const f of op.response.filter(isContainer)) {
      for (const inst of instancesAt(ex.body, f.path)) {
        if (!inst.present || inst.value === null) continue;
        const actual = jsonTypeOf(inst.value);
        if (actual !== f.type) {
          out.push({
            kind: 'container-type-conflict',
            operation: op.id,
            subject: subjectOf(f.path),
            doc: op.doc,
            line: f.source.line,
            message: `"${f.path}" is typed "${f.docType}" (${f.type}) but the response example (line ${ex.line}) holds ${actual === 'object' ? 'an' : 'a'} ${actual}`,
          });
          break;
        }
      }
    }
    for (const key of undocumentedKeys(
      ex.body,
      op.response.map((f) => f.path),
    )) {
      const name = key.split('.').pop()!.replace('[]', '');
      // A key under a container of the wrong kind is that container's conflict, not a misplacement.
      const elsewhere = op.response.find(
        (f) => f.name === name && f.path !== key && subjectOf(f.path) !== subjectOf(key),
      );
      if (elsewhere) {
        out.push({
          kind: 'field-misplaced',
          operation: op.id,
          subject: subjectOf(elsewhere.path),
          doc: op.doc,
          line: elsewhere.source.line,
          message: `the table places "${name}" at "${elsewhere.path}", the response example (line ${ex.line}) at "${key}"`,
        });
      }
    }
  }
  // One field, one JSON type across the operations of a service.
  const byPath = new Map<string, { op: Operation; field: Field }[]>();
  for (const op of ops) {
    for (const f of op.response.filter((x) => !x.path.includes('.'))) {
      const k = `${op.service} ${f.name}`;
      byPath.set(k, [...(byPath.get(k) ?? []), { op, field: f }]);
    }
  }
  for (const group of byPath.values()) {
    const types = new Set(group.map((g) => g.field.type));
    if (types.size < 2) continue;
    for (const { op, field } of group) {
      const others = group
        .filter((g) => g.op !== op)
        .map((g) => `"${g.field.docType}" in ${g.op.doc}:${g.field.source.line}`);
      out.push({
        kind: 'cross-operation-type',
        operation: op.id,
        subject: field.name,
        doc: op.doc,
        line: field.source.line,
        message: `"${field.name}" is typed "${field.docType}" here and ${others.join(', ')}`,
      });
    }
  }
  return out;
}

/** Value-level conflicts between tables and examples, read after structural decisions apply. */
export function detectValues(ops: Operation[]): Detection[] {
  const out: Detection[] = [];
  for (const op of ops) {
    const ex = responseBody(op);
    if (ex) {
      for (const f of op.response) {
        const insts = instancesAt(ex.body, f.path);
        const missing = insts.some((i) => !i.present);
        if (missing && f.required) {
          out.push({
            kind: 'example-missing-field',
            operation: op.id,
            subject: subjectOf(f.path),
            doc: op.doc,
            line: f.source.line,
            message: `"${f.path}" is in the response table but missing from the response example (line ${ex.line})`,
          });
        }
        if (insts.some((i) => i.present && i.value === null) && !f.nullable) {
          out.push({
            kind: 'example-null',
            operation: op.id,
            subject: subjectOf(f.path),
            doc: op.doc,
            line: ex.line,
            message: `the response example has "${f.path}": null, the table types it "${f.docType}" (line ${f.source.line})`,
          });
        }
        const wrong = insts.find((i) => i.present && i.value !== null && !isContainer(f) && !typeFits(f.type, i.value));
        if (wrong) {
          out.push({
            kind: 'example-type-conflict',
            operation: op.id,
            subject: subjectOf(f.path),
            doc: op.doc,
            line: ex.line,
            message: `the response example has "${f.path}": ${JSON.stringify(wrong.value)}, the table types it "${f.docType}" (line ${f.source.line})`,
          });
        }
        if (f.enum) {
          const outside = insts.find((i) => typeof i.value === 'string' && !f.enum!.includes(i.value));
          if (outside) {
            out.push({
              kind: 'example-enum-value',
              operation: op.id,
              subject: subjectOf(f.path),
              doc: op.doc,
              line: ex.line,
              message: `the response example has "${f.path}": ${JSON.stringify(outside.value)}, outside the values the table lists (${f.enum.join(', ')}; line ${f.source.line})`,
            });
          }
        }
        if (f.timestamp && f.timestamp.documentedForm.includes('±hh:mm')) {
          for (const i of insts) {
            if (typeof i.value !== 'string') continue;
            const form = classifyTimestamp(i.value);
            if (form === 'offset') continue;
            out.push({
              kind: 'example-timestamp-form',
              operation: op.id,
              subject: subjectOf(f.path),
              doc: op.doc,
              line: ex.line,
              message: `the response example has "${f.path}": "${i.value}" (${form}), the table (line ${f.source.line}) documents ${f.timestamp.documentedForm}`,
            });
            break;
          }
        }
        if (/href$/.test(f.name)) {
          const version = /^\/(v\d+(?:\.\d+)?)\//.exec(op.path)?.[1];
          for (const i of insts) {
            if (typeof i.value !== 'string') continue;
            const linkVersion = /^[a-z]+:\/\/[^/]+\/(v\d+(?:\.\d+)?)\//i.exec(i.value)?.[1];
            if (version && linkVersion && linkVersion !== version) {
              out.push({
                kind: 'example-link-version',
                operation: op.id,
                subject: subjectOf(f.path),
                doc: op.doc,
                line: ex.line,
                message: `the response example links to "/${linkVersion}/…" while the URI is "${op.path}"`,
              });
              break;
            }
          }
        }
      }
      for (const key of undocumentedKeys(
        ex.body,
        op.response.map((f) => f.path),
      )) {
        out.push({
          kind: 'example-extra-field',
          operation: op.id,
          subject: subjectOf(key),
          doc: op.doc,
          line: ex.line,
          message: `the response example has "${key}", which no response table documents`,
        });
      }
    }
    const req = op.examples.find((e) => e.kind === 'request' && e.body !== undefined);
    if (req) {
      for (const key of undocumentedKeys(
        req.body,
        op.requestBody.map((f) => f.path),
      )) {
        out.push({
          kind: 'example-extra-field',
          operation: op.id,
          subject: subjectOf(key),
          doc: op.doc,
          line: req.source.line,
          message: `the request example sends "${key}", which the request table does not document`,
        });
      }
    }
  }
  return out;
}

function typeFits(type: Field['type'], v: unknown): boolean {
  const t = jsonTypeOf(v);
  return t === type || (type === 'number' && t === 'integer');
}

/** Ambiguities in wording, paths, versions and levels. */
export function detectWording(ops: Operation[]): Detection[] {
  const out: Detection[] = [];
  const spellings = new Map<string, Map<string, { op: Operation; line: number }>>();
  for (const op of ops) {
    const all = [...op.pathParams, ...op.queryParams, ...op.requestBody, ...op.response];
    for (const f of all) {
      if (f.docType === '') continue;
      const key = f.items ? `${f.type}<${f.items}>` : f.type;
      const m = spellings.get(key) ?? new Map();
      if (!m.has(f.docType)) m.set(f.docType, { op, line: f.source.line });
      spellings.set(key, m);
    }
    const pathUntyped = op.pathParams.filter((f) => f.docType === '');
    for (const f of pathUntyped) {
      out.push({
        kind: 'path-param-untyped',
        operation: op.id,
        subject: f.name,
        doc: op.doc,
        line: f.source.line,
        message: `path parameter "${f.name}" has no Type column`,
      });
    }
    if (op.examplePath !== undefined && !matchesTemplate(op.path, op.examplePath)) {
      const ex = op.examples.find((e) => e.kind === 'request' && e.requestLine)!;
      out.push({
        kind: 'uri-example-path',
        operation: op.id,
        subject: 'path',
        doc: op.doc,
        line: ex.source.line,
        message: `the URI is "${op.path}" (line ${op.source.line}) but the page's own request example uses "${op.examplePath}"`,
      });
    }
    if (/abandoned|discarded|deprecated|not recommended/i.test(op.title)) {
      out.push({
        kind: 'deprecated-operation',
        operation: op.id,
        subject: 'path',
        doc: op.doc,
        line: 1,
        message: `the page calls the API "${op.title}"`,
      });
    }
    if (/one or more/i.test(op.title)) {
      const root = op.response.find((f) => !f.path.includes('.'));
      if (root && root.type === 'object') {
        out.push({
          kind: 'title-plural',
          operation: op.id,
          subject: root.name,
          doc: op.doc,
          line: 1,
          message: `the title says "${op.title}" but the response holds one "${root.name}" object (line ${root.source.line})`,
        });
      }
    }
    for (const f of [...op.queryParams, ...op.response]) {
      if (f.name === 'status' && !f.enum) {
        out.push({
          kind: 'enum-undocumented',
          operation: op.id,
          subject: `${f.in === 'query' ? 'query.' : ''}${subjectOf(f.path)}`,
          doc: op.doc,
          line: f.source.line,
          message: `"${f.name}" (${f.in}) lists no valid values`,
        });
      }
      if (f.timestamp?.documentedForm === 'not stated') {
        out.push({
          kind: 'timestamp-form-unstated',
          operation: op.id,
          subject: `${f.in === 'query' ? 'query.' : ''}${subjectOf(f.path)}`,
          doc: op.doc,
          line: f.source.line,
          message: `"${f.name}" is a time ("${f.description}") typed "${f.docType}" with no stated form`,
        });
      }
    }
    for (const f of op.requestBody.filter((x) => x.enum)) {
      out.push({
        kind: 'request-enum',
        operation: op.id,
        subject: f.name,
        doc: op.doc,
        line: f.source.line,
        message: `request field "${f.name}" lists valid values (${f.enum!.join(', ')}) without saying how other values are treated`,
      });
    }
    for (const f of op.queryParams) {
      if (f.type === 'string' && (/(^|_)(min|max)(_|$)/.test(f.name) || /^(minimum|maximum)\b/i.test(f.description))) {
        out.push({
          kind: 'numeric-typed-string',
          operation: op.id,
          subject: f.name,
          doc: op.doc,
          line: f.source.line,
          message: `"${f.name}" is typed "${f.docType}" but describes a quantity ("${f.description}")`,
        });
      }
      const mentions = /contains the (\w+) field/.exec(f.description)?.[1];
      // Fields a decision added (empty docType) do not count: the question is what the tables document.
      if (mentions && !op.response.some((r) => r.name === mentions && r.docType !== '')) {
        out.push({
          kind: 'undocumented-response-field',
          operation: op.id,
          subject: mentions,
          doc: op.doc,
          line: f.source.line,
          message: `"${f.name}" says the result contains a "${mentions}" field that no response table documents`,
        });
      }
    }
    for (const note of op.microversions) {
      for (const name of note.appliesTo) {
        const f = op.queryParams.find((q) => q.name === name);
        if (f && f.sinceMicroversion && f.sinceMicroversion !== note.version) {
          out.push({
            kind: 'microversion-note-conflict',
            operation: op.id,
            subject: name,
            doc: op.doc,
            line: note.source.line,
            message: `the note asks for "${note.serviceName} ${note.version}" for "${name}", whose row (line ${f.source.line}) says ${f.sinceMicroversion}`,
          });
        }
      }
    }
    for (const f of op.response) {
      if (/available after|only when|only if|is returned when/i.test(f.description)) {
        out.push({
          kind: 'conditional-presence',
          operation: op.id,
          subject: subjectOf(f.path),
          doc: op.doc,
          line: f.source.line,
          message: `"${f.path}" is present only conditionally ("${f.description}")`,
        });
      }
    }
    const success = op.statusCodes.filter((s) => s.kind === 'success');
    if (op.method === 'POST' && !success.some((s) => s.code === 201)) {
      out.push({
        kind: 'create-success-code',
        operation: op.id,
        subject: String(success[0]!.code),
        doc: op.doc,
        line: success[0]!.source.line,
        message: `POST documents ${success.map((s) => s.code).join(', ')} as success, not 201 Created`,
      });
    }
    const ex = op.examples.find((e) => e.kind === 'response' && e.body !== undefined && !e.error);
    if (ex) {
      const documented = new Set(op.queryParams.map((q) => q.name));
      const seen = new Set<string>();
      for (const f of op.response.filter((x) => x.name === 'href')) {
        for (const i of instancesAt(ex.body, f.path)) {
          if (typeof i.value !== 'string') continue;
          const q = i.value.indexOf('?');
          if (q < 0) continue;
          for (const [k] of new URLSearchParams(i.value.slice(q + 1))) {
            if (!documented.has(k) && !seen.has(k)) {
              seen.add(k);
              out.push({
                kind: 'undocumented-paging-param',
                operation: op.id,
                subject: k,
                doc: op.doc,
                line: ex.source.line,
                message: `the example's link "${i.value}" carries "${k}", which the query parameter table does not document`,
              });
            }
          }
        }
      }
    }
  }
  for (const [jsonType, m] of [...spellings.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (m.size < 2) continue;
    const [first] = [...m.values()];
    const list = [...m.entries()].map(([w, at]) => `"${w}" (${at.op.doc}:${at.line})`).join(', ');
    out.push({
      kind: 'type-spelling',
      operation: '*',
      subject: jsonType,
      doc: first!.op.doc,
      line: first!.line,
      message: `one JSON type (${jsonType}) is spelled ${m.size} ways: ${list}`,
    });
  }
  return out;
}

export function matchesTemplate(template: string, path: string): boolean {
  const t = template.split('/');
  const p = path.split('/');
  if (t.length !== p.length) return false;
  return t.every((seg, i) => (/^\{[^}]+\}$/.test(seg) ? p[i] !== '' : seg === p[i]));
}
