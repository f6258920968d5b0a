// The only module of the project that reads process.env. Everything else asks these functions.
// `.env` in the working directory is read with dotenv's parser into a private map: it never mutates
// process.env and never overrides a variable that is already set (dotenv's own rule: set means
// present, even when empty).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { DEFAULT_LIMITS, type Limits, type TlsOptions } from '../session/model.ts';
import { ConfigError } from './errors.ts';

export type EnvMap = Record<string, string | undefined>;

export interface EnvironmentOptions {
  /** Variables to use instead of process.env (tests). */
  env?: EnvMap;
  /** Directory whose `.env` is read; defaults to process.cwd(). */
  cwd?: string;
  /** Set false to skip `.env`. */
  dotenv?: boolean;
}

export interface Environment {
  /** Variables after `.env` was merged under the real environment; undefined values dropped. */
  vars: Record<string, string>;
  /** The `.env` file read, if any. */
  envFile?: string;
  /** Where a variable came from, for error messages: `.env` file and line, or the environment. */
  originOf(name: string): { key: string; file?: string; line?: number };
}

export function loadEnvironment(opts: EnvironmentOptions = {}): Environment {
  const base = opts.env ?? process.env;
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) vars[k] = v;
  const fromFile = new Map<string, number | undefined>();
  let envFile: string | undefined;
  if (opts.dotenv !== false) {
    const candidate = resolve(opts.cwd ?? process.cwd(), '.env');
    if (existsSync(candidate)) {
      envFile = candidate;
      const text = readText(candidate);
      const parsed = parseDotenv(text);
      for (const [k, v] of Object.entries(parsed)) {
        if (Object.prototype.hasOwnProperty.call(base, k) && base[k] !== undefined) continue;
        vars[k] = v;
        fromFile.set(k, lineOfAssignment(text, k));
      }
    }
  }
  return {
    vars,
    envFile,
    originOf(name) {
      if (fromFile.has(name)) return { key: name, file: envFile, line: fromFile.get(name) };
      return { key: name };
    },
  };
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file: path });
  }
}

function lineOfAssignment(text: string, key: string): number | undefined {
  const re = new RegExp(`^\\s*(?:export\\s+)?${key.replace(/[^A-Za-z0-9_]/g, '\\$&')}\\s*[=:]`);
  const lines = text.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) if (re.test(lines[i] ?? '')) return i + 1;
  return undefined;
}

/** `pages` (default; `must` is its former name), `upstream` or `should`: see src/report/model.ts GateLevel. */
export type Gate = 'pages' | 'upstream' | 'should';

export interface RunOptions {
  /** REFERENCE_DEFECT as given (the reference target's defect switch). */
  referenceDefect?: string;
  /** REFERENCE_DEFECT split on commas, trimmed, empty entries dropped. */
  referenceDefects: string[];
  /** REFERENCE_VARIANT as given. */
  referenceVariant?: string;
  /** CONFORMANCE_BASELINE: path of an earlier conformance.json to compare with. */
  baseline?: string;
  /** CONFORMANCE_WAIVERS: path of the waivers file. */
  waivers?: string;
  /** CONFORMANCE_READ_ONLY: skip every check that writes. */
  readOnly: boolean;
  /** CONFORMANCE_GATE: which failures make the run fail. */
  gate: Gate;
  /**
   * CONFORMANCE_TRANSPORT: `guarded` (default; node:http with a streaming body cap that also bounds
   * decompression) or `playwright` (Playwright's APIRequestContext, which buffers whole bodies).
   */
  transport: Transport;
  limits: Limits;
  /** The limits a CONFORMANCE_* variable set (they win over a clouds.yaml `conformance:` map). */
  limitsFromEnvironment: (keyof Limits)[];
}

export type Transport = 'guarded' | 'playwright';

export const LIMIT_VARIABLES: Array<[keyof Limits, string]> = [
  ['requestTimeoutMs', 'CONFORMANCE_REQUEST_TIMEOUT_MS'],
  ['totalBudgetMs', 'CONFORMANCE_BUDGET_MS'],
  ['maxBodyBytes', 'CONFORMANCE_MAX_BODY_BYTES'],
  ['maxPages', 'CONFORMANCE_MAX_PAGES'],
  ['maxItems', 'CONFORMANCE_MAX_ITEMS'],
  ['maxTries', 'CONFORMANCE_MAX_TRIES'],
  ['maxRetryWaitMs', 'CONFORMANCE_MAX_RETRY_WAIT_MS'],
  ['concurrency', 'CONFORMANCE_CONCURRENCY'],
];

/**
 * Run options from the environment (process.env plus `.env` when no map is given).
 * Throws ConfigError naming the variable (and `.env` line) for a value that does not parse.
 */
export function runOptions(env?: EnvMap | Environment): RunOptions {
  const environment = toEnvironment(env);
  const v = (name: string): string | undefined => {
    const value = environment.vars[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const fail = (name: string, problem: string): never => {
    throw new ConfigError(problem, environment.originOf(name));
  };

  const limits: Limits = { ...DEFAULT_LIMITS };
  const limitsFromEnvironment: (keyof Limits)[] = [];
  for (const [field, name] of LIMIT_VARIABLES) {
    const raw = v(name);
    if (raw === undefined) continue;
    const n = positiveWhole(raw);
    if (typeof n === 'string') fail(name, n);
    limits[field] = n as number;
    limitsFromEnvironment.push(field);
  }

  const gateText = v('CONFORMANCE_GATE')?.trim().toLowerCase() ?? 'pages';
  const gateRaw = gateText === 'must' ? 'pages' : gateText;
  if (gateRaw !== 'pages' && gateRaw !== 'upstream' && gateRaw !== 'should')
    fail('CONFORMANCE_GATE', `"${gateText}" is not one of pages, upstream, should`);

  const readOnlyRaw = v('CONFORMANCE_READ_ONLY');
  let readOnly = false;
  if (readOnlyRaw !== undefined) {
    const parsed = parseBoolean(readOnlyRaw);
    if (parsed === undefined)
      fail('CONFORMANCE_READ_ONLY', `"${readOnlyRaw}" is not a boolean (true/false/yes/no/1/0/on/off)`);
    readOnly = parsed as boolean;
  }

  const transportRaw = v('CONFORMANCE_TRANSPORT')?.toLowerCase() ?? 'guarded';
  if (transportRaw !== 'guarded' && transportRaw !== 'playwright') {
    fail('CONFORMANCE_TRANSPORT', `"${transportRaw}" is not one of guarded, playwright`);
  }

  const referenceDefect = v('REFERENCE_DEFECT');
  return {
    referenceDefect,
    referenceDefects: referenceDefect
      ? referenceDefect
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
    referenceVariant: v('REFERENCE_VARIANT'),
    baseline: v('CONFORMANCE_BASELINE'),
    waivers: v('CONFORMANCE_WAIVERS'),
    readOnly,
    gate: gateRaw as Gate,
    transport: transportRaw as Transport,
    limits,
    limitsFromEnvironment,
  };
}

/** A limit's value as a number, or what is wrong with it. */
export function positiveWhole(raw: string | number): number | string {
  const text = String(raw).trim();
  if (!/^\d+$/.test(text)) return `"${text}" is not a whole number`;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n <= 0) return `"${text}" must be a positive whole number`;
  return n;
}

export function toEnvironment(env?: EnvMap | Environment): Environment {
  if (env && typeof (env as Environment).originOf === 'function') return env as Environment;
  if (env) return loadEnvironment({ env: env as EnvMap, dotenv: false });
  return loadEnvironment();
}

/** YAML 1.1 / oslo-style booleans; undefined when the text is none of them. */
export function parseBoolean(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (['true', 'yes', 'y', 'on', '1'].includes(t)) return true;
  if (['false', 'no', 'n', 'off', '0'].includes(t)) return false;
  return undefined;
}

/** The process's variables with `extra` over them: what the CLI's options make of the environment. */
export function environmentWith(extra: Record<string, string>): EnvMap {
  return { ...process.env, ...extra };
}

/**
 * The environment for a child process (the Playwright runner), plus what TLS needs there:
 * NODE_EXTRA_CA_CERTS is read only at process start, so a cacert must be set before the runner starts.
 */
export function childProcessEnv(extra: Record<string, string> = {}, tls?: TlsOptions): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) out[k] = v;
  if (tls?.caFile && !tls.insecure) out.NODE_EXTRA_CA_CERTS = tls.caFile;
  return { ...out, ...extra };
}
