// One error shape for everything wrong with an input page, so the CLI can print `file:line: problem`
// and the tests can assert on file, line and problem separately.
export class PageError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
    this.name = 'PageError';
  }
}
