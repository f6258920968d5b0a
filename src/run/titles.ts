// Test titles, tags and family selection, derived from the catalog only, so they are stable from run
// to run. The Playwright test is one per operation (Playwright spends about 20 ms of its own on each
// test, BENCHMARKS.md "The floor"); each family is a step in it, and a family is what `--grep` selects:
// it is matched the way Playwright matches a test, against `<file> METHOD path › family @tags`.
import type { Family, Operation, Requirement } from '../catalog/model.ts';

/** The Playwright test of an operation. */
export function operationTitle(op: Operation): string {
  // Several actions share `POST …/action`: the action's body key tells their tests apart.
  return `${op.method} ${op.path}${op.action ? ` ${op.action}` : ''}`;
}

/** A family of checks on an operation: the step title, and what `--grep` is matched against. */
export function testTitle(op: Operation, family: Family): string {
  return `${operationTitle(op)} › ${family}`;
}

export function testTags(op: Operation, family: Family, requirements: Requirement[]): string[] {
  const levels = [...new Set(requirements.map((r) => `@${r.level.toLowerCase()}`))].sort();
  return [...levels, `@${family}`, `@${op.service}`];
}

/** An operation test's tags: every tag of the families it runs (levels, the service, then the families). */
export function operationTags(op: Operation, groups: Map<Family, Requirement[]>): string[] {
  if (groups.size === 0) return [];
  const levels = new Set<string>();
  for (const [family, requirements] of groups)
    for (const tag of testTags(op, family, requirements).slice(0, -2)) levels.add(tag);
  return [...[...levels].sort(), `@${op.service}`, ...[...groups.keys()].map((family) => `@${family}`)];
}

/** Family order in a file: reads first, then what writes, so shared responses are fetched early. */
export const FAMILY_ORDER: Family[] = [
  'schema',
  'timestamps',
  'enums',
  'headers',
  'status-codes',
  'pagination',
  'filters',
  'stateful',
];

export function groupRequirements(requirements: Requirement[], operation: string): Map<Family, Requirement[]> {
  const groups = new Map<Family, Requirement[]>();
  for (const family of FAMILY_ORDER) groups.set(family, []);
  for (const r of requirements) if (r.operation === operation) groups.get(r.family)?.push(r);
  for (const [family, reqs] of groups) if (reqs.length === 0) groups.delete(family);
  return groups;
}

/** A --grep text as Playwright reads it: `/source/flags`, else a case-insensitive pattern. */
export function grepPattern(text: string): RegExp {
  const literal = /^\/(.*)\/([gi]*)$/.exec(text);
  return literal ? new RegExp(literal[1]!, literal[2]) : new RegExp(text, 'gi');
}

/**
 * The families of an operation a grep selects: each is matched as its own Playwright test would be,
 * `<file> METHOD path › family @tags` (Playwright's title path: root and project titles are empty).
 */
export function selectFamilies(
  file: string,
  op: Operation,
  groups: Map<Family, Requirement[]>,
  grep: RegExp | undefined,
): Map<Family, Requirement[]> {
  if (!grep) return groups;
  const selected = new Map<Family, Requirement[]>();
  for (const [family, requirements] of groups) {
    grep.lastIndex = 0;
    if (grep.test(['', '', file, testTitle(op, family), ...testTags(op, family, requirements)].join(' ')))
      selected.set(family, requirements);
  }
  return selected;
}
