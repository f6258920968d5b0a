// The one redaction of the suite: the configuration's messages, every exchange and reproduce line the
// HTTP client records, and every report file's final text go through these functions, so a secret is
// masked the same way wherever it would leave. The report redacts its whole text again before it
// touches disk, so it stays clean even when something upstream slipped (a target echoing the token
// inside a body, an error message quoting a header). Imports nothing.

export const MASK = '***';

const CREDENTIAL_HEADERS = [
  'x-auth-token',
  'x-subject-token',
  'x-service-token',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
];
const CREDENTIAL_HEADER = `(?:${CREDENTIAL_HEADERS.join('|')})`;

/** Headers whose value is a credential whatever it looks like: masked by name, not by value. */
export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADERS.includes(name.trim().toLowerCase());
}
// `X-Auth-Token: abc` in curl lines, messages and header dumps.
const HEADER_LINE = new RegExp(`(${CREDENTIAL_HEADER}[ \\t]*:[ \\t]*)(?!\\*\\*\\*)([^\\s'"<&][^'"\\r\\n<&]*)`, 'gi');
// `"X-Auth-Token": "abc"` in a JSON text held in a string (a response body, a header dump).
const HEADER_JSON = new RegExp(`("${CREDENTIAL_HEADER}"\\s*:\\s*")(?!\\*\\*\\*")((?:[^"\\\\]|\\\\.)*)`, 'gi');
// Cheap pre-test: a string that names no credential header needs neither pattern above.
const CREDENTIAL_HINT = new RegExp(CREDENTIAL_HEADER, 'i');

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The forms a secret can take in our outputs: raw, JSON-escaped, URL-encoded, HTML/XML-escaped. */
function forms(secret: string): string[] {
  const all = new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), escapeHtml(secret)]);
  all.add(JSON.stringify(JSON.stringify(secret).slice(1, -1)).slice(1, -1));
  return [...all];
}

/** Secrets shorter than this would mask ordinary words; tokens and passwords worth the name are longer. */
const MIN_SECRET_LENGTH = 4;

export function usableSecrets(secrets: Iterable<string>): string[] {
  const list = [...new Set([...secrets].filter((s) => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH))];
  // Longest first, so a secret containing another is masked whole.
  return list.sort((a, b) => b.length - a.length);
}

/**
 * Every form of every usable secret, longest secret first, computed once per list: a report is
 * redacted string by string (thousands of strings), and the forms cost more than the searching.
 * Cached by the list, and checked against a copy of it, so a list changed in place is recomputed.
 */
const formsCache = new WeakMap<readonly string[], { copy: string[]; forms: readonly string[] }>();

function secretForms(secrets: readonly string[]): readonly string[] {
  const cached = formsCache.get(secrets);
  if (cached && cached.copy.length === secrets.length && cached.copy.every((s, i) => s === secrets[i]))
    return cached.forms;
  const all = usableSecrets(secrets).flatMap(forms);
  formsCache.set(secrets, { copy: [...secrets], forms: all });
  return all;
}

function maskForms(text: string, all: readonly string[]): string {
  let out = text;
  for (const form of all) {
    if (out.includes(form)) out = out.split(form).join(MASK);
  }
  return out;
}

/**
 * Masks every known secret in any of its forms. Safe on a whole serialized file (JSON, HTML, XML):
 * it only swaps a secret's exact text for `***`, so the file keeps its syntax.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return maskForms(text, secretForms(secrets));
}

function maskText(text: string, all: readonly string[]): string {
  const out = maskForms(text, all);
  // Most strings name no credential header: skip the two header patterns for them.
  if (!CREDENTIAL_HINT.test(out)) return out;
  return out.replace(HEADER_LINE, `$1${MASK}`).replace(HEADER_JSON, `$1${MASK}`);
}

/** For one string value: known secrets, and the value of any credential header it quotes. */
export function redactText(text: string, secrets: readonly string[]): string {
  return maskText(text, secretForms(secrets));
}

/** Redacts every string in a JSON-like value (keys included), returning a copy. */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  const all = secretForms(secrets);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return maskText(v, all);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, inner] of Object.entries(v)) out[maskText(k, all)] = walk(inner);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}

/** Which of the secrets still appear in a text, in any of their forms (for tests and a final self-check). */
export function leakedSecrets(text: string, secrets: readonly string[]): string[] {
  return usableSecrets(secrets).filter((secret) => forms(secret).some((form) => text.includes(form)));
}

/**
 * Redaction against a list of secrets that changes during a run (tokens renew): the HTTP client holds
 * one and asks the session for its current secrets each time.
 */
export class Redactor {
  /** The list last seen: a source that returns a fresh array per call would miss the forms cache. */
  private last: readonly string[] = [];

  constructor(private readonly secrets: () => readonly string[]) {}

  private current(): readonly string[] {
    const now = this.secrets();
    if (now.length !== this.last.length || now.some((s, i) => s !== this.last[i])) this.last = [...now];
    return this.last;
  }

  text(value: string): string {
    return redactText(value, this.current());
  }

  headers(headers: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) out[name] = isCredentialHeader(name) ? MASK : this.text(value);
    return out;
  }
}
