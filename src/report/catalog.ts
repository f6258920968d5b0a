// The catalog the report is laid out from: the project's generated catalog through its loader, or a
// given file (CONFORMANCE_CATALOG, the reporter's `catalogFile` option — the report tests use a small
// hand-written one).
import { readFileSync } from 'node:fs';
import { yaml } from '../config/yaml.ts';
import { loadCatalog } from '../catalog/load.ts';
import type { Catalog } from '../catalog/model.ts';
import { ReportInputError } from './input-error.ts';

export function loadReportCatalog(file?: string): Catalog {
  if (!file) {
    try {
      return loadCatalog();
    } catch (error) {
      throw new ReportInputError('catalog/catalog.yaml', '', (error as Error).message.replace(/^catalog\/catalog\.yaml: /, ''));
    }
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ReportInputError(file, '', `cannot read the catalog (${(error as NodeJS.ErrnoException).code ?? String(error)}); run \`npm run generate\``);
  }
  const catalog = yaml().parse(text) as Partial<Catalog> | null;
  for (const key of ['operations', 'requirements', 'decisions'] as const) {
    if (!catalog || !Array.isArray(catalog[key])) throw new ReportInputError(file, key, 'expected a list: not a catalog');
  }
  if (typeof catalog!.version !== 'string') throw new ReportInputError(file, 'version', 'expected the catalog version (sha256 of the pages)');
  return catalog as Catalog;
}
