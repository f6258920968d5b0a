// Secrets never leave this layer in clear: configurations are printed redacted and every error
// message that could quote a server's answer is scrubbed of every secret value known.
import { MASK, redactText } from '../lib/redact.ts';
import type { Configuration, ResolvedConfig } from './model.ts';

const SECRET_AUTH_FIELDS = ['password', 'token', 'applicationCredentialSecret'] as const;

/** The secret values a configuration carries (passwords, tokens, application-credential secrets). */
export function configSecrets(config: Configuration): string[] {
  if (config.embedded) return [];
  return SECRET_AUTH_FIELDS.map((f) => config.auth[f]).filter(
    (v): v is string => typeof v === 'string' && v.length > 0,
  );
}

/** A copy of the configuration with every secret replaced by `***`. */
export function redactConfig<T extends Configuration>(config: T): T {
  if (config.embedded) return structuredClone(config);
  const copy = structuredClone(config) as T & ResolvedConfig;
  for (const f of SECRET_AUTH_FIELDS) if (copy.auth[f] !== undefined) copy.auth[f] = MASK;
  const secrets = configSecrets(config);
  copy.warnings = copy.warnings.map((w) => redactText(w, secrets));
  return copy;
}
