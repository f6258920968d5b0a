// The timestamp forms the checks tell apart in a target's values (offset, zone-less, fraction,
// separator). Reading a string is src/catalog/timestamp.ts's job, shared with the generator; the
// checks decide which forms are acceptable from specs/decisions.yaml.
import type { ParsedTimestamp } from '../catalog/timestamp.ts';

export { isParseError, parseTimestamp, type ParsedTimestamp } from '../catalog/timestamp.ts';

export type TimestampForm = 'utc-z' | 'utc-offset' | 'zone-less' | 'fraction' | 'space-separator';

/** The forms a parsed value shows, most significant first. */
export function formsOf(p: ParsedTimestamp): TimestampForm[] {
  const forms: TimestampForm[] = [p.zone === 'Z' ? 'utc-z' : p.zone === 'offset' ? 'utc-offset' : 'zone-less'];
  if (p.fractionDigits > 0) forms.push('fraction');
  if (p.separator === ' ') forms.push('space-separator');
  return forms;
}
