// Typed access to the generated catalog and schemas. Everything outside the generator reads the
// API through this module (never the pages). Results are cached per repository root.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { yaml } from '../lib/yaml.ts';
import { CATALOG_JSON_FILE, yamlDigest, type CatalogJsonHeader } from './json-twin.ts';
import type { Catalog } from './model.ts';

export { registerSchemaVocabulary, SCHEMA_KEYWORDS } from './vocabulary.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CATALOG_FILE = 'catalog/catalog.yaml';
export { CATALOG_JSON_FILE } from './json-twin.ts';
export const SCHEMAS_DIR = 'schemas';

/** A JSON Schema as generated: `$id` always present. */
export type GeneratedSchema = { $id: string } & Record<string, unknown>;

/**
 * One cache per process, not per copy of this module: a run's processes load it more than once (the
 * spec files through Playwright's TypeScript hooks, the worker and reporter bundles each with their
 * own copy), and each copy would otherwise read, hash and parse the same catalog again. The catalog
 * and schemas are read-only to every reader.
 */
const CACHE = Symbol.for('cloud-api-conformance/catalog-cache');
interface Caches {
  catalogs: Map<string, Catalog>;
  schemaSets: Map<string, GeneratedSchema[]>;
}
const shared = globalThis as typeof globalThis & { [CACHE]?: Caches };
const { catalogs, schemaSets } = (shared[CACHE] ??= { catalogs: new Map(), schemaSets: new Map() });

export class CatalogError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'CatalogError';
  }
}

export function loadCatalog(root: string = REPO_ROOT): Catalog {
  const key = resolve(root);
  const hit = catalogs.get(key);
  if (hit) return hit;
  const { data, file } = readCatalogData(key);
  const catalog = checkedCatalog(data, file);
  catalogs.set(key, catalog);
  return catalog;
}

/**
 * A catalog file named by path, YAML or JSON (the reports of a run against another catalog, the report
 * tests' small hand-written one): read as it is, no twin, not cached, checked as loadCatalog checks.
 */
export function loadCatalogFile(path: string): Catalog {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CatalogError(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); run npm run generate`);
  }
  let data: Partial<Catalog> | null;
  try {
    data = (path.endsWith('.json') ? JSON.parse(text) : yaml().parse(text)) as Partial<Catalog> | null;
  } catch (error) {
    throw new CatalogError(path, `is not ${path.endsWith('.json') ? 'JSON' : 'YAML'} (${(error as Error).message})`);
  }
  return checkedCatalog(data, path);
}

function checkedCatalog(data: Partial<Catalog> | null, file: string): Catalog {
  if (!data || typeof data.version !== 'string' || !Array.isArray(data.operations) || !Array.isArray(data.requirements) || !Array.isArray(data.decisions)) {
    throw new CatalogError(file, 'is not a catalog (needs version, operations, requirements, decisions); run npm run generate');
  }
  return data as Catalog;
}

/**
 * The JSON twin when there is one (a run loads the catalog in every process, and JSON.parse is about
 * a hundred times cheaper than the yaml package); the YAML otherwise. A twin generated from another
 * YAML than the one beside it is refused rather than trusted: it would test against facts nobody sees.
 */
function readCatalogData(root: string): { data: Partial<Catalog> | null; file: string } {
  const yamlFile = join(root, CATALOG_FILE);
  const jsonFile = join(root, CATALOG_JSON_FILE);
  const yamlText = existsSync(yamlFile) ? readFileSync(yamlFile, 'utf8') : undefined;
  if (existsSync(jsonFile)) {
    let parsed: (Partial<Catalog> & Partial<CatalogJsonHeader>) | null;
    try {
      parsed = JSON.parse(readFileSync(jsonFile, 'utf8')) as (Partial<Catalog> & Partial<CatalogJsonHeader>) | null;
    } catch (error) {
      throw new CatalogError(CATALOG_JSON_FILE, `is not JSON (${(error as Error).message}); run npm run generate`);
    }
    if (!parsed || typeof parsed !== 'object') return { data: null, file: CATALOG_JSON_FILE };
    const { $comment: _note, $yamlSha256: digest, ...data } = parsed;
    if (yamlText !== undefined && digest !== yamlDigest(yamlText)) {
      throw new CatalogError(CATALOG_JSON_FILE, `was not generated from the ${CATALOG_FILE} beside it (its $yamlSha256 differs); run npm run generate`);
    }
    return { data, file: CATALOG_JSON_FILE };
  }
  if (yamlText === undefined) throw new CatalogError(CATALOG_FILE, 'missing; run npm run generate');
  return { data: yaml().parse(yamlText) as Partial<Catalog> | null, file: CATALOG_FILE };
}

/** Every generated schema, sorted by `$id`. */
export function loadSchemas(root: string = REPO_ROOT): GeneratedSchema[] {
  const key = resolve(root);
  const hit = schemaSets.get(key);
  if (hit) return hit;
  const dir = join(key, SCHEMAS_DIR);
  if (!existsSync(dir)) throw new CatalogError(SCHEMAS_DIR, 'missing; run npm run generate');
  const schemas = readdirSync(dir)
    .filter((f) => f.endsWith('.schema.json'))
    .sort()
    .map((f) => {
      const schema = JSON.parse(readFileSync(join(dir, f), 'utf8')) as GeneratedSchema;
      if (typeof schema.$id !== 'string') throw new CatalogError(`${SCHEMAS_DIR}/${f}`, 'has no $id');
      return schema;
    })
    .sort((a, b) => a.$id.localeCompare(b.$id));
  schemaSets.set(key, schemas);
  return schemas;
}

/** Forget cached results (tests that regenerate into a temporary root). */
export function clearCatalogCache(): void {
  catalogs.clear();
  schemaSets.clear();
}
