// Remembers schema sets that passed Ajv's meta-schema validation, so that the next worker can skip it:
// validating the generated schemas against the 2020-12 meta-schema costs a worker 50-90 ms (BENCHMARKS.md,
// "The floor"), every run, for the same bytes. The record is a file named by the SHA-256 of the schemas
// (and the Ajv version) under node_modules/.cache; any change to a schema, or to Ajv, validates again.
// Failing to read or write the record only means validating.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

function ajvVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    return (JSON.parse(readFileSync(require.resolve('ajv/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export interface MetaValidationMemo {
  /** These exact schemas passed meta-schema validation before. */
  readonly known: boolean;
  /** Records that they passed (call once the registry was built with validation on). */
  remember(): void;
}

export function metaValidationMemo(schemas: readonly object[], cacheDir: string): MetaValidationMemo {
  const hash = createHash('sha256').update(ajvVersion()).update('\u0000').update(JSON.stringify(schemas)).digest('hex');
  const file = join(cacheDir, 'meta-validated', hash);
  return {
    known: existsSync(file),
    remember() {
      try {
        mkdirSync(join(cacheDir, 'meta-validated'), { recursive: true });
        writeFileSync(file, '');
      } catch {
        // read-only cache: the next worker validates again
      }
    },
  };
}
