// One error type for every configuration problem, so the CLIs can tell "your configuration is wrong"
// (exit 2) from "the target misbehaved" (exit 1) without parsing messages.

export interface ConfigErrorWhere {
  /** The configuration key (`auth.auth_url`, `region_name`) or variable (`OS_AUTH_URL`). */
  key?: string;
  /** The file the value came from (clouds.yaml, secure.yaml, .env, a cacert). */
  file?: string;
  /** 1-based line in `file`, when known. */
  line?: number;
}

export class ConfigError extends Error {
  readonly key?: string;
  readonly file?: string;
  readonly line?: number;

  constructor(problem: string, where: ConfigErrorWhere = {}) {
    super(formatMessage(problem, where));
    this.name = 'ConfigError';
    this.key = where.key;
    this.file = where.file;
    this.line = where.line;
  }
}

function formatMessage(problem: string, where: ConfigErrorWhere): string {
  const place = where.file ? (where.line ? `${where.file}:${where.line}` : where.file) : '';
  const parts = [place, where.key].filter((p) => p && p.length > 0);
  return parts.length > 0 ? `${parts.join(': ')}: ${problem}` : problem;
}

export function isConfigError(e: unknown): e is ConfigError {
  return e instanceof ConfigError;
}
