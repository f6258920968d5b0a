// The configuration layer's public surface.
export { ConfigError, isConfigError } from './errors.ts';
export {
  childProcessEnv,
  loadEnvironment,
  runOptions,
  type Environment,
  type EnvMap,
  type Gate,
  type RunOptions,
} from './env.ts';
export { loadConfiguration, type LoadOptions } from './load.ts';
export type {
  AuthFields,
  AuthType,
  Configuration,
  EmbeddedConfig,
  Interface,
  Origin,
  ResolvedConfig,
  TlsConfig,
} from './model.ts';
export { connect, ConnectError, type ConnectOptions, type EmbeddedTarget } from './connect.ts';
export { configSecrets, redactConfig } from './redact.ts';
export { redactText } from '../lib/redact.ts';
export { SERVICE_TYPES } from './service-types.ts';
export { credentialOrigins, mayCarryCredentials } from './origins.ts';
