// Catalog field paths (`backups[].links[].href`) read out of a body: every value at that path, with a
// JSON pointer saying where, so a failure can point at the exact item.

export interface Located {
  pointer: string;
  value: unknown;
}

/** Values at `path`; absent keys yield nothing (presence is the schema family's business). */
export function valuesAt(body: unknown, path: string): Located[] {
  const segments = path.split('.').filter(Boolean);
  let current: Located[] = [{ pointer: '', value: body }];
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    const isArray = segment.endsWith('[]');
    const key = isArray ? segment.slice(0, -2) : segment;
    const next: Located[] = [];
    for (const { pointer, value } of current) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      const child = (value as Record<string, unknown>)[key];
      const childPointer = `${pointer}/${escapePointer(key)}`;
      // `images.created_at` and `images[].created_at` both name every item's field.
      if (isArray || (!last && Array.isArray(child))) {
        if (!Array.isArray(child)) continue;
        child.forEach((item, i) => next.push({ pointer: `${childPointer}/${i}`, value: item }));
      } else {
        next.push({ pointer: childPointer, value: child });
      }
    }
    current = next;
  });
  return current;
}

/** Paths compare without array marks: `backups[].name` is `backups.name`. */
export function samePath(a: string, b: string): boolean {
  return a.replace(/\[\]/g, '') === b.replace(/\[\]/g, '');
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `/backups/0/links/1/href` → `backups[].links[].href`. */
export function pointerToPath(pointer: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const out: string[] = [];
  for (const part of parts) {
    if (/^\d+$/.test(part) && out.length > 0) out[out.length - 1] += '[]';
    else out.push(part);
  }
  return out.join('.');
}

/** A short rendering of a received value for `Received:` lines. */
export function show(value: unknown, max = 200): string {
  if (value === undefined) return '(absent)';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
