// Scans every output of a run for every secret, in the forms a secret takes on its way into a file:
// raw, URL-encoded, JSON- and HTML-escaped, hex, base64 and base64url (at all three byte alignments,
// so a secret inside a larger base64 blob is found too). Zip archives (Playwright traces) and gzip
// files are opened and scanned inside. What cannot be read is reported as a problem rather than
// passed over, so an unreadable output never counts as clean.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';

export interface SecretFinding {
  /** File (and archive entry) or stream name. */
  where: string;
  /** Which encoding of the secret matched (`raw`, `base64@1`, `url`, …). */
  form: string;
  /** Which secret matched, by position in the list given, never the value. */
  secretIndex: number;
}

export interface ScanResult {
  findings: SecretFinding[];
  /** Names of everything scanned, archive entries included. */
  scanned: string[];
  /** What could not be scanned (unreadable file, unsupported archive); a non-empty list is not clean. */
  problems: string[];
}

const MIN_FRAGMENT = 10;
/** Inflating a hostile archive entry must not itself become a bomb. */
const MAX_INFLATE = 512 * 1024 * 1024;

function base64Fragments(secret: Buffer, alphabet: 'base64' | 'base64url'): { form: string; text: string }[] {
  const out: { form: string; text: string }[] = [];
  for (let shift = 0; shift < 3; shift += 1) {
    const padded = Buffer.concat([Buffer.alloc(shift), secret]);
    let text = padded.toString(alphabet).replace(/=+$/, '');
    // Characters that also encode neighbouring bytes depend on the surrounding data: drop them.
    const skip = [0, 2, 3][shift]!;
    text = text.slice(skip);
    if (padded.length % 3 !== 0) text = text.slice(0, -1);
    if (text.length >= MIN_FRAGMENT) out.push({ form: `${alphabet}@${shift}`, text });
  }
  return out;
}

function htmlEscape(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Every byte pattern a secret may take in an output file. */
export function secretForms(secret: string): { form: string; bytes: Buffer }[] {
  const raw = Buffer.from(secret, 'utf8');
  const forms = new Map<string, string>();
  const add = (form: string, text: string): void => {
    if (text.length > 0 && ![...forms.values()].includes(text)) forms.set(form, text);
  };
  add('raw', secret);
  const url = encodeURIComponent(secret);
  add('url', url);
  add(
    'url-lower',
    url.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
  );
  add('form', url.replace(/%20/g, '+'));
  add('json', JSON.stringify(secret).slice(1, -1));
  add('json-slash', JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/'));
  add(
    'json-ascii',
    JSON.stringify(secret)
      .slice(1, -1)
      .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
  add('html', htmlEscape(secret));
  add('hex', raw.toString('hex'));
  add('hex-upper', raw.toString('hex').toUpperCase());
  for (const f of [...base64Fragments(raw, 'base64'), ...base64Fragments(raw, 'base64url')]) add(f.form, f.text);
  return [...forms].map(([form, text]) => ({ form, bytes: Buffer.from(text, 'utf8') }));
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

function zipEntries(buf: Buffer): ZipEntry[] {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i -= 1) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || at === 0xffffffff) throw new Error('zip64 archives are not supported');
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n += 1) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry at ${at}`);
    const method = buf.readUInt16LE(at + 10);
    const compressedSize = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const localOffset = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    if (compressedSize === 0xffffffff || localOffset === 0xffffffff)
      throw new Error(`zip64 entry ${name} is not supported`);
    entries.push({ name, method, compressedSize, localOffset });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function zipEntryData(buf: Buffer, e: ZipEntry): Buffer {
  if (buf.readUInt32LE(e.localOffset) !== 0x04034b50) throw new Error(`bad local header for ${e.name}`);
  const start = e.localOffset + 30 + buf.readUInt16LE(e.localOffset + 26) + buf.readUInt16LE(e.localOffset + 28);
  const data = buf.subarray(start, start + e.compressedSize);
  if (e.method === 0) return data;
  if (e.method === 8) return zlib.inflateRawSync(data, { maxOutputLength: MAX_INFLATE });
  throw new Error(`entry ${e.name} uses unsupported compression method ${e.method}`);
}

const isZip = (b: Buffer): boolean => b.length >= 4 && b.readUInt32LE(0) === 0x04034b50;
const isGzip = (b: Buffer): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Scans one buffer (opening archives inside it) and appends to `result`. */
export function scanBuffer(
  where: string,
  buf: Buffer,
  secrets: readonly string[],
  result: ScanResult,
  depth = 0,
): void {
  result.scanned.push(where);
  const patterns = secrets.map((s) => (s.length > 0 ? secretForms(s) : []));
  patterns.forEach((forms, secretIndex) => {
    for (const { form, bytes } of forms) {
      if (buf.indexOf(bytes) >= 0) result.findings.push({ where, form, secretIndex });
    }
  });
  if (depth > 4) return;
  try {
    if (isZip(buf)) {
      for (const e of zipEntries(buf)) {
        if (e.name.endsWith('/')) continue;
        scanBuffer(`${where}!${e.name}`, zipEntryData(buf, e), secrets, result, depth + 1);
      }
    } else if (isGzip(buf)) {
      scanBuffer(`${where}!gunzip`, zlib.gunzipSync(buf, { maxOutputLength: MAX_INFLATE }), secrets, result, depth + 1);
    }
  } catch (err) {
    result.problems.push(`${where}: cannot open archive: ${(err as Error).message}`);
  }
}

async function walk(p: string, out: string[]): Promise<void> {
  const s = await stat(p);
  if (s.isDirectory()) {
    for (const name of (await readdir(p)).sort()) await walk(path.join(p, name), out);
  } else if (s.isFile()) {
    out.push(p);
  }
}

export interface ScanInput {
  /** Files or directories; directories are walked. A path that does not exist is skipped. */
  paths: readonly string[];
  /** Captured streams (stdout, stderr, error messages) by name. */
  texts?: Record<string, string>;
  secrets: readonly string[];
}

export async function scanOutputs(input: ScanInput): Promise<ScanResult> {
  const result: ScanResult = { findings: [], scanned: [], problems: [] };
  const secrets = input.secrets.filter((s) => s.length > 0);
  if (secrets.length !== input.secrets.length) result.problems.push('an empty secret was given');
  const files: string[] = [];
  for (const p of input.paths) {
    try {
      await walk(p, files);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') result.problems.push(`${p}: ${(err as Error).message}`);
    }
  }
  for (const f of files) {
    let buf: Buffer;
    try {
      buf = await readFile(f);
    } catch (err) {
      result.problems.push(`${f}: unreadable: ${(err as Error).message}`);
      continue;
    }
    scanBuffer(f, buf, secrets, result);
  }
  for (const [name, text] of Object.entries(input.texts ?? {}))
    scanBuffer(name, Buffer.from(text, 'utf8'), secrets, result);
  return result;
}

/** A one-line account of findings that never shows a secret. */
export function describeFindings(r: ScanResult): string {
  return r.findings.map((f) => `secret #${f.secretIndex} (${f.form}) in ${f.where}`).join('\n');
}
