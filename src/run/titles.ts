// Test titles and tags, derived from the catalog only, so they are stable from run to run.
import type { Family, Operation, Requirement } from '../catalog/model.ts';

export function testTitle(op: Operation, family: Family): string {
  return `${op.method} ${op.path} › ${family}`;
}

export function testTags(op: Operation, family: Family, requirements: Requirement[]): string[] {
  const levels = [...new Set(requirements.map((r) => `@${r.level.toLowerCase()}`))].sort();
  return [...levels, `@${family}`, `@${op.service}`];
}

/** Family order in a file: reads first, then what writes, so shared responses are fetched early. */
export const FAMILY_ORDER: Family[] = ['schema', 'timestamps', 'enums', 'headers', 'status-codes', 'pagination', 'filters', 'stateful'];

export function groupRequirements(requirements: Requirement[], operation: string): Map<Family, Requirement[]> {
  const groups = new Map<Family, Requirement[]>();
  for (const family of FAMILY_ORDER) groups.set(family, []);
  for (const r of requirements) if (r.operation === operation) groups.get(r.family)?.push(r);
  for (const [family, reqs] of groups) if (reqs.length === 0) groups.delete(family);
  return groups;
}
