// Endpoint selection from a Keystone v3 catalog, as the API-SIG "Consuming Service Catalog"
// guideline describes it: entries whose type is the service type (official first, then aliases),
// endpoints whose interface is one of the wanted ones, then the region; among what is left the
// highest-priority interface, and the first with a warning when more than one remains.
import type { Service } from '../catalog/model.ts';
import type { CatalogEntry } from './keystone.ts';
import type { Interface } from './model.ts';
import { SERVICE_TYPES } from './service-types.ts';

export interface EndpointChoice {
  url: string;
  type: string;
  interface: Interface;
  region?: string;
}

export type Selection = { ok: true; choice: EndpointChoice; warning?: string } | { ok: false; reason: string };

export function selectEndpoint(
  catalog: readonly CatalogEntry[],
  service: Service,
  want: { interfaces: readonly Interface[]; regionName?: string },
): Selection {
  const types = SERVICE_TYPES[service];
  const reasons: string[] = [];
  for (const type of types) {
    const entries = catalog.filter((e) => e && e.type === type);
    if (entries.length === 0) continue;
    const all = entries
      .flatMap((e) => (Array.isArray(e.endpoints) ? e.endpoints : []))
      .filter((ep) => typeof ep?.url === 'string');
    const byInterface = all.filter((ep) => want.interfaces.includes(normalizeInterface(ep.interface) as Interface));
    if (byInterface.length === 0) {
      const found = [...new Set(all.map((ep) => String(ep.interface)))].join(', ') || 'none';
      reasons.push(`type ${type}: no ${want.interfaces.join('/')} endpoint (interfaces found: ${found})`);
      continue;
    }
    const byRegion = want.regionName
      ? byInterface.filter((ep) => ep.region === want.regionName || ep.region_id === want.regionName)
      : byInterface;
    if (byRegion.length === 0) {
      const found = [...new Set(byInterface.map((ep) => String(ep.region_id ?? ep.region)))].join(', ');
      reasons.push(`type ${type}: no endpoint in region ${want.regionName} (regions found: ${found})`);
      continue;
    }
    for (const iface of want.interfaces) {
      const left = byRegion.filter((ep) => normalizeInterface(ep.interface) === iface);
      if (left.length === 0) continue;
      const first = left[0]!;
      const choice: EndpointChoice = {
        url: first.url!,
        type,
        interface: iface,
        region: (first.region_id ?? first.region) || undefined,
      };
      const distinct = new Set(left.map((ep) => ep.url));
      const warning =
        distinct.size > 1
          ? `${service}: ${distinct.size} ${iface} endpoints of type ${type} match${want.regionName ? '' : ' (no region_name set)'}; using ${first.url}`
          : undefined;
      return { ok: true, choice, warning };
    }
  }
  if (reasons.length === 0) return { ok: false, reason: `the catalog lists no service of type ${types.join(', ')}` };
  return { ok: false, reason: reasons.join('; ') };
}

function normalizeInterface(value: unknown): string {
  return typeof value === 'string' ? value.toLowerCase().replace(/url$/, '') : '';
}
