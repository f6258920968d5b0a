// Every check, in one list. A requirement is verified by the check that covers its assertion and
// applies to its operation; tests/unit/checks-registry.test.ts proves ids are unique and every
// assertion of the catalog vocabulary is covered.
import type { Assertion, Operation } from '../catalog/model.ts';
import { enumRequest } from './families/enums-request.ts';
import { enumResponse } from './families/enums-response.ts';
import { filterBadValue, filterNarrows, withCountTotal } from './families/filters.ts';
import { contentTypeJson, microversionEcho, microversionOutOfRange, requestId } from './families/headers.ts';
import { backupsLinksWalk, imageLimitMarker, markerOffset } from './families/pagination.ts';
import { responseSchema } from './families/schema.ts';
import { resourceLifecycle } from './families/stateful.ts';
import { errorBody, errorCode, successCode } from './families/status-codes.ts';
import { timestampForm, timestampOrder } from './families/timestamps.ts';
import type { Check } from './model.ts';

export const CHECKS: readonly Check[] = [
  responseSchema,
  timestampForm,
  timestampOrder,
  enumResponse,
  enumRequest,
  successCode,
  errorCode,
  errorBody,
  contentTypeJson,
  requestId,
  microversionEcho,
  microversionOutOfRange,
  backupsLinksWalk,
  markerOffset,
  imageLimitMarker,
  filterNarrows,
  filterBadValue,
  withCountTotal,
  resourceLifecycle,
];

/** The check that verifies `assertion` on `operation` (the first that applies), else any that covers it. */
export function checkFor(assertion: Assertion, operation?: Operation): Check | undefined {
  const covering = CHECKS.filter((c) => c.assertions.includes(assertion));
  return (operation ? covering.find((c) => c.appliesTo(operation)) : undefined) ?? covering[0];
}
