// A reproduce line a person can paste: the request as curl, credentials shown as `***`.
import { isCredentialHeader, MASK, type Redactor } from '../lib/redact.ts';

/** POSIX single-quote a word for sh. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface CurlInput {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export function curlLine(req: CurlInput, redactor: Redactor): string {
  const parts = ['curl', '-sS', '-i'];
  if (req.method !== 'GET' || req.body !== undefined) parts.push('-X', req.method);
  for (const [name, value] of Object.entries(req.headers)) {
    const shown = isCredentialHeader(name) ? MASK : redactor.text(value);
    parts.push('-H', shellQuote(`${name}: ${shown}`));
  }
  if (req.body !== undefined) parts.push('--data-raw', shellQuote(redactor.text(req.body)));
  parts.push(shellQuote(redactor.text(req.url)));
  return parts.join(' ');
}
