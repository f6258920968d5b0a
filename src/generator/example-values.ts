// Reading field values out of a page's example bodies by catalog path (`backups[].links[].href`).

export interface Instance {
  present: boolean;
  value?: unknown;
}

interface Segment {
  name: string;
  array: boolean;
}

export function segments(path: string): Segment[] {
  return path
    .split('.')
    .map((s) => (s.endsWith('[]') ? { name: s.slice(0, -2), array: true } : { name: s, array: false }));
}

/** `backups[].links[].href` → `backups.links.href`: the form decisions and requirement subjects use. */
export function subjectOf(path: string): string {
  return path.replaceAll('[]', '');
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Every place the field would sit in the body: one instance per parent object reached. A parent
 * that is missing or has the wrong container type yields no instance (that is the parent's finding).
 */
export function instancesAt(body: unknown, path: string): Instance[] {
  const segs = segments(path);
  let parents: unknown[] = [body];
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    const last = i === segs.length - 1;
    if (last) {
      return parents
        .filter(isPlainObject)
        .map((p) => (seg.name in p ? { present: true, value: p[seg.name] } : { present: false }));
    }
    const next: unknown[] = [];
    for (const p of parents) {
      if (!isPlainObject(p) || !(seg.name in p)) continue;
      const v = p[seg.name];
      if (seg.array) {
        if (Array.isArray(v)) next.push(...v);
      } else if (isPlainObject(v)) next.push(v);
    }
    parents = next;
  }
  return [];
}

export function jsonTypeOf(v: unknown): 'null' | 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'string' || typeof v === 'boolean') return typeof v as 'string' | 'boolean';
  return 'object';
}

/** Keys found in example objects that the field list does not document, as catalog paths. */
export function undocumentedKeys(body: unknown, documented: string[]): string[] {
  const known = new Set(documented);
  const found = new Set<string>();
  const visit = (v: unknown, prefix: string) => {
    if (!isPlainObject(v)) return;
    for (const [k, child] of Object.entries(v)) {
      const path = prefix + k;
      if (!known.has(path)) {
        found.add(path);
        continue;
      }
      const hasChildren = documented.some((d) => d.startsWith(path + '.') || d.startsWith(path + '[].'));
      if (!hasChildren) continue;
      if (Array.isArray(child)) for (const item of child) visit(item, path + '[].');
      else visit(child, path + '.');
    }
  };
  visit(body, '');
  return [...found];
}
