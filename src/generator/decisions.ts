// specs/decisions.yaml: the hand-written, reviewed record of every contradiction and ambiguity in the
// pages. The generator reads it, checks each decision's evidence against the pages, refuses to finish
// while a detection has no decision, and applies the reshaping a decision prescribes (`apply`).
import { LineCounter, isMap, isSeq, parseDocument } from 'yaml';
import type {
  Decision,
  Evidence,
  Field,
  JsonType,
  Operation,
  Provision,
  Service,
  Treatment,
} from '../catalog/model.ts';
import type { Detection } from './detect.ts';
import { instancesAt, subjectOf } from './example-values.ts';
import { PageError } from './page-error.ts';

export const DECISIONS_FILE = 'specs/decisions.yaml';
/** Proposed decisions `npm run generate -- --draft` writes for undecided contradictions: unreviewed, treatment warn. */
export const DRAFT_FILE = 'specs/decisions-draft.yaml';

/**
 * An appliesTo entry of decisions.yaml. `operation` and `subject` may be patterns (`*` matches any
 * run of characters: `volume-*`, `*.error`, `*`); `service` narrows a pattern to one service type.
 * One entry may thus cover every page where the same contradiction recurs; the catalog lists the
 * concrete (operation, subject) pairs it covered.
 */
export interface AppliesTo {
  operation: string;
  subject: string;
  service?: string;
}

export function isPattern(s: string): boolean {
  return s.includes('*');
}

const globCache = new Map<string, RegExp>();
export function globMatch(pattern: string, value: string): boolean {
  if (!isPattern(pattern)) return pattern === value;
  let re = globCache.get(pattern);
  if (!re) {
    re = new RegExp(
      `^${pattern
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    globCache.set(pattern, re);
  }
  return re.test(value);
}

/** Whether an appliesTo entry covers (operation, subject) of an operation of `service`. */
export function entryCovers(a: AppliesTo, operation: string, service: string | undefined, subject: string): boolean {
  if (a.service !== undefined && a.service !== service) return false;
  return globMatch(a.operation, operation) && globMatch(a.subject, subject);
}

export type ApplyAction =
  | { action: 'set-type'; operation: string; subject: string; type: JsonType; items?: JsonType }
  | { action: 'envelope'; operation: string; key: string; type: 'array' | 'object'; description: string }
  | { action: 'move'; operation: string; from: string; to: string }
  | { action: 'copy-children'; operation: string; from: string; to: string }
  | {
      action: 'add-field';
      operation: string;
      name: string;
      type: JsonType;
      description: string;
      sinceMicroversion?: string;
      table: string;
      row: string;
      line: number;
    }
  | { action: 'nullable'; operation: string; subjects?: string[]; detected?: boolean }
  | { action: 'optional'; operation: string; subjects?: string[]; detected?: boolean }
  /** Adds to a field's documented values those the page's own response example shows (`detected: true`). */
  | { action: 'enum-from-examples'; operation: string; detected: true }
  | { action: 'alternate-paths'; operation: string; paths: string[] }
  /** The value the suite's own requests send in a request body field (Field.requestValue). */
  | { action: 'request-value'; operation: string; subject: string; value: unknown };

export interface DecisionEntry extends Omit<Decision, 'appliesTo'> {
  /** As written: exact pairs or patterns (see AppliesTo). */
  appliesTo: AppliesTo[];
  /** Detector kinds this decision answers. */
  kinds: string[];
  /** The (operation, subject) pairs of the detections this decision answered in this run. */
  covered?: { operation: string; subject: string }[];
  apply: ApplyAction[];
  /** Line of the entry in decisions.yaml, for error messages. */
  line: number;
}

const TREATMENTS: Treatment[] = ['fail', 'warn', 'accept-either'];
const STRUCTURAL = new Set(['set-type', 'envelope', 'move', 'copy-children', 'add-field']);
// enum-from-examples, nullable, optional and alternate-paths apply after the coverage check.

const SERVICES = ['orchestration', 'image', 'block-storage'];

/** `provide:` entries: a resource, its service, and a create request or `anyValue: true`. */
function provisions(raw: unknown, fail: (problem: string) => never): Provision[] {
  if (!Array.isArray(raw)) fail('has "provide" that is not a list');
  return (raw as Record<string, unknown>[]).map((p) => {
    if (typeof p?.resource !== 'string' || !SERVICES.includes(p.service as string))
      fail('has a "provide" entry without resource and service');
    const create = p.create as Provision['create'] | undefined;
    if (create !== undefined && (typeof create.path !== 'string' || typeof create.method !== 'string'))
      fail(`provides ${String(p.resource)} with a create that has no method and path`);
    if (create === undefined && p.anyValue !== true)
      fail(`provides ${String(p.resource)} with neither a create request nor anyValue: true`);
    return {
      resource: p.resource as string,
      service: p.service as Service,
      ...(create ? { create } : {}),
      ...(p.anyValue === true ? { anyValue: true } : {}),
    };
  });
}

export function parseDecisions(text: string, file = DECISIONS_FILE, defaultReviewed = true): DecisionEntry[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new PageError(file, lineCounter.linePos(e.pos[0]).line, e.message.split('\n')[0]!);
  }
  const seq = doc.get('decisions');
  if (!isSeq(seq)) throw new PageError(file, 1, 'expected a top-level "decisions:" list');
  const out: DecisionEntry[] = [];
  const ids = new Map<string, number>();
  for (const item of seq.items) {
    const line = isMap(item) && item.range ? lineCounter.linePos(item.range[0]).line : 1;
    const raw = (item as { toJSON(): unknown }).toJSON() as Record<string, unknown>;
    const fail = (problem: string): never => {
      throw new PageError(file, line, `decision ${typeof raw.id === 'string' ? `"${raw.id}" ` : ''}${problem}`);
    };
    if (typeof raw.id !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(raw.id)) fail('needs a kebab-case "id"');
    const id = raw.id as string;
    if (ids.has(id)) fail(`duplicates the id first used at line ${ids.get(id)}`);
    ids.set(id, line);
    if (typeof raw.title !== 'string' || raw.title === '') fail('needs a "title"');
    if (typeof raw.decision !== 'string' || raw.decision === '') fail('needs a "decision" text');
    if (!TREATMENTS.includes(raw.treatment as Treatment))
      fail(`has treatment "${String(raw.treatment)}"; expected ${TREATMENTS.join(', ')}`);
    const evidence = raw.evidence;
    if (!Array.isArray(evidence) || evidence.length < 2) fail('needs at least two "evidence" entries (both sides)');
    for (const e of evidence as Evidence[]) {
      if (typeof e?.doc !== 'string' || typeof e.line !== 'number' || typeof e.quote !== 'string' || e.quote === '') {
        fail('has an evidence entry without doc, line and quote');
      }
    }
    const appliesTo = raw.appliesTo;
    if (!Array.isArray(appliesTo) || appliesTo.length === 0) fail('needs "appliesTo" (operation and subject pairs)');
    for (const a of appliesTo as { operation: unknown; subject: unknown; service?: unknown }[]) {
      if (typeof a?.operation !== 'string' || typeof a.subject !== 'string')
        fail('has an appliesTo entry without operation and subject');
      if (a.service !== undefined && typeof a.service !== 'string')
        fail('has an appliesTo entry whose service is not a service type');
    }
    if (raw.reviewed !== undefined && typeof raw.reviewed !== 'boolean')
      fail('has "reviewed" that is not true or false');
    const kinds = raw.kinds ?? [];
    if (!Array.isArray(kinds) || kinds.some((k) => typeof k !== 'string'))
      fail('has "kinds" that is not a list of detector kinds');
    const apply = raw.apply ?? [];
    if (!Array.isArray(apply)) fail('has "apply" that is not a list');
    for (const a of apply as { action?: unknown; operation?: unknown }[]) {
      if (typeof a?.action !== 'string' || typeof a.operation !== 'string')
        fail('has an apply entry without action and operation');
    }
    out.push({
      id,
      title: raw.title as string,
      evidence: (evidence as Evidence[]).map((e) => ({ doc: e.doc, line: e.line, quote: e.quote })),
      decision: (raw.decision as string).trim(),
      treatment: raw.treatment as Treatment,
      appliesTo: (appliesTo as AppliesTo[]).map((a) => ({
        operation: a.operation,
        subject: a.subject,
        ...(a.service !== undefined ? { service: a.service } : {}),
      })),
      reviewed: (raw.reviewed as boolean | undefined) ?? defaultReviewed,
      kinds: kinds as string[],
      apply: apply as ApplyAction[],
      ...(raw.provide !== undefined ? { provide: provisions(raw.provide, fail) } : {}),
      ...(raw.accepts !== undefined ? { accepts: statusCodes(raw.accepts, fail) } : {}),
      line,
    });
  }
  return out;
}

/** `accepts:` a list of HTTP status codes. */
function statusCodes(raw: unknown, fail: (m: string) => never): number[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.some((c) => !Number.isInteger(c) || c < 100 || c > 599))
    fail('has "accepts" that is not a list of HTTP status codes');
  return raw as number[];
}

/**
 * Every detection needs a decision; a decision whose detections all vanished is stale. Returns the
 * detections no decision covers (the caller refuses them, or drafts decisions for them), and records
 * on each decision the pairs it covered.
 */
export function checkCoverage(
  detections: Detection[],
  decisions: DecisionEntry[],
  serviceOf: (operation: string) => string | undefined,
  options: { draft?: boolean; subset?: boolean } = {},
): Detection[] {
  const covers = (d: DecisionEntry, det: Detection) =>
    d.kinds.includes(det.kind) &&
    d.appliesTo.some(
      (a) =>
        entryCovers(a, det.operation, serviceOf(det.operation), det.subject) ||
        (a.operation === '*' && !isPattern(a.subject) && a.subject === det.subject && det.operation === '*'),
    );
  // Each detection is compared with the decisions of its kind that name its operation, or name
  // operations by a pattern: comparing every detection with every decision grows with pages × pages.
  const index = new Map<string, { byOperation: Map<string, DecisionEntry[]>; patterned: DecisionEntry[] }>();
  for (const d of decisions) {
    const patterned = d.appliesTo.some((a) => isPattern(a.operation));
    for (const kind of new Set(d.kinds)) {
      let slot = index.get(kind);
      if (!slot) index.set(kind, (slot = { byOperation: new Map(), patterned: [] }));
      if (patterned) slot.patterned.push(d);
      else
        for (const operation of new Set(d.appliesTo.map((a) => a.operation))) {
          const named = slot.byOperation.get(operation);
          if (named) named.push(d);
          else slot.byOperation.set(operation, [d]);
        }
    }
  }
  const candidates = (det: Detection): DecisionEntry[] => {
    const slot = index.get(det.kind);
    if (!slot) return [];
    return [...(slot.byOperation.get(det.operation) ?? []), ...slot.patterned];
  };
  const coveredSome = new Set<DecisionEntry>();
  const uncovered: Detection[] = [];
  for (const det of detections) {
    let any = false;
    for (const d of candidates(det)) {
      if (!covers(d, det)) continue;
      any = true;
      coveredSome.add(d);
      d.covered ??= [];
      d.covered.push({ operation: det.operation, subject: det.subject });
    }
    if (!any) uncovered.push(det);
  }
  if (uncovered.length > 0 && !options.draft) {
    const lines = uncovered.map(
      (u) =>
        `${u.doc}:${u.line}: ${u.kind}: ${u.message}; no decision in ${DECISIONS_FILE} covers it (kinds: [${u.kind}], appliesTo: {operation: ${u.operation}, subject: "${u.subject}"})`,
    );
    throw new UndecidedError(lines);
  }
  // A subset of the pages (one page beside the seeds) leaves decisions about the others idle: not stale.
  for (const d of options.subset ? [] : decisions) {
    if (d.kinds.length > 0 && !coveredSome.has(d)) {
      throw new PageError(
        d.reviewed === false ? DRAFT_FILE : DECISIONS_FILE,
        d.line,
        `decision "${d.id}" answers kinds [${d.kinds.join(', ')}] but the generator no longer detects any of them for its appliesTo; update or remove it`,
      );
    }
  }
  return uncovered;
}

export class UndecidedError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
    this.name = 'UndecidedError';
  }
}

export function structuralActions(decisions: DecisionEntry[]): { decision: DecisionEntry; action: ApplyAction }[] {
  return decisions.flatMap((d) =>
    d.apply.filter((a) => STRUCTURAL.has(a.action)).map((action) => ({ decision: d, action })),
  );
}

export function valueActions(decisions: DecisionEntry[]): { decision: DecisionEntry; action: ApplyAction }[] {
  return decisions.flatMap((d) =>
    d.apply.filter((a) => !STRUCTURAL.has(a.action)).map((action) => ({ decision: d, action })),
  );
}

function tag(field: Field, id: string): void {
  field.decisions = [...new Set([...(field.decisions ?? []), id])].sort();
}

function childPrefix(f: Pick<Field, 'path' | 'type'>): string {
  return f.path + (f.type === 'array' ? '[].' : '.');
}

/** Applies decisions in file order to copies of the operations; unknown targets are errors in decisions.yaml. */
export function applyDecisions(
  ops: Operation[],
  actions: { decision: DecisionEntry; action: ApplyAction }[],
  options: { subset?: boolean } = {},
): void {
  const byId = new Map(ops.map((o) => [o.id, o]));
  for (const { decision, action } of actions) {
    if (options.subset && !isPattern(action.operation) && !byId.has(action.operation)) continue;
    const fail = (problem: string): never => {
      throw new PageError(DECISIONS_FILE, decision.line, `decision "${decision.id}" ${action.action}: ${problem}`);
    };
    if (isPattern(action.operation) || ('detected' in action && action.detected)) {
      applyToMany(ops, decision, action, fail, options.subset === true);
      continue;
    }
    const op = byId.get(action.operation) ?? fail(`no operation "${action.operation}"`);
    const find = (subject: string): Field =>
      op.response.find((f) => subjectOf(f.path) === subject) ??
      op.requestBody.find((f) => subjectOf(f.path) === subject) ??
      op.queryParams.find((f) => f.name === subject) ??
      fail(`operation ${op.id} has no field "${subject}"`);
    /** Changes `f` (its type or its path) and moves its response children under its new prefix; all are tagged. */
    const moveChildren = (f: Field, change: () => void): void => {
      const before = childPrefix(f);
      change();
      const after = childPrefix(f);
      for (const c of op.response)
        if (c.path.startsWith(before)) {
          c.path = after + c.path.slice(before.length);
          tag(c, decision.id);
        }
      tag(f, decision.id);
    };
    switch (action.action) {
      case 'set-type': {
        const f = find(action.subject);
        moveChildren(f, () => {
          f.type = action.type;
          if (action.items) f.items = action.items;
          else delete f.items;
        });
        break;
      }
      case 'envelope': {
        const ex =
          op.examples.find((e) => e.kind === 'response' && e.body !== undefined && !e.error) ??
          fail('the page has no response example to read the envelope from');
        const offset = ex.text.split('\n').findIndex((l) => l.includes(`"${action.key}"`));
        if (offset < 0) fail(`the response example has no "${action.key}" key`);
        const envelope: Field = {
          name: action.key,
          path: action.key,
          in: 'body',
          docType: '',
          type: action.type,
          ...(action.type === 'array' ? { items: 'object' as const } : {}),
          required: true,
          nullable: false,
          description: action.description,
          source: { doc: op.doc, table: ex.source.table, row: action.key, line: ex.source.line + 1 + offset },
          decisions: [decision.id],
        };
        const prefix = childPrefix(envelope);
        for (const f of op.response) f.path = prefix + f.path;
        op.response.unshift(envelope);
        break;
      }
      case 'move': {
        const f = find(action.from);
        moveChildren(f, () => {
          f.path = action.to + (f.path.endsWith('[]') ? '[]' : '');
        });
        break;
      }
      case 'copy-children': {
        const from = find(action.from);
        const to = find(action.to);
        const prefix = childPrefix(from);
        const children = op.response.filter((c) => c.path.startsWith(prefix));
        if (children.length === 0) fail(`"${action.from}" has no documented children to copy`);
        const at = op.response.indexOf(to) + 1;
        const copies = children.map((c) => {
          const copy: Field = structuredClone(c);
          copy.path = childPrefix(to) + c.path.slice(prefix.length);
          tag(copy, decision.id);
          return copy;
        });
        op.response.splice(at, 0, ...copies);
        tag(to, decision.id);
        break;
      }
      case 'add-field': {
        if (op.response.some((f) => f.path === action.name)) fail(`"${action.name}" already exists`);
        op.response.push({
          name: action.name,
          path: action.name,
          in: 'body',
          docType: '',
          type: action.type,
          required: false,
          nullable: false,
          ...(action.sinceMicroversion ? { sinceMicroversion: action.sinceMicroversion } : {}),
          description: action.description,
          source: { doc: op.doc, table: action.table, row: action.row, line: action.line },
          decisions: [decision.id],
        });
        break;
      }
      case 'nullable':
        for (const s of action.subjects ?? fail('needs "subjects"')) {
          const f = find(s);
          f.nullable = true;
          tag(f, decision.id);
        }
        break;
      case 'optional':
        for (const s of action.subjects ?? fail('needs "subjects"')) {
          const f = find(s);
          f.required = false;
          tag(f, decision.id);
        }
        break;
      case 'alternate-paths':
        op.alternatePaths = [...new Set([...op.alternatePaths, ...action.paths])];
        break;
      case 'request-value': {
        if (action.value === undefined) fail('needs "value"');
        const f =
          op.requestBody.find((x) => x.in === 'body' && (x.path || x.name) === action.subject) ??
          fail(`operation ${op.id} has no request body field "${action.subject}"`);
        f.requestValue = action.value;
        tag(f, decision.id);
        break;
      }
      default:
        fail(
          `unknown action; expected set-type, envelope, move, copy-children, add-field, nullable, optional, alternate-paths or request-value`,
        );
    }
  }
}

/**
 * `nullable` / `optional` over many operations: `operation` a pattern and `subjects` patterns (each
 * matched field of each matched operation), or `detected: true` (the fields whose detections the
 * decision answered in this run). A pattern that matches nothing is an error: the decision is stale.
 */
function applyToMany(
  ops: Operation[],
  decision: DecisionEntry,
  action: ApplyAction,
  fail: (p: string) => never,
  subset: boolean,
): void {
  if (action.action !== 'nullable' && action.action !== 'optional' && action.action !== 'enum-from-examples')
    fail('only nullable, optional and enum-from-examples apply to a pattern of operations or to the detected fields');
  const a = action as {
    action: 'nullable' | 'optional' | 'enum-from-examples';
    operation: string;
    subjects?: string[];
    detected?: boolean;
  };
  let hits = 0;
  let op: Operation | undefined;
  const set = (f: Field) => {
    if (a.action === 'nullable') f.nullable = true;
    else if (a.action === 'optional') f.required = false;
    else if (f.enum) {
      const ex = op!.examples.find((e) => e.kind === 'response' && e.body !== undefined && !e.error);
      const seen = ex
        ? instancesAt(ex.body, f.path)
            .map((i) => i.value)
            .filter((v): v is string => typeof v === 'string')
        : [];
      f.enum = [...new Set([...f.enum, ...seen])];
    }
    tag(f, decision.id);
    hits++;
  };
  for (op of ops) {
    if (!globMatch(a.operation, op.id)) continue;
    const fields = [...op.response, ...op.requestBody];
    if (a.detected) {
      for (const c of decision.covered ?? []) {
        if (c.operation !== op.id) continue;
        for (const f of fields) if (subjectOf(f.path) === c.subject) set(f);
      }
    } else {
      for (const f of fields) if ((a.subjects ?? []).some((s) => globMatch(s, subjectOf(f.path)))) set(f);
    }
  }
  if (hits === 0 && !subset && !a.detected) fail(`matches no field of any operation "${a.operation}"`);
}

/**
 * Catalog form of a decision: the model fields only, in model order. Patterns are listed as the
 * concrete (operation, subject) pairs they covered in this run, so readers look pairs up exactly.
 */
/**
 * Decision id → the (operation, subject) pairs of the fields tagged with it, in the order of the
 * operations and of their fields: one pass over the fields for every decision at once.
 */
export function fieldsByDecision(ops: Operation[]): Map<string, { operation: string; subject: string }[]> {
  const out = new Map<string, { operation: string; subject: string }[]>();
  for (const op of ops) {
    for (const f of [...op.response, ...op.requestBody, ...op.queryParams, ...op.pathParams]) {
      if (!f.decisions) continue;
      for (const id of new Set(f.decisions)) {
        const pair = { operation: op.id, subject: f.in === 'query' ? f.name : subjectOf(f.path) };
        const pairs = out.get(id);
        if (pairs) pairs.push(pair);
        else out.set(id, [pair]);
      }
    }
  }
  return out;
}

export function toCatalogDecision(
  d: DecisionEntry,
  ops: Operation[] = [],
  fields: Map<string, { operation: string; subject: string }[]> = fieldsByDecision(ops),
): Decision {
  const pairs: { operation: string; subject: string }[] = [];
  const seen = new Set<string>();
  const push = (operation: string, subject: string) => {
    const k = `${operation}\u0000${subject}`;
    if (seen.has(k)) return;
    seen.add(k);
    pairs.push({ operation, subject });
  };
  for (const a of d.appliesTo) {
    if (!isPattern(a.operation) && !isPattern(a.subject) && a.service === undefined) push(a.operation, a.subject);
  }
  for (const c of d.covered ?? []) push(c.operation, c.subject);
  for (const p of fields.get(d.id) ?? []) push(p.operation, p.subject);
  return {
    id: d.id,
    title: d.title,
    reviewed: d.reviewed !== false,
    evidence: d.evidence,
    decision: d.decision,
    treatment: d.treatment,
    appliesTo: pairs,
    ...(d.provide ? { provide: d.provide } : {}),
    ...(d.accepts ? { accepts: d.accepts } : {}),
  };
}
