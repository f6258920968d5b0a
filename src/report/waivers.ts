// Waivers: a known failure, written down with a reason and an expiry date, reads `waived` until the
// date passes and then fails again — so a waiver cannot quietly outlive the problem it excuses.
import type { Node } from 'yaml';
import { yaml } from '../lib/yaml.ts';
import { ReportInputError, readInputFile } from './input-error.ts';
import type { RequirementEntry, WaiverSummary } from './model.ts';

export interface Waiver {
  requirement: string;
  reason: string;
  /** `YYYY-MM-DD`; the waiver holds through the end of that day, UTC. */
  expires: string;
  line: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads a YAML or JSON waivers file: a list (or `waivers:` list) of {requirement, reason, expires}. */
export function loadWaivers(file: string): Waiver[] {
  const text = readInputFile(file, 'the waivers file');
  return parseWaivers(text, file);
}

export function parseWaivers(text: string, file: string): Waiver[] {
  const lineCounter = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter, prettyErrors: false });
  const lineOf = (node: Node | null | undefined): number => (node?.range ? lineCounter.linePos(node.range[0]).line : 1);
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    throw new ReportInputError(
      file,
      `line ${lineCounter.linePos(error.pos[0]).line}`,
      `not valid YAML/JSON: ${error.message.split('\n')[0]}`,
    );
  }
  let list = doc.contents as Node | null;
  if (yaml().isMap(list)) {
    const inner = list.get('waivers', true) as Node | undefined;
    if (!inner)
      throw new ReportInputError(
        file,
        `line ${lineOf(list)}`,
        'expected a list of waivers or a `waivers:` key holding one',
      );
    list = inner;
  }
  if (list === null || list === undefined) return [];
  if (!yaml().isSeq(list)) throw new ReportInputError(file, `line ${lineOf(list)}`, 'expected a list of waivers');

  const waivers: Waiver[] = [];
  const seen = new Map<string, number>();
  list.items.forEach((item, index) => {
    const node = item as Node;
    const line = lineOf(node);
    const where = `waivers[${index}] (line ${line})`;
    if (!yaml().isMap(node))
      throw new ReportInputError(file, where, 'expected a mapping with requirement, reason and expires');
    const value = node.toJSON() as Record<string, unknown>;
    const known = new Set(['requirement', 'reason', 'expires']);
    for (const key of Object.keys(value)) {
      if (!known.has(key))
        throw new ReportInputError(file, `${where}.${key}`, 'unknown key (expected requirement, reason, expires)');
    }
    const requirement = value.requirement;
    const reason = value.reason;
    const expires = value.expires instanceof Date ? value.expires.toISOString().slice(0, 10) : value.expires;
    if (typeof requirement !== 'string' || requirement.trim() === '') {
      throw new ReportInputError(file, `${where}.requirement`, 'missing: the requirement id the waiver covers');
    }
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw new ReportInputError(file, `${where}.reason`, 'missing: why the failure is accepted for now');
    }
    if (
      typeof expires !== 'string' ||
      !DATE.test(expires) ||
      Number.isNaN(Date.parse(`${expires}T00:00:00Z`)) ||
      new Date(`${expires}T00:00:00Z`).toISOString().slice(0, 10) !== expires
    ) {
      throw new ReportInputError(
        file,
        `${where}.expires`,
        `expected a date written YYYY-MM-DD, got ${JSON.stringify(value.expires ?? null)}`,
      );
    }
    const previous = seen.get(requirement);
    if (previous !== undefined) {
      throw new ReportInputError(file, `${where}.requirement`, `${requirement} is already waived at line ${previous}`);
    }
    seen.set(requirement, line);
    waivers.push({ requirement, reason: reason.trim(), expires, line });
  });
  return waivers;
}

export function waiverExpired(waiver: Pick<Waiver, 'expires'>, now: Date): boolean {
  return now.getTime() >= Date.parse(`${waiver.expires}T00:00:00Z`) + 24 * 3600_000;
}

/** Turns failures covered by a live waiver into `waived`; an expired waiver leaves the failure and says so. */
export function applyWaivers(
  entries: RequirementEntry[],
  waivers: readonly Waiver[],
  file: string,
  now: Date,
): WaiverSummary {
  const byId = new Map(waivers.map((w) => [w.requirement, w]));
  const summary: WaiverSummary = { file, applied: [], expired: [], unused: [] };
  const used = new Set<string>();
  for (const entry of entries) {
    const waiver = byId.get(entry.id);
    if (!waiver || entry.verdict !== 'fail') continue;
    used.add(waiver.requirement);
    const expired = waiverExpired(waiver, now);
    entry.waiver = { reason: waiver.reason, expires: waiver.expires, expired };
    if (expired) {
      summary.expired.push(entry.id);
    } else {
      entry.verdict = 'waived';
      entry.reason = `waived until ${waiver.expires}: ${waiver.reason}`;
      summary.applied.push(entry.id);
    }
  }
  summary.unused = waivers.map((w) => w.requirement).filter((id) => !used.has(id));
  return summary;
}
