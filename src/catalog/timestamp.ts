// The one timestamp reader of the suite, shared by the generator (which forms the pages' examples
// show) and the checks (which forms a target writes): what a string is, never whether it is
// acceptable — the checks decide that from specs/decisions.yaml.
//
// ISO 8601, which the pages name, is read strictly: `T` between date and time and an upper-case `Z`.
// RFC 3339 (section 5.6, note) also lets a space stand for `T` and lower-case `t`/`z` be written;
// those are not ISO 8601, so `2024-03-01T12:00:00z` is not a timestamp anywhere in the suite.

export interface ParsedTimestamp {
  /** Milliseconds since the epoch; zone-less values are read as UTC, as OpenStack writes them. */
  epochMs: number;
  zone: 'Z' | 'offset' | 'none';
  /** `+hh:mm` as written, for `offset`. */
  offset?: string;
  fractionDigits: number;
  /** `T` or a space between date and time. */
  separator: 'T' | ' ';
}

const FORM = /^(\d{4})-(\d{2})-(\d{2})([Tt ])(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})?$/;

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The parsed value, or a reason it is not an ISO 8601 date-time. */
export function parseTimestamp(value: string): ParsedTimestamp | { error: string } {
  const m = FORM.exec(value);
  if (!m) return { error: 'not an ISO 8601 date-time (YYYY-MM-DDThh:mm:ss[.fff][Z|±hh:mm])' };
  const [, y, mo, d, sep, h, mi, s, frac, zone] = m;
  // RFC 3339 lets a space stand for T; ISO 8601 does not, and the pages name ISO 8601.
  if (sep === ' ') return { error: 'a space separates date and time; ISO 8601 writes T' };
  if (sep === 't') return { error: 'a lower-case t separates date and time; ISO 8601 writes T' };
  if (zone === 'z') return { error: 'a lower-case z stands for UTC; ISO 8601 writes Z' };
  const year = Number(y), month = Number(mo), day = Number(d);
  const hour = Number(h), minute = Number(mi), second = Number(s);
  if (month < 1 || month > 12) return { error: `month ${mo} does not exist` };
  if (day < 1 || day > daysIn(year, month)) return { error: `day ${d} does not exist in ${y}-${mo}` };
  if (hour > 23) return { error: `hour ${h} does not exist` };
  if (minute > 59) return { error: `minute ${mi} does not exist` };
  // 60 is a leap second; JavaScript dates cannot hold it, so it is read as :59.
  if (second > 60) return { error: `second ${s} does not exist` };
  let offsetMinutes = 0;
  if (zone && zone !== 'Z') {
    const oh = Number(zone.slice(1, 3)), om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return { error: `UTC offset ${zone} does not exist` };
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  const epochMs = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), ms) - offsetMinutes * 60_000;
  return {
    epochMs,
    zone: zone === undefined ? 'none' : zone === 'Z' ? 'Z' : 'offset',
    ...(zone && zone !== 'Z' ? { offset: zone } : {}),
    fractionDigits: frac ? frac.length : 0,
    separator: sep as 'T' | ' ',
  };
}

export function isParseError(p: ParsedTimestamp | { error: string }): p is { error: string } {
  return 'error' in p;
}

/** How a page's example writes its zone, as the generator records it. */
export type TimestampZoneForm = 'offset' | 'utc-z' | 'zoneless' | 'invalid';

/** `…±hh:mm` → offset, `…Z` → utc-z, neither → zoneless; anything not an ISO 8601 date-time → invalid. */
export function classifyTimestamp(value: string): TimestampZoneForm {
  const p = parseTimestamp(value);
  if (isParseError(p)) return 'invalid';
  return p.zone === 'Z' ? 'utc-z' : p.zone === 'offset' ? 'offset' : 'zoneless';
}

/**
 * The shape of every value parseTimestamp reads, as an ECMA-262 pattern any JSON Schema or OpenAPI
 * validator enforces (the OpenAPI export carries it beside `format: iso8601-timestamp`, which other
 * tools ignore). The shape only: day-of-month and offset ranges are checked by parseTimestamp.
 */
export const TIMESTAMP_PATTERN =
  '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d:([0-5]\\d|60)(\\.\\d{1,9})?(Z|[+-]([01]\\d|2[0-3]):[0-5]\\d)?$';
