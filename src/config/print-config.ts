// `tsx src/config/print-config.ts [--cloud NAME]`: the resolved configuration as YAML, every secret
// shown as ***. Exit 2 on a configuration error, 1 on anything else.
import { yaml } from '../lib/yaml.ts';
import { isConfigError } from './errors.ts';
import { loadConfiguration, type LoadOptions } from './load.ts';
import type { Configuration } from './model.ts';
import { redactText } from '../lib/redact.ts';
import { configSecrets, redactConfig } from './redact.ts';

export function describeConfiguration(config: Configuration): Record<string, unknown> {
  const c = redactConfig(config);
  if (c.embedded) {
    return {
      target: 'embedded reference target',
      reason: c.reason,
      env_file: c.envFile,
      ignored_variables: c.ignoredVariables.length ? c.ignoredVariables : undefined,
      read_only: c.readOnly,
      run: c.run,
    };
  }
  return {
    cloud: c.cloudName,
    clouds_file: c.sourceFile,
    secure_file: c.secureFile,
    env_file: c.envFile,
    auth_type: c.authTypeConfigured === c.authType ? c.authType : `${c.authType} (written ${c.authTypeConfigured})`,
    auth: snakeKeys(c.auth),
    region_name: c.regionName,
    interface: c.interfaces,
    endpoint_override: nonEmpty(c.endpointOverrides),
    api_version: nonEmpty(c.apiVersions),
    default_microversion: nonEmpty(c.defaultMicroversions),
    tls: snakeKeys(c.tls),
    read_only: c.readOnly,
    run: c.run,
    origins: Object.fromEntries(
      Object.entries(c.origins).map(([k, o]) => [
        k,
        o.variable ? `${o.variable}${o.file ? ` (${o.file}:${o.line ?? '?'})` : ''}` : `${o.file}:${o.line ?? '?'}`,
      ]),
    ),
    warnings: c.warnings.length ? c.warnings : undefined,
  };
}

/** clouds.yaml spelling (auth_url, user_domain_id) for the camelCase fields. */
function snakeKeys(o: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`), v]));
}

function nonEmpty(o: object): object | undefined {
  return Object.keys(o).length ? o : undefined;
}

export interface MainIo {
  /** Load options (tests); by default process.env, process.cwd() and the home directory. */
  load?: Omit<LoadOptions, 'cloud'>;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

export function main(argv: string[], io: MainIo = {}): number {
  const out = io.stdout ?? ((t: string) => process.stdout.write(t));
  const err = io.stderr ?? ((t: string) => process.stderr.write(t));
  const i = argv.indexOf('--cloud');
  const cloud = i >= 0 ? argv[i + 1] : undefined;
  try {
    const config = loadConfiguration({ ...io.load, cloud });
    const text = yaml().stringify(describeConfiguration(config), { version: '1.1' });
    out(redactText(text, configSecrets(config)));
    return 0;
  } catch (e) {
    if (isConfigError(e)) {
      err(`configuration error: ${e.message}\n`);
      return 2;
    }
    err(`print-config failed: ${(e as Error).message}\n`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
