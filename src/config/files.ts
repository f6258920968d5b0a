// Finding and reading clouds.yaml / secure.yaml the way openstacksdk does: OS_CLIENT_CONFIG_FILE
// (or OS_CLIENT_SECURE_FILE) first, then clouds.yaml, clouds.yml, clouds.json in the working
// directory, ~/.config/openstack and /etc/openstack; the first file found is the one used.
// YAML is read as 1.1 because PyYAML does (`yes` is true, `0123` is octal).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Document, Node, YAMLMap } from 'yaml';
import { yaml } from '../lib/yaml.ts';
import { ConfigError } from './errors.ts';
import type { Origin } from './model.ts';

export interface SearchOptions {
  cwd: string;
  home: string;
  /** Defaults to /etc/openstack. */
  etcDir?: string;
  /** XDG_CONFIG_HOME, when set. */
  xdgConfigHome?: string;
}

export type FileKind = 'clouds' | 'secure';

const SUFFIXES = ['.yaml', '.yml', '.json'];

export function searchDirectories(opts: SearchOptions): string[] {
  const userDir = opts.xdgConfigHome ? join(opts.xdgConfigHome, 'openstack') : join(opts.home, '.config', 'openstack');
  return [resolve(opts.cwd), userDir, opts.etcDir ?? '/etc/openstack'];
}

export function candidateFiles(kind: FileKind, opts: SearchOptions): string[] {
  return searchDirectories(opts).flatMap((d) => SUFFIXES.map((s) => join(d, kind + s)));
}

/**
 * The file to use, or undefined. `explicit` (OS_CLIENT_CONFIG_FILE / OS_CLIENT_SECURE_FILE) must
 * exist when given: pointing at a missing file is a mistake worth stopping for.
 */
export function findFile(
  kind: FileKind,
  opts: SearchOptions,
  explicit?: { path: string; origin: { key: string; file?: string; line?: number } },
): string | undefined {
  if (explicit) {
    const p = resolve(opts.cwd, explicit.path);
    if (!existsSync(p)) throw new ConfigError(`points at ${p}, which does not exist`, explicit.origin);
    return p;
  }
  return candidateFiles(kind, opts).find((file) => existsSync(file));
}

/** One value of a cloud as written, flattened to `key` or `auth.key`, with its place in the file. */
export interface RawEntry {
  value: unknown;
  origin: Origin;
  /** How to name it in a message: `clouds.mycloud.auth.password`. */
  label: string;
}

export interface CloudsFile {
  path: string;
  clouds: Map<string, Map<string, RawEntry>>;
}

export function readCloudsFile(path: string): CloudsFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file: path });
  }
  const lineCounter = new (yaml().LineCounter)();
  if (path.endsWith('.json')) checkJson(text, path);
  const doc = yaml().parseDocument(text, {
    version: path.endsWith('.json') ? '1.2' : '1.1',
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
  });
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0]?.line ?? (err.pos ? lineCounter.linePos(err.pos[0]).line : undefined);
    throw new ConfigError(`is not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${err.message.split('\n')[0]}`, {
      file: path,
      line,
    });
  }
  const lineOf = (node: unknown): number | undefined =>
    yaml().isNode(node) && node.range ? lineCounter.linePos(node.range[0]).line : undefined;

  const clouds = new Map<string, Map<string, RawEntry>>();
  const root = doc.contents;
  if (root === null || (yaml().isScalar(root) && (root.value === null || root.value === ''))) return { path, clouds };
  if (!yaml().isMap(root))
    throw new ConfigError('the top level must be a mapping with a `clouds` key', { file: path, line: lineOf(root) });
  const cloudsPair = root.items.find((p) => keyText(p.key) === 'clouds');
  if (
    !cloudsPair ||
    cloudsPair.value === null ||
    (yaml().isScalar(cloudsPair.value) && cloudsPair.value.value === null)
  ) {
    return { path, clouds };
  }
  if (!yaml().isMap(cloudsPair.value)) {
    throw new ConfigError('must be a mapping of cloud name to settings', {
      key: 'clouds',
      file: path,
      line: lineOf(cloudsPair.key),
    });
  }
  for (const pair of cloudsPair.value.items) {
    const name = keyText(pair.key);
    const label = `clouds.${name}`;
    if (!yaml().isMap(pair.value)) {
      throw new ConfigError('must be a mapping of settings', { key: label, file: path, line: lineOf(pair.key) });
    }
    clouds.set(name, flattenCloud(pair.value, doc, path, label, lineOf));
  }
  return { path, clouds };
}

function flattenCloud(
  node: YAMLMap,
  doc: Document,
  file: string,
  label: string,
  lineOf: (n: unknown) => number | undefined,
): Map<string, RawEntry> {
  const out = new Map<string, RawEntry>();
  for (const pair of node.items) {
    const key = keyText(pair.key);
    const line = lineOf(pair.key);
    if (key === 'auth') {
      if (pair.value === null || (yaml().isScalar(pair.value) && pair.value.value === null)) continue;
      if (!yaml().isMap(pair.value)) {
        throw new ConfigError('must be a mapping (auth_url, username, password, …)', {
          key: `${label}.auth`,
          file,
          line,
        });
      }
      for (const inner of pair.value.items) {
        const k = keyText(inner.key);
        out.set(`auth.${k}`, {
          value: toJs(inner.value, doc),
          origin: { file, line: lineOf(inner.key) },
          label: `${label}.auth.${k}`,
        });
      }
      continue;
    }
    out.set(key, { value: toJs(pair.value, doc), origin: { file, line }, label: `${label}.${key}` });
  }
  return out;
}

function keyText(key: unknown): string {
  if (yaml().isScalar(key)) return String(key.value);
  return String(key);
}

function toJs(value: unknown, doc: Document): unknown {
  return yaml().isNode(value) ? (value as Node).toJS(doc) : value;
}

function checkJson(text: string, file: string): void {
  try {
    JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const pos = /position (\d+)/.exec(message);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
    throw new ConfigError(`is not valid JSON: ${message.split('\n')[0]}`, { file, line });
  }
}
