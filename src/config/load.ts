// loadConfiguration: which cloud, from which files and variables, folded and validated.
//
// Choosing the cloud (documented in README "Pointing at a real cloud"):
// - `cloud` option or OS_CLOUD names a clouds.yaml cloud (or `envvars`/OS_CLOUD_NAME for the
//   variables' own cloud). Other OS_* variables then override that cloud's settings, as the
//   `openstack` CLI does (openstacksdk alone would keep them in a separate cloud); that is what lets
//   a CI job keep the password in OS_PASSWORD next to a clouds.yaml.
// - Without OS_CLOUD, OS_* variables that name a target (OS_AUTH_URL, OS_AUTH_TYPE, OS_TOKEN,
//   OS_USERNAME, OS_USER_ID, OS_PASSWORD, OS_APPLICATION_CREDENTIAL_*, OS_*_ENDPOINT_OVERRIDE) form
//   the `envvars` cloud.
// - Otherwise the embedded reference target is used, even when a clouds.yaml with one cloud exists:
//   the suite creates and deletes resources, so a real cloud is only ever used when named.
import { homedir } from 'node:os';
import { ConfigError } from './errors.ts';
import { loadEnvironment, runOptions, type EnvMap, type Environment } from './env.ts';
import {
  findFile,
  readCloudsFile,
  candidateFiles,
  type CloudsFile,
  type RawEntry,
  type SearchOptions,
} from './files.ts';
import { foldLayer, stackLayers, type Layer } from './layers.ts';
import type { Configuration } from './model.ts';
import { validateCloud } from './validate.ts';

export interface LoadOptions {
  /** Variables to use instead of process.env. */
  env?: EnvMap;
  /** Working directory: `.env` and the first clouds.yaml location. */
  cwd?: string;
  /** Home directory for ~/.config/openstack. */
  home?: string;
  /** Instead of /etc/openstack (tests). */
  etcDir?: string;
  /** Cloud name; wins over OS_CLOUD. */
  cloud?: string;
  /** Set false to skip `.env`. */
  dotenv?: boolean;
}

/** Variables that choose a cloud or a file rather than describe one. */
const SELECTORS = new Set(['OS_CLOUD', 'OS_CLOUD_NAME', 'OS_CLIENT_CONFIG_FILE', 'OS_CLIENT_SECURE_FILE']);

/** Folded keys whose presence in the environment makes the `envvars` cloud. */
function namesTarget(key: string): boolean {
  return (
    [
      'auth_type',
      'auth.auth_url',
      'auth.token',
      'auth.username',
      'auth.user_id',
      'auth.password',
      'auth.application_credential_id',
      'auth.application_credential_name',
      'auth.application_credential_secret',
    ].includes(key) || key.endsWith('.endpoint_override')
  );
}

export function loadConfiguration(opts: LoadOptions = {}): Configuration {
  const cwd = opts.cwd ?? process.cwd();
  const environment = loadEnvironment({ env: opts.env, cwd, dotenv: opts.dotenv });
  const run = runOptions(environment);
  const vars = environment.vars;
  const search: SearchOptions = {
    cwd,
    home: opts.home ?? vars.HOME ?? homedir(),
    etcDir: opts.etcDir,
    xdgConfigHome: nonEmpty(vars.XDG_CONFIG_HOME),
  };

  const envFolded = foldLayer(envLayer(environment));
  const envNaming = [...envFolded.layer.keys()].filter(namesTarget);
  const envvarsName = nonEmpty(vars.OS_CLOUD_NAME) ?? 'envvars';
  const cloudFromEnv = nonEmpty(vars.OS_CLOUD);
  const cloudName = nonEmpty(opts.cloud) ?? cloudFromEnv;
  const cloudOrigin = opts.cloud ? { key: 'cloud option' } : environment.originOf('OS_CLOUD');

  const explicitClouds = nonEmpty(vars.OS_CLIENT_CONFIG_FILE);
  const explicitSecure = nonEmpty(vars.OS_CLIENT_SECURE_FILE);
  const cloudsPath = () =>
    findFile(
      'clouds',
      search,
      explicitClouds ? { path: explicitClouds, origin: environment.originOf('OS_CLIENT_CONFIG_FILE') } : undefined,
    );
  const securePath = () =>
    findFile(
      'secure',
      search,
      explicitSecure ? { path: explicitSecure, origin: environment.originOf('OS_CLIENT_SECURE_FILE') } : undefined,
    );

  const useEnvvars = envNaming.length > 0 && (cloudName === undefined || cloudName === envvarsName);
  if (useEnvvars) {
    const path = cloudsPath();
    if (path) {
      const file = readCloudsFile(path);
      if (file.clouds.has(envvarsName)) {
        throw new ConfigError(
          `defines a cloud named "${envvarsName}", the name of the cloud made of OS_* variables; rename that cloud or set OS_CLOUD_NAME`,
          { file: path, key: `clouds.${envvarsName}` },
        );
      }
    }
    return validateCloud({
      cloudName: envvarsName,
      layer: envFolded.layer,
      warnings: envFolded.warnings,
      envFile: environment.envFile,
      run,
      cwd,
      home: search.home,
    });
  }

  if (cloudName === undefined) {
    return {
      embedded: true,
      reason:
        'no cloud is named: OS_CLOUD is not set and no OS_* variable names an auth URL, auth type, credential or endpoint override',
      envFile: environment.envFile,
      ignoredVariables: Object.keys(vars)
        .filter((k) => k.startsWith('OS_') && !SELECTORS.has(k) && nonEmpty(vars[k]) !== undefined)
        .sort(),
      readOnly: run.readOnly,
      run,
      warnings: [],
    };
  }

  const path = cloudsPath();
  if (!path) {
    throw new ConfigError(
      `names cloud "${cloudName}", but no clouds file was found; looked for ${candidateFiles('clouds', search).join(', ')}`,
      cloudOrigin,
    );
  }
  const file = readCloudsFile(path);
  const cloud = file.clouds.get(cloudName);
  if (!cloud) {
    const known = [...file.clouds.keys()];
    throw new ConfigError(
      `names cloud "${cloudName}", which ${path} does not define (${known.length ? `it defines: ${known.join(', ')}` : 'it defines no cloud'})`,
      { ...cloudOrigin, file: cloudOrigin.file ?? path },
    );
  }
  const fileFolded = foldLayer(cloud);
  const layers: Layer[] = [fileFolded.layer];
  const warnings = [...fileFolded.warnings];
  let secureFile: CloudsFile | undefined;
  const secure = securePath();
  if (secure) {
    secureFile = readCloudsFile(secure);
    const secureCloud = secureFile.clouds.get(cloudName);
    if (secureCloud) {
      const folded = foldLayer(secureCloud);
      layers.push(folded.layer);
      warnings.push(...folded.warnings);
    }
  }
  layers.push(envFolded.layer);
  warnings.push(...envFolded.warnings);
  return validateCloud({
    cloudName,
    sourceFile: path,
    secureFile: secureFile?.path,
    layer: stackLayers(layers),
    warnings,
    envFile: environment.envFile,
    run,
    cwd,
    home: search.home,
  });
}

/** OS_* variables as a layer: OS_AUTH_URL → auth_url. Empty values count as unset. */
function envLayer(environment: Environment): Layer {
  const layer: Layer = new Map();
  // Sorted, so that which of two conflicting variables is blamed does not depend on the environment's order.
  for (const [name, value] of Object.entries(environment.vars).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!name.startsWith('OS_') || SELECTORS.has(name)) continue;
    if (/^OS_(TEST|STD|LOG)/.test(name)) continue;
    if (value.trim() === '') continue;
    const origin = environment.originOf(name);
    const entry: RawEntry = { value, origin: { variable: name, file: origin.file, line: origin.line }, label: name };
    layer.set(name.slice(3).toLowerCase(), entry);
  }
  return layer;
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s.trim() === '' ? undefined : s.trim();
}
