// One Ajv2020 instance for the whole worker: every generated schema compiled once and looked up by
// `$id`. Strict, so a misspelled keyword in a generated schema is an error rather than a silent pass;
// the generator's `x-…` annotations and its timestamp format, as src/catalog/vocabulary.ts declares
// them, are registered instead of turning strictness off. The validators can also come from Ajv's
// standalone code of the same schemas, compiled by an earlier worker (src/checks/schema-memo.ts).
import { createRequire } from 'node:module';
import { Name } from 'ajv';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import standalone from 'ajv/dist/standalone/index.js';
import addFormats from 'ajv-formats';
import { registerSchemaVocabulary } from '../catalog/vocabulary.ts';

// ajv-formats and Ajv's standalone module are CommonJS; under ESM each function is the default export or its `.default`.
const applyFormats: typeof addFormats.default =
  (addFormats as unknown as { default?: typeof addFormats.default }).default ??
  (addFormats as unknown as typeof addFormats.default);
const standaloneCode: typeof standalone =
  (standalone as unknown as { default?: typeof standalone }).default ?? standalone;

/** The Ajv options of every registry: part of what a standalone module was compiled under. */
export const AJV_OPTIONS = { strict: true, allErrors: true, allowUnionTypes: true } as const;

/**
 * The name a standalone module calls the formats by: the module is evaluated as a function of it, and
 * given this registry's own formats (ajv-formats' and the vocabulary's), which hold no code of their own.
 */
const FORMATS_PARAMETER = 'formats';

export class SchemaRegistry {
  readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly ids: Set<unknown>;

  /**
   * `metaValidated`: these schemas are known to pass meta-schema validation (src/checks/schema-memo.ts),
   * so adding them skips it; strict mode still applies when each is compiled.
   */
  constructor(schemas: object[], opts: { metaValidated?: boolean } = {}) {
    this.ajv = new Ajv2020({
      ...AJV_OPTIONS,
      // Kept so that standaloneSource can write the compiled validators out; formats are referenced by name.
      code: { source: true, formats: new Name(FORMATS_PARAMETER) },
      ...(opts.metaValidated ? { validateSchema: false } : {}),
    });
    applyFormats(this.ajv, { mode: 'full' });
    // Exactly the declared vocabulary: a schema with another `x-` keyword or format does not compile.
    registerSchemaVocabulary(this.ajv);
    for (const schema of schemas) this.ajv.addSchema(schema);
    this.ids = new Set(schemas.map((s) => (s as { $id?: unknown }).$id));
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

  /** Ajv's standalone code of every schema added (CommonJS, exports by `$id`): compiles them all. */
  standaloneSource(): string {
    return standaloneCode(this.ajv);
  }

  /**
   * Takes the validators of a standalone module of these schemas instead of compiling them; a schema
   * the module lacks is still compiled when first used. Throws if the module does not evaluate.
   */
  adopt(source: string): void {
    const module = { exports: {} as Record<string, unknown> };
    const require = createRequire(import.meta.url);
    // The module's own requires are Ajv's runtime helpers (ucs2length, equal, uri), resolved from here.
    new Function('module', 'exports', 'require', FORMATS_PARAMETER, source)(
      module,
      module.exports,
      require,
      this.ajv.formats,
    );
    for (const [id, fn] of Object.entries(module.exports))
      if (typeof fn === 'function' && this.ids.has(id)) this.compiled.set(id, fn as ValidateFunction);
  }
}
