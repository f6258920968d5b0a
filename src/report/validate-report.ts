// Validates a conformance.json against the schema shipped beside it (used by the tests, by `merge`
// before trusting its inputs, and by anyone who wants to check a report by hand).
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const schemaUrl = new URL('./conformance-report.schema.json', import.meta.url);

let validator: ReturnType<Ajv2020['compile']> | undefined;

function compiled(): ReturnType<Ajv2020['compile']> {
  if (!validator) {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(schemaUrl, 'utf8')));
  }
  return validator;
}

/** The schema violations of a report, as `path: message` lines; empty when it is valid. */
export function reportSchemaErrors(report: unknown): string[] {
  const validate = compiled();
  if (validate(report)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
}
