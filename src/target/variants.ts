// Named variants: legal choices the pages (or upstream OpenStack) allow that differ from the clean
// target's. A conformance run against any of them must have no failure.

export interface VariantInfo {
  name: string;
  description: string;
}

export const VARIANTS = [
  {
    name: 'heat-offset-plus-0200',
    description: 'Heat timestamps carry a +02:00 offset (same instant): "2024-03-01T14:00:00+02:00".',
  },
  { name: 'heat-utc-plus-00-00', description: 'Heat timestamps write UTC as "+00:00" instead of "Z".' },
  {
    name: 'heat-fractional-seconds',
    description:
      'Heat timestamps keep microseconds before the Z ("2024-03-01T12:00:00.000000Z"); the decisions allow fractions.',
  },
  {
    name: 'heat-status-reason-none',
    description: 'Upstream quirk (Ocata+): an omitted status_reason is stored as the string "None".',
  },
  {
    name: 'heat-missing-field-500',
    description:
      'Upstream Heat: a create without config_id or server_id fails the DB NOT NULL constraint and answers 500.',
  },
  {
    name: 'glance-no-fraction',
    description:
      'Glance timestamps without fractional seconds, as Kilo and earlier wrote them ("2014-03-06T16:37:50").',
  },
  {
    name: 'glance-changes-since-seconds',
    description:
      'Glance prints microseconds but compares changes-since at whole seconds (the page states no precision).',
  },
  {
    name: 'glance-utc-z',
    description: 'Glance timestamps carry a Z ("2016-05-22T06:04:20.425843Z"); the page states no form.',
  },
  {
    name: 'extra-response-fields',
    description:
      'Responses carry undocumented extra keys (deployment links, image os_hash_algo, backup description; "x-vendor-extra" on every member the generic core serves).',
  },
  {
    name: 'image-page-size-10',
    description: 'Glance limit_param_default = 10: without limit, at most 10 images come back.',
  },
  {
    name: 'backups-max-limit-50',
    description: 'Cinder osapi_max_limit = 50: larger limits are clamped, a full page of 50 has a next link.',
  },
  {
    name: 'backups-unknown-marker-400',
    description: 'An unknown backups marker answers 400 badRequest (the page lists 400 and 404).',
  },
  {
    name: 'backups-upstream-path-only',
    description:
      'Backups are served only at /v3/{project_id}/backups, as upstream Cinder; /native/backups answers 404.',
  },
  {
    name: 'backups-count-links-upstream',
    description:
      'Upstream Cinder rule with with_count: a next link on every non-empty page while limit <= count, the last page included.',
  },
  {
    name: 'cinder-like-filters-3.34',
    description: 'Like filters (name~ …) need microversion 3.34 as upstream (LIKE_FILTER); 3.31–3.33 answer 400.',
  },
  {
    name: 'cinder-max-version-3.50',
    description: 'An older Cinder: microversions 3.0 to 3.50; 3.51 and above answer 406.',
  },
  // ---- generic: every operation the choice fits
  {
    name: 'utc-plus-00-00',
    description:
      'Every timestamp the target writes with Z (a documented offset form, or the service habit) is written "+00:00" instead.',
  },
  {
    name: 'offset-plus-0200',
    description: 'Every timestamp the target writes with Z is written for the same instant at +02:00.',
  },
] as const satisfies readonly VariantInfo[];

export type VariantName = (typeof VARIANTS)[number]['name'];

export function variantNamed(name: string): VariantName {
  const found = VARIANTS.find((v) => v.name === name);
  if (!found) {
    throw new Error(`Unknown variant "${name}". Valid variants:\n  ${VARIANTS.map((v) => v.name).join('\n  ')}`);
  }
  return found.name;
}
