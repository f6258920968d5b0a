// Block YAML of plain data (objects, arrays, strings, numbers, booleans, null), byte for byte what
// `stringify(value, { lineWidth: 0, aliasDuplicateObjects: false })` of the yaml package writes, for
// the generator's large outputs (catalog/catalog.yaml, catalog/openapi/*.yaml). The package builds a
// node for every value and tests every string against its schema before writing it; on a catalog of
// a thousand pages that was a sixth of the generator's time. Here the common shapes are written
// directly: collections in block style (two-space indent, sequences indented under their key) and
// strings that the package writes plain. Anything else (a string that needs quotes or a block
// scalar, a key that is not plain, a number that is not a safe integer, a value that is not plain
// data) is handed to the package itself, at the same indentation, so its rules decide the text.
import { Document, stringify } from 'yaml';

const OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false } as const;

// The tests of the package's plain-string writer (stringifyString.js, plainString), yaml 2.x.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
/** A plain string that would read back as another type (null, true, 42, 0x1f, .inf, 1e3) is quoted. */
const OTHER_TYPES: RegExp[] = (() => {
  const schema = new Document(null, OPTIONS).schema;
  const tags = [...schema.tags, ...((schema as { compat?: typeof schema.tags | null }).compat ?? [])];
  const out: RegExp[] = [];
  for (const t of tags) {
    const { default: isDefault, tag, test } = t as { default?: boolean; tag: string; test?: RegExp };
    if (isDefault && tag !== 'tag:yaml.org,2002:str' && test) out.push(test);
  }
  return out;
})();

function isPlain(s: string): boolean {
  return (
    s !== '' &&
    !s.includes('\n') &&
    !CONTROL.test(s) &&
    !NOT_PLAIN.test(s) &&
    !DOCUMENT_MARKER.test(s) &&
    !OTHER_TYPES.some((re) => re.test(s))
  );
}

/** Values written here: plain data. Anything else (a function, a Map, a Date, a class instance) goes to the package with its container. */
function isOwnKind(v: unknown): boolean {
  if (v === null || Array.isArray(v)) return true;
  if (typeof v === 'object') return isPlainObject(v);
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The text the package writes for `value` where its writer's indentation is `indent` (nested sequences reproduce it). */
function byPackage(value: unknown, indent: string): string {
  const depth = indent.length / 2;
  let wrapped = value;
  for (let i = 0; i < depth; i++) wrapped = [wrapped];
  const text = stringify(wrapped, OPTIONS) as string;
  const prefix = '- '.repeat(depth);
  if (!text.startsWith(prefix) || !text.endsWith('\n'))
    throw new Error(`yaml-text: unexpected package output ${JSON.stringify(text.slice(0, 80))}`);
  return text.slice(prefix.length, -1);
}

export class YamlWriter {
  /** Strings the package wrote, by indentation and value (descriptions recur on every page of a service). */
  private readonly scalars = new Map<string, string>();
  /** Keys the package quoted (status codes such as "200"), or undefined where the map must go to the package whole. */
  private readonly keys = new Map<string, string | undefined>();

  /** The whole document: the package's `stringify(value, { lineWidth: 0, aliasDuplicateObjects: false })`. */
  document(value: unknown): string {
    return `${this.node(value, '')}\n`;
  }

  private node(v: unknown, indent: string): string {
    if (Array.isArray(v)) return v.length === 0 ? '[]' : this.seq(v, indent);
    if (isPlainObject(v)) {
      for (const k in v) if (v[k] !== undefined) return this.map(v, indent);
      return '{}';
    }
    return this.scalar(v, indent);
  }

  private seq(items: unknown[], indent: string): string {
    const inner = `${indent}  `;
    const lines: string[] = [];
    for (const item of items) {
      if (!isOwnKind(item)) return byPackage(items, indent);
      lines.push(`- ${this.node(item, inner)}`);
    }
    return lines.join(`\n${indent}`);
  }

  private map(obj: Record<string, unknown>, indent: string): string {
    const inner = `${indent}  `;
    const lines: string[] = [];
    for (const k of Object.keys(obj)) {
      const v = obj[k];
      if (v === undefined) continue;
      if (!isOwnKind(v)) return byPackage(obj, indent);
      const key = isPlain(k) && k.length <= 1024 ? k : this.quotedKey(k);
      if (key === undefined) return byPackage(obj, indent);
      if (Array.isArray(v)) lines.push(v.length === 0 ? `${key}: []` : `${key}:\n${inner}${this.seq(v, inner)}`);
      else if (isPlainObject(v)) {
        const text = this.node(v, inner);
        lines.push(text === '{}' ? `${key}: {}` : `${key}:\n${inner}${text}`);
      } else {
        const text = this.scalar(v, inner);
        lines.push(text === '' || text[0] === '\n' ? `${key}:${text}` : `${key}: ${text}`);
      }
    }
    return lines.join(`\n${indent}`);
  }

  /** A key the package writes quoted on one line, as it writes it; undefined for any other form. */
  private quotedKey(k: string): string | undefined {
    if (this.keys.has(k)) return this.keys.get(k);
    let key: string | undefined;
    if (!k.includes('\n') && !DOCUMENT_MARKER.test(k)) {
      const text = stringify({ [k]: 0 }, OPTIONS) as string;
      const m = /^([^\n]*): 0\n$/.exec(text);
      if (m && m[1]!.length <= 1024 && !m[1]!.startsWith('? ')) key = m[1];
    }
    this.keys.set(k, key);
    return key;
  }

  private scalar(v: unknown, indent: string): string {
    switch (typeof v) {
      case 'string': {
        if (isPlain(v)) return v;
        const memo = `${indent.length}\u0000${v}`;
        let text = this.scalars.get(memo);
        if (text === undefined) this.scalars.set(memo, (text = byPackage(v, indent)));
        return text;
      }
      case 'number':
        return Number.isSafeInteger(v) && !Object.is(v, -0) ? String(v) : byPackage(v, indent);
      case 'boolean':
        return v ? 'true' : 'false';
      default:
        return v === null ? 'null' : byPackage(v, indent);
    }
  }
}

/** Drop-in for the package's `stringify(value, { lineWidth: 0, aliasDuplicateObjects: false })`. */
export function yamlText(value: unknown): string {
  return new YamlWriter().document(value);
}
