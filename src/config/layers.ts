// Folding one layer of settings (a clouds.yaml cloud, its secure.yaml part, or OS_* variables) into
// canonical keys, then stacking layers. The folds are openstacksdk's "magic fixes": hyphens become
// underscores, tenant_* is project_*, auth_plugin is auth_type, auth settings written at the top
// level move under `auth`, and `<alias>_endpoint_override` keys (volumev3_…) belong to their
// official service type.
import type { Service } from '../catalog/model.ts';
import { ConfigError } from './errors.ts';
import type { RawEntry } from './files.ts';
import { serviceOfPrefix } from './service-types.ts';

export type Layer = Map<string, RawEntry>;

export const AUTH_KEYS = [
  'auth_url',
  'username',
  'user_id',
  'password',
  'user_domain_name',
  'user_domain_id',
  'project_name',
  'project_id',
  'project_domain_name',
  'project_domain_id',
  'domain_name',
  'domain_id',
  'token',
  'application_credential_id',
  'application_credential_name',
  'application_credential_secret',
] as const;

const RENAMES: Record<string, string> = {
  auth_plugin: 'auth_type',
  endpoint_type: 'interface',
  tenant_id: 'project_id',
  tenant_name: 'project_name',
  auth_token: 'token',
};

const SERVICE_SUFFIXES = ['endpoint_override', 'api_version', 'default_microversion'] as const;
export type ServiceSetting = (typeof SERVICE_SUFFIXES)[number];

export function serviceKey(service: Service, setting: ServiceSetting): string {
  return `service.${service}.${setting}`;
}

export interface Folded {
  layer: Layer;
  warnings: string[];
}

export function foldLayer(raw: Layer): Folded {
  const warnings: string[] = [];
  const out: Layer = new Map();
  const put = (key: string, entry: RawEntry) => {
    const existing = out.get(key);
    if (existing && !sameValue(existing.value, entry.value)) {
      throw new ConfigError(`conflicts with ${existing.label}: both are set, to different values`, {
        key: entry.label,
        file: entry.origin.file,
        line: entry.origin.line,
      });
    }
    out.set(key, entry);
  };

  // Settings under `auth` win over the same setting at the top level (openstacksdk's rule), so they go first.
  const ordered = [...raw.entries()].sort(
    ([a], [b]) => Number(!a.startsWith('auth.')) - Number(!b.startsWith('auth.')),
  );
  const fromAuth = new Set<string>();
  for (const [rawKey, entry] of ordered) {
    const inAuth = rawKey.startsWith('auth.');
    let key = (inAuth ? rawKey.slice(5) : rawKey).replace(/-/g, '_');
    key = RENAMES[key] ?? key;
    if (inAuth || (AUTH_KEYS as readonly string[]).includes(key)) {
      const canonical = `auth.${key}`;
      if (!inAuth && fromAuth.has(canonical)) {
        const kept = out.get(canonical);
        if (kept && !sameValue(kept.value, entry.value)) {
          warnings.push(`${entry.label} is ignored: ${kept.label} is set too and wins`);
        }
        continue;
      }
      if (inAuth) fromAuth.add(canonical);
      put(canonical, entry);
      continue;
    }
    const service = serviceSetting(key);
    if (service) {
      put(serviceKey(service.service, service.setting), entry);
      continue;
    }
    put(key, entry);
  }
  return { layer: out, warnings };
}

function serviceSetting(key: string): { service: Service; setting: ServiceSetting } | undefined {
  for (const setting of SERVICE_SUFFIXES) {
    if (!key.endsWith(`_${setting}`)) continue;
    const service = serviceOfPrefix(key.slice(0, -setting.length - 1));
    if (service) return { service, setting };
  }
  return undefined;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Later layers override earlier ones, key by key. */
export function stackLayers(layers: Layer[]): Layer {
  const out: Layer = new Map();
  for (const layer of layers) for (const [k, v] of layer) out.set(k, v);
  return out;
}
