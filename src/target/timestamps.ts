// How each service writes a timestamp. Upstream: Heat `isotime()` gives `2015-01-31T15:12:36Z`;
// Glance v1 and Cinder (oslo `to_primitive`) give `2016-03-15T15:09:07.000000` with no zone.
// Variants pick other legal forms (a non-zero offset, `+00:00`), always for the same instant.
import type { Micros } from './seed.ts';

export interface TimeStyle {
  /** Digits after the seconds: 0 or 6. */
  fraction: 0 | 6;
  /** `Z`, no zone at all, or a fixed offset in minutes written `±hh:mm`. */
  zone: 'Z' | 'none' | { offsetMinutes: number };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export function formatTime(us: Micros, style: TimeStyle): string {
  const offset = typeof style.zone === 'object' ? style.zone.offsetMinutes : 0;
  const local = Math.floor(us / 1000) + offset * 60_000;
  const d = new Date(local);
  let s = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (style.fraction === 6) s += `.${pad(((us % 1_000_000) + 1_000_000) % 1_000_000, 6)}`;
  if (style.zone === 'Z') s += 'Z';
  else if (typeof style.zone === 'object') {
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    s += `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  }
  return s;
}

/**
 * oslo `parse_isotime` as Glance's `changes-since` uses it: full ISO 8601 with or without an offset,
 * and date-only forms. Returns microseconds since the epoch (zone-less means UTC), or undefined.
 */
export function parseIsoTime(text: string): Micros | undefined {
  const m =
    /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d{1,6}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
      text.trim(),
    );
  if (!m || text.trim() === '') return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const year = Number(y),
    month = Number(mo),
    day = Number(d);
  const ms = Date.UTC(year, month - 1, day, Number(h), Number(mi), Number(s));
  const check = new Date(ms);
  if (
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  )
    return undefined;
  let offsetMin = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
  }
  return (ms - offsetMin * 60_000) * 1000 + Number(frac.padEnd(6, '0') || '0');
}
