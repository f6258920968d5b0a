// The catalog the report is laid out from. Production runs read catalog/catalog.yaml; the report
// tests hand in a small fixture catalog through the reporter's `catalogFile` option.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Catalog } from '../catalog/model.ts';
import { ReportInputError } from './input-error.ts';

export const DEFAULT_CATALOG_FILE = 'catalog/catalog.yaml';

export function loadReportCatalog(file: string = DEFAULT_CATALOG_FILE): Catalog {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ReportInputError(file, '', `cannot read the catalog (${(error as NodeJS.ErrnoException).code ?? String(error)}); run \`npm run generate\``);
  }
  const catalog = parse(text) as Partial<Catalog> | null;
  for (const key of ['operations', 'requirements', 'decisions'] as const) {
    if (!catalog || !Array.isArray(catalog[key])) throw new ReportInputError(file, key, 'expected a list: not a catalog');
  }
  if (typeof catalog!.version !== 'string') throw new ReportInputError(file, 'version', 'expected the catalog version (sha256 of the pages)');
  return catalog as Catalog;
}
