// One Ajv2020 instance for the whole worker: every generated schema compiled once and looked up by
// `$id`. Strict, so a misspelled keyword in a generated schema is an error rather than a silent pass;
// the generator's `x-…` annotations and its timestamp format, as src/catalog/vocabulary.ts declares
// them, are registered instead of turning strictness off.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { registerSchemaVocabulary } from '../catalog/vocabulary.ts';

// ajv-formats is CommonJS; under ESM its function is the default export or its `.default`.
const applyFormats: typeof addFormats.default =
  (addFormats as unknown as { default?: typeof addFormats.default }).default ??
  (addFormats as unknown as typeof addFormats.default);

export class SchemaRegistry {
  readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  /**
   * `metaValidated`: these schemas are known to pass meta-schema validation (src/checks/schema-memo.ts),
   * so adding them skips it; strict mode still applies when each is compiled.
   */
  constructor(schemas: object[], opts: { metaValidated?: boolean } = {}) {
    this.ajv = new Ajv2020({
      strict: true,
      allErrors: true,
      allowUnionTypes: true,
      ...(opts.metaValidated ? { validateSchema: false } : {}),
    });
    applyFormats(this.ajv, { mode: 'full' });
    // Exactly the declared vocabulary: a schema with another `x-` keyword or format does not compile.
    registerSchemaVocabulary(this.ajv);
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
