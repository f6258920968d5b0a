// One Ajv2020 instance for the whole worker: every generated schema compiled once and looked up by
// `$id`. Strict, so a misspelled keyword in a generated schema is an error rather than a silent pass;
// the generator's `x-…` annotations are registered as keywords instead of turning strictness off.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { isParseError, parseTimestamp } from './timestamp.ts';

// ajv-formats is CommonJS; under ESM its function is the default export or its `.default`.
const applyFormats: typeof addFormats.default =
  (addFormats as unknown as { default?: typeof addFormats.default }).default ?? (addFormats as unknown as typeof addFormats.default);

/** Formats the generator may write that ajv-formats does not define. Timestamps use the strict reader. */
const CUSTOM_FORMATS: Record<string, (value: string) => boolean> = {
  'iso8601-timestamp': (v) => !isParseError(parseTimestamp(v)),
  'iso8601-date-time': (v) => !isParseError(parseTimestamp(v)),
  'openstack-date-time': (v) => !isParseError(parseTimestamp(v)),
  timestamp: (v) => !isParseError(parseTimestamp(v)),
};

function collectAnnotations(node: unknown, keywords: Set<string>, formats: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectAnnotations(item, keywords, formats);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-')) keywords.add(key);
    if (key === 'format' && typeof value === 'string') formats.add(value);
    collectAnnotations(value, keywords, formats);
  }
}

export class SchemaRegistry {
  readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  /**
   * `metaValidated`: these schemas are known to pass meta-schema validation (src/checks/schema-memo.ts),
   * so adding them skips it; strict mode still applies when each is compiled.
   */
  constructor(schemas: object[], opts: { metaValidated?: boolean } = {}) {
    this.ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true, ...(opts.metaValidated ? { validateSchema: false } : {}) });
    applyFormats(this.ajv, { mode: 'full' });
    const keywords = new Set<string>();
    const formats = new Set<string>();
    collectAnnotations(schemas, keywords, formats);
    for (const keyword of keywords) this.ajv.addKeyword({ keyword, schemaType: ['string', 'number', 'boolean', 'object', 'array', 'null'] });
    for (const format of formats) {
      if (this.ajv.formats[format] !== undefined) continue;
      const custom = CUSTOM_FORMATS[format];
      if (!custom) {
        throw new Error(
          `schema format "${format}" is neither an ajv-formats format nor one the checks define (src/checks/ajv.ts)`,
        );
      }
      this.ajv.addFormat(format, { type: 'string', validate: custom });
    }
    for (const schema of schemas) this.ajv.addSchema(schema);
  }

  has(id: string): boolean {
    return this.ajv.getSchema(id) !== undefined;
  }

  /** Errors of `value` against the schema `$id`; an unknown id is a clear error, not a pass. */
  validate(id: string, value: unknown): ErrorObject[] {
    let fn = this.compiled.get(id);
    if (!fn) {
      fn = this.ajv.getSchema(id);
      if (!fn) throw new Error(`no schema with $id ${id}`);
      this.compiled.set(id, fn);
    }
    return fn(value) ? [] : [...(fn.errors ?? [])];
  }
}
