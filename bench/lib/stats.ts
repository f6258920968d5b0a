// Small numeric helpers shared by the bench scripts. Medians, not means: the machines are shared and
// noisy (±10% run to run), and one slow outlier should not move a figure.

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function ratio(numerator: number, denominator: number): number {
  if (!(denominator > 0)) throw new Error(`ratio with a denominator of ${denominator}`);
  return numerator / denominator;
}

export function fmtMs(ms: number): string {
  if (ms < 0) return `-${fmtMs(-ms)}`;
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(0)} ms`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  return `${(ms * 1000).toFixed(1)} µs`;
}

export function fmtMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function fmtRatio(r: number): string {
  return r.toFixed(2);
}

/** Runs `fn` `times` times in sequence and returns every measurement (the caller takes the median). */
export async function repeat<T>(times: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < times; i++) out.push(await fn(i));
  return out;
}
