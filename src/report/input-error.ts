// A report input the user handed us (waivers file, baseline file, command line) is wrong. The CLI
// turns it into one clear message and exit code 2, like a configuration error.
import { readFileSync } from 'node:fs';

export class ReportInputError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    detail: string,
  ) {
    super(`${file}${where ? `: ${where}` : ''}: ${detail}`);
    this.name = 'ReportInputError';
  }
}

/** The text of a report input file, or a ReportInputError naming `what` could not be read. */
export function readInputFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ReportInputError(
      file,
      '',
      `cannot read ${what} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
}
