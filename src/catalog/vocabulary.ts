// The schema vocabulary the generated JSON Schemas use beyond draft 2020-12: annotation keywords
// (`x-…`) and one format. A strict Ajv refuses unknown keywords and formats, so every Ajv that
// compiles the schemas (the checks' one instance, the tests') registers exactly this vocabulary with
// registerSchemaVocabulary, and a schema using anything else fails to compile.
import { isParseError, parseTimestamp } from './timestamp.ts';

export const SCHEMA_BASE = 'https://cloud-api-conformance.local/schemas/';

/** Format of documented timestamps: ISO 8601 date-time with `±hh:mm`, `Z`, or no zone (see decision timestamp-offset-forms). */
export const TIMESTAMP_FORMAT = 'iso8601-timestamp';

/** Annotation keywords: where the fact was read, the page's type word, the documented timestamp form, the microversion, the decisions. */
export const SCHEMA_KEYWORDS = ['x-source', 'x-doc-type', 'x-timestamp-form', 'x-since-microversion', 'x-decisions'] as const;

/** What the vocabulary is registered on: the part of Ajv's API this needs; Ajv2020 instances fit it. */
export interface VocabularyHost {
  addKeyword(keyword: string): unknown;
  addFormat(name: string, format: { type: 'string'; validate: (value: string) => boolean }): unknown;
}

/** What the `iso8601-timestamp` format accepts: whatever the one timestamp reader reads. */
export function isIso8601Timestamp(value: string): boolean {
  return !isParseError(parseTimestamp(value));
}

export function registerSchemaVocabulary(ajv: VocabularyHost): void {
  // Annotation only: a keyword without a definition validates nothing, which is what these are.
  for (const keyword of SCHEMA_KEYWORDS) ajv.addKeyword(keyword);
  ajv.addFormat(TIMESTAMP_FORMAT, { type: 'string', validate: isIso8601Timestamp });
}
