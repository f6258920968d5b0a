// Catalog + schemas → OpenAPI 3.1, for tools that speak OpenAPI (mock servers, fuzzers, client
// generators). One document per service (`catalog/openapi/<service-type>.yaml`): each service has its
// own endpoint, and two services document the same path (`GET /`, their version lists). Operations are
// tagged by resource; schemas are embedded under components and referenced by name. A timestamp keeps
// `format: iso8601-timestamp` (the suite's own format, which standard validators ignore) and carries
// beside it a `pattern` of the same forms, which every validator enforces.
import { STATUS_CODES } from 'node:http';
import type { Catalog, Field, Operation, Service } from '../catalog/model.ts';
import { TIMESTAMP_FORMAT } from '../catalog/vocabulary.ts';
import { TIMESTAMP_PATTERN } from '../catalog/timestamp.ts';
import type { JsonSchema } from './schemas.ts';
import { yamlText } from './yaml-text.ts';

export function openApiFile(service: Service): string {
  return `catalog/openapi/${service}.yaml`;
}

function componentName(id: string): string {
  return id.replace(/^.*\/schemas\//, '').replace(/\.json$/, '');
}

/** The resource an operation acts on: its id without the verb (`volume-metadata-key-show` → `volume-metadata-key`). */
export function resourceOf(op: Operation): string {
  const parts = op.id.split('-');
  const verbs = new Set([
    'list',
    'show',
    'create',
    'update',
    'replace',
    'patch',
    'delete',
    'all',
    'detail',
    'summary',
    'head',
    'accept',
    'signal',
    'preview',
    'validate',
  ]);
  while (parts.length > 1 && (verbs.has(parts[parts.length - 1]!) || /^v\d/.test(parts[parts.length - 1]!)))
    parts.pop();
  if (op.action && parts.length > 1) {
    // `volume-extend`, `stack-cancel-update`: the resource is the path's, before the action.
    const noun = op.path
      .split('/')
      .filter((s) => s && !s.startsWith('{'))
      .slice(-2, -1)[0];
    if (noun) return noun.replace(/^os-/, '').replace(/_/g, '-').replace(/s$/, '');
  }
  return parts.join('-');
}

/** Adds the timestamp pattern beside every `format: iso8601-timestamp`, at any depth. */
function withTimestampPatterns(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withTimestampPatterns);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    out[k] =
      k === 'properties' || k === 'items' || k === 'prefixItems'
        ? withTimestampPatterns(v)
        : v && typeof v === 'object' && k !== 'x-source'
          ? withTimestampPatterns(v)
          : v;
    if (k === 'format' && v === TIMESTAMP_FORMAT) out.pattern = TIMESTAMP_PATTERN;
  }
  return out;
}

function parameter(f: Field): JsonSchema {
  const schema: JsonSchema = { type: f.type };
  if (f.items) schema.items = { type: f.items };
  if (f.enum) schema.enum = [...f.enum];
  if (f.timestamp) {
    schema.format = TIMESTAMP_FORMAT;
    schema.pattern = TIMESTAMP_PATTERN;
  }
  return {
    name: f.name,
    in: f.in,
    required: f.in === 'path' ? true : f.required,
    description: f.description,
    ...(f.deprecated ? { deprecated: true } : {}),
    schema,
    'x-source': { ...f.source },
    ...(f.sinceMicroversion ? { 'x-since-microversion': f.sinceMicroversion } : {}),
  };
}

function operationObject(op: Operation): JsonSchema {
  const responses: JsonSchema = {};
  for (const sc of op.statusCodes) {
    const description = sc.description || sc.title || STATUS_CODES[sc.code] || String(sc.code);
    responses[String(sc.code)] =
      sc.kind === 'success' && op.schemas.response
        ? {
            description,
            content: {
              'application/json': { schema: { $ref: `#/components/schemas/${componentName(op.schemas.response)}` } },
            },
          }
        : { description };
  }
  const mediaTypes = op.requestBodyForm?.mediaTypes ?? ['application/json'];
  return {
    operationId: op.id,
    summary: op.title,
    tags: [resourceOf(op)],
    ...(op.deprecated ? { deprecated: true } : {}),
    parameters: [...op.pathParams, ...op.queryParams].map(parameter),
    ...(op.schemas.request
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(
              mediaTypes.map((m) => [
                m,
                { schema: { $ref: `#/components/schemas/${componentName(op.schemas.request!)}` } },
              ]),
            ),
          },
        }
      : op.requestBodyForm?.kind === 'binary'
        ? {
            requestBody: {
              required: true,
              content: Object.fromEntries(mediaTypes.map((m) => [m, { schema: { type: 'string', format: 'binary' } }])),
            },
          }
        : {}),
    responses,
    'x-source': { ...op.source },
    ...(op.action ? { 'x-action': op.action } : {}),
    ...(op.alternatePaths.length ? { 'x-alternate-paths': [...op.alternatePaths] } : {}),
  };
}

/** One OpenAPI document per service present in the catalog: file path → contents. */
export function renderOpenApi(catalog: Catalog, schemas: Map<string, JsonSchema>): Map<string, string> {
  const out = new Map<string, string>();
  const services = [...new Set(catalog.operations.map((o) => o.service))].sort();
  for (const service of services) {
    const ops = catalog.operations.filter((o) => o.service === service);
    const paths: JsonSchema = {};
    for (const op of [...ops].sort((a, b) => a.path.localeCompare(b.path))) {
      const item = (paths[op.path] ??= {}) as JsonSchema;
      const method = op.method.toLowerCase();
      if (item[method]) {
        // Several actions share `POST …/action`: one operation, one body per action.
        const prev = item[method] as JsonSchema;
        const actions = (prev['x-actions'] as string[] | undefined) ?? [prev.operationId as string];
        item[method] = { ...prev, 'x-actions': [...actions, op.id] };
        continue;
      }
      item[method] = operationObject(op);
    }
    const components: JsonSchema = {};
    const wanted = new Set(ops.flatMap((o) => [o.schemas.request, o.schemas.response]).filter((x): x is string => !!x));
    for (const [id, schema] of [...schemas.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      if (!wanted.has(id)) continue;
      const { $schema: _dialect, ...rest } = schema;
      components[componentName(id)] = withTimestampPatterns(rest);
    }
    const doc = {
      openapi: '3.1.0',
      info: {
        title: `cloud-api-conformance: ${service}`,
        version: catalog.version.slice(0, 12),
        description: `The ${service} operations of specs/${service}/. Generated from the pages and specs/decisions.yaml by npm run generate; do not edit. Every schema property cites its page, table, row and line in x-source. Timestamps carry the suite's format iso8601-timestamp and, for other validators, a pattern of the same forms.`,
      },
      jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
      tags: [...new Set(ops.map(resourceOf))].sort().map((name) => ({ name })),
      paths,
      components: { schemas: components },
    };
    out.set(openApiFile(service), `# Generated by npm run generate; do not edit.\n${yamlText(doc)}`);
  }
  return out;
}
