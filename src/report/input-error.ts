// A report input the user handed us (waivers file, baseline file, command line) is wrong. The CLI
// turns it into one clear message and exit code 2, like a configuration error.
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
