// Secrets never leave this layer in clear: configurations are printed redacted and every error
// message that could quote a server's answer is scrubbed of every secret value known.
import type { Configuration, ResolvedConfig } from './model.ts';

export const REDACTED = '***';

const SECRET_AUTH_FIELDS = ['password', 'token', 'applicationCredentialSecret'] as const;

/** The secret values a configuration carries (passwords, tokens, application-credential secrets). */
export function configSecrets(config: Configuration): string[] {
  if (config.embedded) return [];
  return SECRET_AUTH_FIELDS.map((f) => config.auth[f]).filter((v): v is string => typeof v === 'string' && v.length > 0);
}

/** A copy of the configuration with every secret replaced by `***`. */
export function redactConfig<T extends Configuration>(config: T): T {
  if (config.embedded) return structuredClone(config);
  const copy = structuredClone(config) as T & ResolvedConfig;
  for (const f of SECRET_AUTH_FIELDS) if (copy.auth[f] !== undefined) copy.auth[f] = REDACTED;
  const secrets = configSecrets(config);
  copy.warnings = copy.warnings.map((w) => redactText(w, secrets));
  return copy;
}

/** `text` with every occurrence of every secret (and its URL-encoded form) replaced by `***`. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  const ordered = [...new Set(secrets)].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  for (const s of ordered) {
    out = out.split(s).join(REDACTED);
    const encoded = encodeURIComponent(s);
    if (encoded !== s) out = out.split(encoded).join(REDACTED);
  }
  return out;
}
