// Every check, in one list. A requirement is verified by the check that covers its assertion and
// applies to its operation; tests/unit/checks-registry.test.ts proves ids are unique and every
// assertion of the catalog vocabulary is covered.
import type { Assertion, Operation } from '../catalog/model.ts';
import { enumRequestUndocumentedValueRejected } from './families/enums-request.ts';
import { enumResponseDocumentedValue } from './families/enums-response.ts';
import { filterBadValueRejected, filterNarrowsResult, sortOrdersResult, withCountTotal } from './families/filters.ts';
import {
  contentTypeJson,
  microversionEchoHeader,
  microversionOutOfRange406,
  requestIdHeader,
} from './families/headers.ts';
import { paginationLinksWalk, imageLimitMarkerPaging, paginationMarkerOffsetHonoured } from './families/pagination.ts';
import { responseBodyMatchesSchema } from './families/schema.ts';
import { resourceLifecycleConsistent } from './families/stateful.ts';
import { errorBodyUpstreamFault, errorCodeProvoked, successCodeDocumented } from './families/status-codes.ts';
import { timestampIso8601Form, timestampUpdatedNotBeforeCreated } from './families/timestamps.ts';
import type { Check } from './model.ts';

export const CHECKS: readonly Check[] = [
  responseBodyMatchesSchema,
  timestampIso8601Form,
  timestampUpdatedNotBeforeCreated,
  enumResponseDocumentedValue,
  enumRequestUndocumentedValueRejected,
  successCodeDocumented,
  errorCodeProvoked,
  errorBodyUpstreamFault,
  contentTypeJson,
  requestIdHeader,
  microversionEchoHeader,
  microversionOutOfRange406,
  paginationLinksWalk,
  paginationMarkerOffsetHonoured,
  imageLimitMarkerPaging,
  filterNarrowsResult,
  sortOrdersResult,
  filterBadValueRejected,
  withCountTotal,
  resourceLifecycleConsistent,
];

/** The check that verifies `assertion` on `operation` (the first that applies), else any that covers it. */
export function checkFor(assertion: Assertion, operation?: Operation): Check | undefined {
  const covering = CHECKS.filter((c) => c.assertions.includes(assertion));
  return (operation ? covering.find((c) => c.appliesTo(operation)) : undefined) ?? covering[0];
}
