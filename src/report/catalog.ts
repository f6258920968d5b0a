// The catalog the report is laid out from: the project's generated catalog, or a given file (the
// reporter's `catalogFile` option; the report tests use a small hand-written one), both through the
// catalog's one loader (src/catalog/load.ts); its errors become report input errors (exit 2).
import { CatalogError, loadCatalog, loadCatalogFile } from '../catalog/load.ts';
import type { Catalog } from '../catalog/model.ts';
import { ReportInputError } from './input-error.ts';

export function loadReportCatalog(file?: string): Catalog {
  try {
    return file ? loadCatalogFile(file) : loadCatalog();
  } catch (error) {
    if (error instanceof CatalogError) throw new ReportInputError(error.file, '', error.problem);
    throw error;
  }
}
