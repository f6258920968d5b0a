// Writes every report of a run from one ConformanceReport: conformance.json, conformance.html,
// summary.md, junit.xml and, unless turned off, the Allure results. Each file is redacted as a whole
// text right before it is written (atomically), whatever the report holds.
import { join } from 'node:path';
import type { Catalog } from '../catalog/model.ts';
import type { Exchange } from '../results/model.ts';
import { writeAllureResults } from './allure.ts';
import { AllureStaging } from './allure-staging.ts';
import { renderHtml } from './html.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';
import type { ConformanceReport } from './model.ts';
import { redactDeep, redactSecrets } from '../lib/redact.ts';
import { writeFileAtomic } from './write-atomic.ts';

export interface ReportDirs {
  reportDir: string;
  /** Where the Allure results go; null when they are turned off (nothing there is made or touched). */
  allureDir: string | null;
}

export interface WrittenFiles {
  json: string;
  html: string;
  markdown: string;
  junit: string;
  /** The Allure result directory, when the results were written. */
  allure?: string;
}

export function reportFiles(dirs: ReportDirs): WrittenFiles {
  return {
    json: join(dirs.reportDir, 'conformance.json'),
    html: join(dirs.reportDir, 'conformance.html'),
    markdown: join(dirs.reportDir, 'summary.md'),
    junit: join(dirs.reportDir, 'junit.xml'),
    ...(dirs.allureDir !== null ? { allure: dirs.allureDir } : {}),
  };
}

/** The four report files of a run from the redacted report, written at once. */
function writeReportFiles(
  report: ConformanceReport,
  catalog: Catalog,
  secrets: readonly string[],
  files: WrittenFiles,
): void {
  const write = (file: string, text: string) => writeFileAtomic(file, redactSecrets(text, secrets));
  write(files.json, JSON.stringify(report, null, 2) + '\n');
  write(files.html, renderHtml(report, catalog));
  write(files.markdown, renderMarkdown(report));
  write(files.junit, renderJunit(report));
}

export function writeReports(
  raw: ConformanceReport,
  catalog: Catalog,
  exchanges: Map<string, Exchange[]>,
  secrets: readonly string[],
  dirs: ReportDirs,
): WrittenFiles {
  const files = reportFiles(dirs);
  // Redact the structure first (credential headers quoted inside strings), then every file's text.
  const report = redactDeep(raw, secrets);
  writeReportFiles(report, catalog, secrets, files);
  if (files.allure !== undefined) writeAllureResults(files.allure, { report, catalog, exchanges, secrets });
  return files;
}

/**
 * writeReports with the Allure result set written asynchronously (thousands of small files), through
 * `staged` when the reporter staged the set as the tests ended (it must be for `dirs.allureDir`): the
 * files of a requirement whose entry the final report left as staged are taken as they were.
 */
export async function writeReportsAsync(
  raw: ConformanceReport,
  catalog: Catalog,
  exchanges: Map<string, Exchange[]>,
  secrets: readonly string[],
  dirs: ReportDirs,
  staged?: AllureStaging,
): Promise<WrittenFiles> {
  const files = reportFiles(dirs);
  const report = redactDeep(raw, secrets);
  // The Allure set first: what its writer thread has left to do (the last files, the swap, removing
  // the previous set) then runs while this thread renders and writes the other four reports.
  const allure =
    files.allure === undefined
      ? undefined
      : (staged ?? new AllureStaging(files.allure)).finishReport({ report, catalog, exchanges, secrets });
  try {
    writeReportFiles(report, catalog, secrets, files);
  } catch (error) {
    await allure?.catch(() => undefined);
    throw error;
  }
  await allure;
  return files;
}
