// The catalog model: what the generator reads out of the API pages and what every other layer
// (schemas, reference target, checks, reports) reads instead of the pages. Imports nothing.

/** MUST / SHOULD / MAY, as decided from the page's wording (or as upstream compatibility). */
export type Level = 'MUST' | 'SHOULD' | 'MAY';

/** The OpenStack service type a page's folder names (`specs/<service-type>/`). */
export type Service = 'orchestration' | 'image' | 'block-storage';

/** The service types the suite can reach (endpoints, error bodies, target); a page folder must be one. */
export const SERVICES: readonly Service[] = ['orchestration', 'image', 'block-storage'];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD';

/** Where a fact was read: the spec file (repo-relative), the table's caption, the row's key, the 1-based line. */
export interface Source {
  doc: string;
  table: string;
  row: string;
  line: number;
}

/** JSON types a documented type word maps to. */
export type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';

export interface Field {
  /** Name as documented, unescaped (`project_id`, `name~`, `changes-since`). */
  name: string;
  /** Dotted path from the body root; `[]` marks array items: `backups[].links[].href`. */
  path: string;
  in: 'path' | 'query' | 'header' | 'body';
  /** The type word exactly as the page writes it (`List <dict>`, `list&lt;dict&gt;` unescaped, `String`). */
  docType: string;
  type: JsonType;
  /** For arrays: the item type. */
  items?: JsonType;
  /** Request fields: the Mandatory column. Response fields: whether a conforming response must carry the key (as decided). */
  required: boolean;
  /** A Mandatory cell that states a condition instead of Yes/No ("Mandatory for replace and add, and not for remove"); `required` is then false. */
  requiredWhen?: string;
  /** The description calls the field deprecated. */
  deprecated?: boolean;
  /** Whether `null` is accepted (as decided in specs/decisions.yaml). */
  nullable: boolean;
  /** Values written in prose ("Valid values include …", "The value can be …"). */
  enum?: string[];
  /** A timestamp the page describes, and the form it writes (`CCYY-MM-DDThh:mm:ss±hh:mm`). */
  timestamp?: { documentedForm: string };
  /** Microversion the page says the field first appears in (`3.45`). */
  sinceMicroversion?: string;
  description: string;
  source: Source;
  /** Ids of decisions in specs/decisions.yaml that bear on this field. */
  decisions?: string[];
  /**
   * Request fields: the value the suite's own requests send, where a decision says which value a
   * correct cloud accepts (a template of resources any Heat completes; a size larger than the one the
   * suite creates). Without it the suite makes up a value of the documented type.
   */
  requestValue?: unknown;
}

export interface StatusCode {
  code: number;
  kind: 'success' | 'error';
  /** Reason phrase as the page gives it (`Not found`). */
  title: string;
  description: string;
  source: Source;
}

export interface Pagination {
  /** Response key holding the links (`backups_links`). */
  linksField: string;
  /** Relation of the link to the following page (`next`). */
  rel: string;
  /** Query parameters that page (`limit`, `offset`, `marker`). */
  params: string[];
  source: Source;
}

export interface MicroversionNote {
  header: string;
  /** Service name in the header value (`volume`). */
  serviceName: string;
  /** Version the page names in the note (`3.45`). */
  version: string;
  /** Parameters the note covers. */
  appliesTo: string[];
  text: string;
  source: Source;
}

export interface Example {
  kind: 'request' | 'response';
  /** The code block's text exactly as written. */
  text: string;
  /** Request line of a request example (`GET /v3/{project_id}/backups?...`), when present. */
  requestLine?: string;
  /** The JSON body, when the block holds one that parses. */
  body?: unknown;
  /**
   * A response example of an error answer, not of success: its only key is `error` or a fault name
   * (`badRequest`, `itemNotFound`), or it is labelled as an error. Readers of the success body skip it.
   */
  error?: boolean;
  /** Status of a response example that writes its status line (`HTTP/1.1 200 OK`). */
  status?: number;
  /** Headers an example writes before its body: `X-Openstack-Request-Id` in a response, `Content-Type` of a JSON-patch request. */
  headers?: Record<string, string>;
  source: Source;
}

export interface Operation {
  /** Stable kebab-case id: `software-deployment-create`, `software-deployment-show`, `software-deployment-update`, `image-list-detail`, `backup-list`. */
  id: string;
  service: Service;
  /** For `POST …/action(s)` endpoints: the body key naming the action (`os-extend`, `cancel_update`). */
  action?: string;
  title: string;
  /** Spec file, repo-relative (`specs/orchestration/creating-one-or-more-software-deployments.md`). */
  doc: string;
  method: HttpMethod;
  /** URI template as the URI section writes it, without a query. */
  path: string;
  /** A query the URI line itself writes (`usage=True` of `GET …/os-quota-sets/{project_id}?usage=True`). */
  uriQuery?: string;
  /** Paragraphs that call the operation deprecated, abandoned or not recommended. */
  deprecated?: { text: string; source: Source }[];
  /** A request body that is not one JSON object: a JSON-patch array sent with one of these media types. */
  /** A body other than a JSON object: a JSON-patch array, or the raw bytes of a file (`application/octet-stream`). */
  requestBodyForm?: { kind: 'json-patch' | 'binary'; mediaTypes: string[] };
  /**
   * Success answers carry no body: 202/204 pages with no response table and no JSON response example,
   * or pages whose example response is "None" and whose tables describe only the error answer.
   */
  noResponseBody?: boolean;
  /** Fields the response tables document for the error answer only (see `noResponseBody`); no success requirement reads them. */
  errorResponse?: Field[];
  /** Other paths the target may serve the operation at, as decided (`/v3/{project_id}/backups`). */
  alternatePaths: string[];
  /** Path of the page's own request example, when it has one. */
  examplePath?: string;
  pathParams: Field[];
  queryParams: Field[];
  requestBody: Field[];
  response: Field[];
  statusCodes: StatusCode[];
  pagination?: Pagination;
  microversions: MicroversionNote[];
  examples: Example[];
  /** `$id`s of the generated JSON Schemas. */
  schemas: { request?: string; response?: string };
  source: Source;
}

/** The families of checks, in report order. */
export const FAMILIES = ['schema', 'timestamps', 'enums', 'status-codes', 'headers', 'pagination', 'filters', 'stateful'] as const;

export type Family = (typeof FAMILIES)[number];

/**
 * What a requirement asserts, and the family it belongs to: the one vocabulary the generator emits,
 * the checks cover (a check declares the family and assertions it verifies) and the types derive from.
 */
export const ASSERTIONS = {
  // schema: subject = top-level key, or field path (`software_deployment.status`, `backups[].links[].href`)
  envelope: 'schema', // the documented top-level key is there and is an object/array as documented
  'field-present': 'schema', // a documented field that must be present is present
  'field-type': 'schema', // a documented field has its documented type (null only where decided nullable)
  // timestamps: subject = field path, or `updated_time>=creation_time`
  'timestamp-format': 'timestamps',
  'timestamp-order': 'timestamps',
  // enums: subject = field path (response) or request field name
  'enum-response': 'enums', // response values are within the documented set
  'enum-request-rejected': 'enums', // a request with an undocumented value is rejected
  // status-codes: subject = the code (`200`) or `<code>-<condition>` (`401-missing-token`,
  // `401-invalid-token`, `404-unknown-id`, `400-malformed-json`, `400-missing-mandatory`,
  // `400-wrong-type`, `400-bad-filter-value`, `403-other-project`)
  'success-code': 'status-codes',
  'error-code': 'status-codes',
  'error-body': 'status-codes', // upstream fault body shape (SHOULD, basis upstream)
  // headers: subject = header name
  'content-type-json': 'headers',
  'request-id': 'headers', // upstream
  'microversion-echo': 'headers', // upstream
  'microversion-out-of-range': 'headers', // upstream (406)
  // pagination: subject = the links field or paging parameter
  'next-link-exactly-when-more': 'pagination',
  'walk-no-repeats': 'pagination',
  'walk-no-gaps': 'pagination',
  'limit-honoured': 'pagination',
  'marker-honoured': 'pagination',
  'offset-honoured': 'pagination',
  'link-same-origin': 'pagination',
  'link-rel': 'pagination',
  'walk-bounded': 'pagination', // the chain ends; a cycle is a failure
  'limit-marker-paging': 'pagination', // image list paging by limit/marker (upstream)
  // filters: subject = the query parameter (`status`, `name~`, `changes-since`, `with_count`)
  'filter-narrows': 'filters',
  // an ordering parameter (`sort_key`, `sort_keys`, `sort_dir`, `sort`) orders the list by the key asked for
  'sort-orders': 'filters',
  'filter-bad-value-rejected': 'filters',
  'with-count-total': 'filters',
  // stateful: subject = what is compared
  'id-stable': 'stateful',
  'create-persisted': 'stateful',
  'create-listed': 'stateful', // a created resource appears in its list
  'update-applied': 'stateful',
  'updated-time-set': 'stateful',
  'delete-removed': 'stateful', // after a delete, show answers 404 and the list no longer has it
} as const satisfies Record<string, Family>;

export type Assertion = keyof typeof ASSERTIONS;

/** The assertions of one family: `AssertionOf<'stateful'>`. */
export type AssertionOf<F extends Family> = { [A in Assertion]: (typeof ASSERTIONS)[A] extends F ? A : never }[Assertion];

export interface Requirement {
  /** Stable kebab-case segments joined by dots: `software-deployment-show.software-deployment.status.enum-response`. */
  id: string;
  operation: string;
  family: Family;
  assertion: Assertion;
  level: Level;
  /** Why this level: the page's wording, or "upstream compatibility" with the decision id. */
  levelReason: string;
  /** Present tense, reads as documentation: `software_deployment.status is one of COMPLETE, IN_PROGRESS, FAILED`. */
  title: string;
  /** Field path or status code the requirement is about. */
  subject: string;
  /** `documented`: the pages state it. `upstream`: only upstream OpenStack does it (checked at SHOULD). */
  basis: 'documented' | 'upstream';
  source: Source;
  /** Decision id in specs/decisions.yaml, where one applies. */
  decision?: string;
  /** Microversion needed to ask the target about it. */
  sinceMicroversion?: string;
}

export interface Evidence {
  doc: string;
  line: number;
  quote: string;
}

/** How checks treat a decided point. */
export type Treatment = 'fail' | 'warn' | 'accept-either';

/**
 * How the suite obtains a resource the pages refer to but give no way to create (a `config_id`, a
 * `server_id`): a reviewed decision names upstream's own create request, or that any value of the
 * suite's own is accepted. A configured id (`OS_<NOUN>_ID`) is used before either.
 */
export interface Provision {
  /** The resource as the resource model names it (`software-configuration`, `server`). */
  resource: string;
  service: Service;
  /** Made with this request (`{name}` in the body is replaced by a `cac-` name), deleted at `path/{id}`. */
  create?: { method: HttpMethod; path: string; body: unknown };
  /** A value of the suite's own is accepted where the resource is named (stored unchecked upstream);
   * beside `create`: used when the target does not serve that request. */
  anyValue?: boolean;
}

export interface Decision {
  id: string;
  title: string;
  /**
   * False for a decision `npm run generate -- --draft` proposed (specs/decisions-draft.yaml) and nobody
   * has reviewed yet: reports mark the verdicts that rest on it. Every decision of specs/decisions.yaml
   * is reviewed.
   */
  reviewed: boolean;
  /** Quoted text on each side of the contradiction or ambiguity. */
  evidence: Evidence[];
  decision: string;
  treatment: Treatment;
  /** Operations and field paths it bears on: the concrete pairs, also where decisions.yaml writes a pattern. */
  appliesTo: { operation: string; subject: string }[];
  /** Resources the request plans obtain as this decision says. */
  provide?: Provision[];
  /**
   * Status codes accepted in place of the documented error code of the requirements it applies to
   * (a public versions document answers 300 without a token).
   */
  accepts?: number[];
}

export interface Catalog {
  /** sha256 of the spec pages, in file name order. */
  version: string;
  generatedBy: string;
  operations: Operation[];
  requirements: Requirement[];
  decisions: Decision[];
}
