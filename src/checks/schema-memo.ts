// Remembers the compiled validators of a schema set, so that the next worker neither validates the
// schemas against the 2020-12 meta-schema (50-90 ms) nor compiles them (about 150 ms for the 77 of the
// whole reference) for the same bytes, every run (BENCHMARKS.md, "The floor"). The record is Ajv's
// standalone code of the set, a file named by the SHA-256 of the schemas, the Ajv options and
// vocabulary and the Ajv and ajv-formats versions, under node_modules/.cache: any change to one of
// them compiles again. It is written only once the set passed meta-validation and compiled whole, and
// failing to read, write or evaluate it only means compiling, as a worker without it does.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SCHEMA_KEYWORDS, TIMESTAMP_FORMAT } from '../catalog/vocabulary.ts';
import { AJV_OPTIONS, SchemaRegistry } from './ajv.ts';

function versionOf(pkg: string): string {
  try {
    const require = createRequire(import.meta.url);
    return (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Records kept: a schema set edited back and forth finds its record again; older ones are removed. */
const KEPT_RECORDS = 4;

/** Removes all but the newest `KEPT_RECORDS` records of `dir`. */
function prune(dir: string): void {
  readdirSync(dir)
    .filter((name) => name.endsWith('.cjs'))
    .map((name) => ({ name, at: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at)
    .slice(KEPT_RECORDS)
    .forEach((r) => rmSync(join(dir, r.name), { force: true }));
}

export interface SchemaMemo {
  /** The standalone code these exact schemas compiled to before, if it was recorded. */
  readonly source: string | undefined;
  /** Records the standalone code of these schemas (once they were meta-validated and compiled). */
  remember(source: string): void;
}

export function schemaMemo(schemas: readonly object[], cacheDir: string): SchemaMemo {
  const hash = createHash('sha256')
    .update(
      JSON.stringify([versionOf('ajv'), versionOf('ajv-formats'), AJV_OPTIONS, SCHEMA_KEYWORDS, TIMESTAMP_FORMAT]),
    )
    .update('\u0000')
    .update(JSON.stringify(schemas))
    .digest('hex');
  const dir = join(cacheDir, 'validators');
  const file = join(dir, `${hash}.cjs`);
  let source: string | undefined;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    source = undefined;
  }
  return {
    source,
    remember(code) {
      try {
        mkdirSync(dir, { recursive: true });
        // Written aside and renamed: a worker reading at the same time sees the whole file or none.
        const part = `${file}.${process.pid}.part`;
        writeFileSync(part, code);
        renameSync(part, file);
        prune(dir);
      } catch {
        // read-only cache: the next worker compiles again
      }
    },
  };
}

/**
 * The registry of `schemas` with its validators from the memo when it holds them; otherwise the schemas
 * are meta-validated and compiled here, all of them, and the result recorded for the next worker. A
 * set that does not compile whole (a schema strict mode refuses) is left to compile schema by schema
 * as it is used, so the error belongs to the checks that use it, and nothing is recorded.
 */
export function memoisedRegistry(schemas: object[], cacheDir: string): SchemaRegistry {
  const memo = schemaMemo(schemas, cacheDir);
  if (memo.source !== undefined) {
    const registry = new SchemaRegistry(schemas, { metaValidated: true });
    try {
      registry.adopt(memo.source);
      return registry;
    } catch {
      // A damaged record: compile as if there were none.
    }
  }
  const registry = new SchemaRegistry(schemas);
  let source: string;
  try {
    source = registry.standaloneSource();
  } catch {
    return new SchemaRegistry(schemas, { metaValidated: true });
  }
  registry.adopt(source);
  memo.remember(source);
  return registry;
}
