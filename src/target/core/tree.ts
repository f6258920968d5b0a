// A documented body as a tree: the catalog writes every field with a dotted path (`volume.size`,
// `backups[].links[].href`); the generic core needs it as nested nodes to build, validate and mutate
// bodies at any depth. Built from the catalog's fields only.
import type { Field, JsonType } from '../../catalog/model.ts';

export interface Node {
  name: string;
  /** The catalog path of the field (`volumes[].attachments[].server_id`); '' for the root. */
  path: string;
  type: JsonType;
  required: boolean;
  nullable: boolean;
  enum?: string[];
  timestamp?: { documentedForm: string };
  /** Object members, in documented order. */
  children: Map<string, Node>;
  /** For arrays: the item node (its children hold `x[].y` fields, its type the item type). */
  item?: Node;
  field?: Field;
  /** An object that is a map (metadata a sub-resource edits): keys beyond the documented ones are kept. */
  keepsKeys?: boolean;
}

export function emptyNode(name: string, path: string, type: JsonType): Node {
  return { name, path, type, required: false, nullable: false, children: new Map() };
}

/** Splits `a[].b.c[]` into steps: name plus how many `[]` follow it. */
function steps(path: string): { name: string; arrays: number }[] {
  return path.split('.').map((part) => {
    let name = part;
    let arrays = 0;
    while (name.endsWith('[]')) {
      name = name.slice(0, -2);
      arrays++;
    }
    return { name, arrays };
  });
}

/**
 * The tree of a body. A field whose parent path is not itself documented gets an implied object
 * parent, so `volume.size` alone still builds `{ volume: { size } }`.
 */
export function treeOf(fields: readonly Field[]): Node {
  const root = emptyNode('', '', 'object');
  for (const f of fields) {
    if (f.in !== 'body') continue;
    const parts = steps(f.path);
    let at = root;
    parts.forEach((step, i) => {
      const last = i === parts.length - 1;
      let child = at.children.get(step.name);
      if (!child) {
        const type: JsonType = last ? f.type : step.arrays > 0 ? 'array' : 'object';
        child = emptyNode(
          step.name,
          parts
            .slice(0, i + 1)
            .map((p) => p.name + '[]'.repeat(p.arrays))
            .join('.'),
          type,
        );
        at.children.set(step.name, child);
      }
      if (last) {
        child.type = f.type;
        child.required = f.required;
        child.nullable = f.nullable;
        child.field = f;
        if (f.enum) child.enum = f.enum;
        if (f.timestamp) child.timestamp = f.timestamp;
        if (f.type === 'array' && !child.item) child.item = emptyNode(f.name, `${child.path}[]`, f.items ?? 'object');
        else if (f.type === 'array' && f.items && child.item && child.item.children.size === 0)
          child.item.type = f.items;
      }
      // Descend: into the item node once per `[]`.
      at = child;
      for (let k = 0; k < step.arrays; k++) {
        if (!at.item) at.item = emptyNode(at.name, `${at.path}[]`, 'object');
        if (at.type !== 'array') at.type = 'array';
        at = at.item;
        if (!last && at.type !== 'object') at.type = 'object';
      }
      if (!last && at.type !== 'object' && at.type !== 'array') at.type = 'object';
    });
  }
  return root;
}

/** Every node under `root` (depth first), the root excluded. */
export function* walk(root: Node): Generator<Node> {
  for (const child of root.children.values()) {
    yield child;
    yield* walk(child);
  }
  if (root.item) {
    yield* walk(root.item);
  }
}

/** Merges `extra` into `base` (members base lacks are added; base's facts win). */
export function merge(base: Node, extra: Node): Node {
  for (const [name, child] of extra.children) {
    const mine = base.children.get(name);
    if (!mine) base.children.set(name, child);
    else merge(mine, child);
  }
  if (extra.item) {
    if (!base.item) base.item = extra.item;
    else merge(base.item, extra.item);
  }
  if (!base.enum && extra.enum) base.enum = extra.enum;
  if (!base.timestamp && extra.timestamp) base.timestamp = extra.timestamp;
  return base;
}

export function cloneNode(n: Node): Node {
  return {
    ...n,
    children: new Map([...n.children].map(([k, v]) => [k, cloneNode(v)])),
    ...(n.item ? { item: cloneNode(n.item) } : {}),
  };
}
