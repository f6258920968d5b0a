// Official service types and their aliases, as os-service-types publishes them. Catalog lookup and
// `<service>_endpoint_override`-style keys accept every alias, the official type first.
import type { Service } from '../catalog/model.ts';

export const SERVICE_TYPES: Record<Service, readonly string[]> = {
  orchestration: ['orchestration'],
  image: ['image'],
  'block-storage': ['block-storage', 'volumev3', 'volumev2', 'volume', 'block-store'],
};

export const SERVICES = Object.keys(SERVICE_TYPES) as Service[];

/** Config-key prefixes for a service, official first: `block_storage`, `volumev3`, … */
export function keyPrefixes(service: Service): string[] {
  return SERVICE_TYPES[service].map((t) => t.replace(/-/g, '_'));
}

/** The service a config-key prefix (`volumev3`, `block_storage`) belongs to. */
export function serviceOfPrefix(prefix: string): Service | undefined {
  for (const s of SERVICES) if (keyPrefixes(s).includes(prefix)) return s;
  return undefined;
}
