// Named defects: each is one thing a real implementation could get wrong, switched on by name
// (`--defect NAME`, `REFERENCE_DEFECT`). The behaviour lives where the clean code path is, guarded
// by `ctx.defect('name')`, so a defect is always a small, visible deviation from the clean target.
import type { Family } from '../catalog/model.ts';

export interface DefectInfo {
  name: string;
  family: Family;
  description: string;
  /** Generic: applies to every operation whose documented shape it fits (see src/target/switches.ts). */
  generic?: true;
}

export const DEFECTS = [
  // schema
  {
    name: 'deployment-id-not-string',
    family: 'schema',
    description: 'software_deployment.id is a number instead of a string.',
  },
  {
    name: 'deployment-missing-config-id',
    family: 'schema',
    description: 'software_deployment bodies lack the config_id key.',
  },
  {
    name: 'deployment-no-envelope',
    family: 'schema',
    description: 'Deployment fields are returned at the top level, without the software_deployment envelope.',
  },
  {
    name: 'deployment-server-id-null',
    family: 'schema',
    description: 'software_deployment.server_id is null in responses.',
  },
  {
    name: 'image-size-as-string',
    family: 'schema',
    description: 'images[].size is a decimal string ("13167616") instead of an integer.',
  },
  { name: 'image-missing-status', family: 'schema', description: 'images[] items lack the status key.' },
  { name: 'image-protected-null', family: 'schema', description: 'images[].protected is null instead of a boolean.' },
  {
    name: 'images-envelope-object',
    family: 'schema',
    description: 'images is an object keyed by image id instead of a list.',
  },
  { name: 'backup-links-missing', family: 'schema', description: 'backups[] items lack the links list.' },
  {
    name: 'backups-envelope-renamed',
    family: 'schema',
    description: 'The list is returned under "items" instead of "backups".',
  },
  // timestamps
  {
    name: 'deployment-time-space-separator',
    family: 'timestamps',
    description: 'Deployment timestamps use a space instead of "T" ("2024-03-01 12:00:00").',
  },
  {
    name: 'deployment-time-epoch',
    family: 'timestamps',
    description: 'Deployment timestamps are epoch seconds written as a string ("1709294400").',
  },
  {
    name: 'deployment-updated-before-created',
    family: 'timestamps',
    description: 'updated_time is one hour before creation_time.',
  },
  {
    name: 'image-impossible-date',
    family: 'timestamps',
    description: 'images[].created_at names a day that does not exist (February 30).',
  },
  {
    name: 'image-time-rfc1123',
    family: 'timestamps',
    description: 'Image timestamps are HTTP dates ("Fri, 01 Mar 2024 12:00:00 GMT").',
  },
  // enums
  {
    name: 'deployment-status-lowercase',
    family: 'enums',
    description: 'software_deployment.status is written in lower case ("complete").',
  },
  {
    name: 'deployment-status-stack-style',
    family: 'enums',
    description: 'software_deployment.status is written stack-style as ACTION_STATUS ("CREATE_IN_PROGRESS").',
  },
  {
    name: 'deployment-status-enum-not-enforced',
    family: 'enums',
    description:
      'Create and update store a status outside the documented values and answer it back, as upstream Heat does.',
  },
  // status codes, error bodies, auth
  {
    name: 'deployment-create-201',
    family: 'status-codes',
    description: 'Create answers 201 instead of the documented 200.',
  },
  {
    name: 'deployment-update-202',
    family: 'status-codes',
    description: 'Update answers 202 Accepted instead of the documented 200.',
  },
  {
    name: 'deployment-unknown-id-500',
    family: 'status-codes',
    description: 'Showing an unknown deployment id answers 500 instead of 404.',
  },
  {
    name: 'deployment-malformed-json-500',
    family: 'status-codes',
    description: 'A malformed JSON body answers 500 instead of 400.',
  },
  {
    name: 'deployment-missing-field-accepted',
    family: 'status-codes',
    description: 'Create without the mandatory config_id or server_id answers 200.',
  },
  {
    name: 'deployment-wrong-type-accepted',
    family: 'status-codes',
    description: 'Create and update accept values of the wrong JSON type (input_values as a string).',
  },
  {
    name: 'deployment-error-body-plain',
    family: 'status-codes',
    description: 'Heat errors are plain text instead of the Heat fault JSON body.',
  },
  {
    name: 'backups-error-body-flat',
    family: 'status-codes',
    description: 'Cinder errors are {"code","message"} without the fault name wrapper.',
  },
  {
    name: 'image-bad-filter-accepted',
    family: 'status-codes',
    description: 'Bad image filter values (size_min=-1, size_max=abc) answer 200.',
  },
  {
    name: 'backups-bad-limit-500',
    family: 'status-codes',
    description: 'A non-integer backups limit answers 500 instead of 400.',
  },
  {
    name: 'auth-token-not-checked',
    family: 'status-codes',
    description: 'Service calls succeed without a token or with an unknown token.',
  },
  {
    name: 'auth-missing-token-403',
    family: 'status-codes',
    description: 'A missing or unknown token answers 403 instead of 401.',
  },
  {
    name: 'auth-401-service-fault',
    family: 'status-codes',
    description:
      "401 answers carry the service's own fault body (Cinder's {unauthorized: {code, message}}) instead of keystonemiddleware's.",
  },
  {
    name: 'auth-token-presence-only',
    family: 'status-codes',
    description: 'Any non-empty X-Auth-Token is accepted; only a missing token gets 401.',
  },
  {
    name: 'scope-other-project-allowed',
    family: 'status-codes',
    description: 'A project id in the path other than the token project is served.',
  },
  // headers
  {
    name: 'content-type-text-plain',
    family: 'headers',
    description: 'JSON success bodies carry Content-Type text/plain.',
  },
  {
    name: 'microversion-not-echoed',
    family: 'headers',
    description: 'Block-storage responses lack the OpenStack-API-Version header.',
  },
  {
    name: 'microversion-echo-wrong',
    family: 'headers',
    description: 'Block-storage responses always echo "volume 3.0", whatever was negotiated.',
  },
  {
    name: 'microversion-out-of-range-accepted',
    family: 'headers',
    description: 'An unsupported microversion (volume 3.99) is served instead of answering 406.',
  },
  { name: 'request-id-missing', family: 'headers', description: 'Responses lack the x-openstack-request-id header.' },
  // pagination
  {
    name: 'backups-no-next-link',
    family: 'pagination',
    description: 'backups_links is never emitted, even on a full page.',
  },
  {
    name: 'backups-next-link-self',
    family: 'pagination',
    description: 'The next link repeats the request itself, so following it loops.',
  },
  {
    name: 'backups-next-link-repeats',
    family: 'pagination',
    description: 'The next marker is the second-to-last item, so pages overlap by one.',
  },
  {
    name: 'backups-next-link-skips',
    family: 'pagination',
    description: 'The next marker is one past the last item, so one item per page is skipped.',
  },
  { name: 'backups-next-link-other-host', family: 'pagination', description: 'The next link points at another host.' },
  {
    name: 'backups-next-link-wrong-rel',
    family: 'pagination',
    description: 'The next link has rel "more" instead of "next".',
  },
  {
    name: 'backups-next-link-drops-query',
    family: 'pagination',
    description: 'The next link keeps only marker, dropping limit and the filters of the request.',
  },
  {
    name: 'backups-ignores-limit',
    family: 'pagination',
    description: 'limit is ignored; every page has up to 1000 items.',
  },
  {
    name: 'backups-ignores-marker',
    family: 'pagination',
    description: 'marker is ignored; every page starts from the first item.',
  },
  { name: 'backups-ignores-offset', family: 'pagination', description: 'offset is ignored.' },
  {
    name: 'images-ignore-limit',
    family: 'pagination',
    description: 'Image list ignores limit and returns the default page size.',
  },
  {
    name: 'images-ignore-marker',
    family: 'pagination',
    description: 'Image list ignores marker and always starts from the first image.',
  },
  // filters
  { name: 'backups-name-filter-ignored', family: 'filters', description: 'The backups name filter is ignored.' },
  {
    name: 'backups-status-filter-inverted',
    family: 'filters',
    description: 'The backups status filter returns the backups NOT in that status.',
  },
  {
    name: 'backups-like-filter-ignored',
    family: 'filters',
    description: 'Like filters (name~, status~, volume_id~) are accepted but ignored.',
  },
  {
    name: 'backups-count-page-length',
    family: 'filters',
    description: 'count is the length of the page instead of the total.',
  },
  {
    name: 'backups-count-missing',
    family: 'filters',
    description: 'with_count=true is accepted but count is never returned.',
  },
  { name: 'images-status-filter-ignored', family: 'filters', description: 'The image status filter is ignored.' },
  {
    name: 'images-size-filter-inverted',
    family: 'filters',
    description: 'size_min and size_max are swapped (size_min caps, size_max floors).',
  },
  {
    name: 'images-changes-since-ignored',
    family: 'filters',
    description: 'changes-since is ignored (and deleted images never appear).',
  },
  // stateful
  { name: 'deployment-update-not-applied', family: 'stateful', description: 'Update answers 200 but stores nothing.' },
  {
    name: 'deployment-id-changes-on-update',
    family: 'stateful',
    description: 'Update answers with (and moves the deployment to) a new id.',
  },
  {
    name: 'deployment-create-not-persisted',
    family: 'stateful',
    description: 'Create answers 200, but the deployment cannot be shown afterwards.',
  },
  {
    name: 'deployment-updated-time-missing',
    family: 'stateful',
    description: 'updated_time never appears, even after an update.',
  },
  // ---- generic: every operation where the catalog says it can apply (`NAME@operation-id` confines it)
  {
    name: 'field-wrong-type',
    family: 'schema',
    generic: true,
    description:
      'The first documented scalar field of the response has another JSON type (a string becomes a number, a number or boolean a string).',
  },
  {
    name: 'field-required-missing',
    family: 'schema',
    generic: true,
    description: 'The first required scalar field of the response is left out.',
  },
  {
    name: 'field-null',
    family: 'schema',
    generic: true,
    description: 'The first required, non-nullable scalar field of the response is null.',
  },
  {
    name: 'envelope-renamed',
    family: 'schema',
    generic: true,
    description: 'The response envelope is renamed ("volume" becomes "volume_data").',
  },
  {
    name: 'timestamp-no-offset',
    family: 'timestamps',
    generic: true,
    description: 'A timestamp whose documented form carries an offset is written without one.',
  },
  {
    name: 'timestamp-impossible',
    family: 'timestamps',
    generic: true,
    description: 'A timestamp names a day that does not exist (February 30).',
  },
  {
    name: 'timestamp-updated-before-created',
    family: 'timestamps',
    generic: true,
    description: 'The updated timestamp is one hour before the created one.',
  },
  {
    name: 'enum-outside',
    family: 'enums',
    generic: true,
    description: 'A documented enum field carries a value outside its list ("UNDOCUMENTED_VALUE").',
  },
  {
    name: 'success-code-wrong',
    family: 'status-codes',
    generic: true,
    description: 'Success answers another code than documented (200 becomes 201, anything else 200).',
  },
  {
    name: 'unknown-id-200',
    family: 'status-codes',
    generic: true,
    description: 'An unknown member id answers 200 with a made-up member instead of 404.',
  },
  {
    name: 'unknown-id-500',
    family: 'status-codes',
    generic: true,
    description: 'An unknown member id answers 500 instead of 404.',
  },
  {
    name: 'bad-body-accepted',
    family: 'status-codes',
    generic: true,
    description:
      'Request bodies are not validated: missing mandatory fields, wrong types and undocumented values are accepted.',
  },
  {
    name: 'next-link-missing',
    family: 'pagination',
    generic: true,
    description: 'A full page with more items after it has no next link.',
  },
  {
    name: 'next-link-loop',
    family: 'pagination',
    generic: true,
    description: 'The next link repeats the request itself, so following it loops.',
  },
  {
    name: 'next-link-skips',
    family: 'pagination',
    generic: true,
    description: 'The next marker is one past the last item, so an item per page is skipped.',
  },
  {
    name: 'next-link-other-host',
    family: 'pagination',
    generic: true,
    description: 'The next link points at another host.',
  },
  {
    name: 'limit-ignored',
    family: 'pagination',
    generic: true,
    description: 'limit is ignored; pages hold up to 1000 items.',
  },
  {
    name: 'marker-ignored',
    family: 'pagination',
    generic: true,
    description: 'marker is ignored; every page starts from the first item.',
  },
  {
    name: 'filter-ignored',
    family: 'filters',
    generic: true,
    description: 'Documented filters are accepted and ignored.',
  },
  {
    name: 'filter-inverted',
    family: 'filters',
    generic: true,
    description: 'Documented filters return the items that do NOT match.',
  },
  {
    name: 'sort-ignored',
    family: 'filters',
    generic: true,
    description:
      'Ordering parameters (sort_key, sort_keys, sort_dir, sort) are accepted and ignored; the default order stays.',
  },
  {
    name: 'update-not-applied',
    family: 'stateful',
    generic: true,
    description: 'Updates, actions and sub-resource edits answer success but store nothing.',
  },
  {
    name: 'delete-not-applied',
    family: 'stateful',
    generic: true,
    description: 'Delete answers success but the member stays.',
  },
  {
    name: 'id-changes-on-update',
    family: 'stateful',
    generic: true,
    description: 'An update moves the member to a new id.',
  },
  {
    name: 'create-not-persisted',
    family: 'stateful',
    generic: true,
    description: 'Create answers success, but the member cannot be shown afterwards.',
  },
] as const satisfies readonly DefectInfo[];

export type DefectName = (typeof DEFECTS)[number]['name'];

export function defectNamed(spec: string): DefectName {
  const name = spec.split('@')[0]!.trim();
  const found = DEFECTS.find((d) => d.name === name);
  if (!found) {
    throw new Error(`Unknown defect "${name}". Valid defects:\n  ${DEFECTS.map((d) => d.name).join('\n  ')}`);
  }
  return found.name;
}
