// How a requirement's level is decided. The pages almost never use RFC 2119 words, so the rule is:
// what a table or prose states about a response is MUST; what the page leaves open, or only upstream
// does, is SHOULD with the decision that says so; an explicit "must"/"should"/"may" in the page's own
// words wins over both.
import type { Level } from '../catalog/model.ts';

/** The RFC 2119 word a sentence uses, if any (`must not` counts as MUST). */
export function levelFromWording(text: string): Level | undefined {
  const t = ` ${text.toLowerCase()} `;
  if (/\b(must|shall|required to|is required)\b/.test(t)) return 'MUST';
  if (/\b(should|recommended)\b/.test(t)) return 'SHOULD';
  if (/\b(may|optional(ly)?)\b/.test(t)) return 'MAY';
  return undefined;
}

export interface LevelInput {
  /** What the page states: a documented type, code, enum, link, filter; or nothing. */
  documented: boolean;
  /** The page's sentence the requirement rests on, if any. */
  wording?: string;
  /** A decision lowers a documented fact to SHOULD (the page leaves it open, or upstream differs). */
  softenedBy?: string;
  basis: 'documented' | 'upstream';
}

export function decideLevel(input: LevelInput): { level: Level; reason: string } {
  const worded = input.wording ? levelFromWording(input.wording) : undefined;
  if (worded) return { level: worded, reason: `the page says "${input.wording}"` };
  if (input.basis === 'upstream') {
    return {
      level: 'SHOULD',
      reason: `upstream compatibility (decision ${input.softenedBy ?? 'none'}); the pages do not state it`,
    };
  }
  if (input.softenedBy) {
    return { level: 'SHOULD', reason: `the page leaves it open; decision ${input.softenedBy}` };
  }
  if (input.documented) return { level: 'MUST', reason: 'stated by the page' };
  return { level: 'MAY', reason: 'neither the page nor upstream states it' };
}
