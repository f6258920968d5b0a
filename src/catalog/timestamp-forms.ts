// The timestamp forms the pages and upstream services write, shared by the generator (detectors)
// and by the checks (through the `iso8601-timestamp` format registered from load.ts).

export type TimestampForm = 'offset' | 'utc-z' | 'zoneless' | 'invalid';

/**
 * The shape of every form classifyTimestamp accepts, as an ECMA-262 pattern any JSON Schema or OpenAPI
 * validator enforces (the OpenAPI export carries it beside `format: iso8601-timestamp`, which they
 * ignore). The shape only: day-of-month and offset ranges are checked by classifyTimestamp.
 */
export const TIMESTAMP_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d:([0-5]\\d|60)(\\.\\d{1,9})?(Z|z|[+-]([01]\\d|2[0-3]):[0-5]\\d)?$';

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|z|[+-]\d{2}:\d{2})?$/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `…±hh:mm` → offset, `…Z` → utc-z, neither → zoneless; anything not an ISO 8601 date-time → invalid. */
export function classifyTimestamp(value: string): TimestampForm {
  const m = SHAPE.exec(value);
  if (!m) return 'invalid';
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return 'invalid';
  if (hour > 23 || minute > 59 || second > 60) return 'invalid';
  const zone = m[8];
  if (zone === undefined) return 'zoneless';
  if (zone === 'Z' || zone === 'z') return 'utc-z';
  const [oh, om] = zone.slice(1).split(':').map(Number) as [number, number];
  if (oh > 23 || om > 59) return 'invalid';
  return 'offset';
}
