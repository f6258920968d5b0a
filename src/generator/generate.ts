// The whole generator as one function from the repository's files to the output files' contents.
// Nothing is written here (see write-outputs.ts), so a malformed page can never leave half-written
// outputs, and the snapshot test can compare what would be written with what is committed.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG_JSON_FILE, renderCatalogJson } from '../catalog/json-twin.ts';
import type { Catalog, Decision, Field, Operation } from '../catalog/model.ts';
import { detectStructure, detectValues, detectWording, type Detection } from './detect.ts';
import {
  applyDecisions,
  checkCoverage,
  DECISIONS_FILE,
  DRAFT_FILE,
  fieldsByDecision,
  parseDecisions,
  structuralActions,
  toCatalogDecision,
  valueActions,
  type DecisionEntry,
} from './decisions.ts';
import { draftDecisions, renderDrafts } from './drafts.ts';
import { renderDocs } from './docs.ts';
import { subjectOf } from './example-values.ts';
import { extractOperation, type PageIdentity } from './extract-operation.ts';
import { renderOpenApi } from './openapi.ts';
import { lineTexts, outlinePage } from './outline.ts';
import { PageError } from './page-error.ts';
import { discoverPages } from './pages.ts';
import { linkRelFromProse } from './prose.ts';
import { buildRequirements } from './requirements.ts';
import { buildSchemas, schemaFile, schemaId, type JsonSchema } from './schemas.ts';
import { yamlText } from './yaml-text.ts';

export const GENERATED_BY = 'src/generator (npm run generate)';

export interface GenerateInput {
  root: string;
  pages?: PageIdentity[];
  decisionsFile?: string;
  /**
   * Draft mode (`npm run generate -- --draft`): instead of refusing undecided contradictions, propose
   * one unreviewed decision (treatment warn) per kind and service for them, returned as the contents
   * of specs/decisions-draft.yaml, and generate with them.
   */
  draft?: boolean;
  /**
   * The pages given are a subset of specs/ (a page generated alone beside the seeds): decisions about
   * pages not given are idle, not stale, and their evidence is checked against the files on disk.
   */
  subset?: boolean;
}

export interface Generated {
  catalog: Catalog;
  schemas: Map<string, JsonSchema>;
  /** Repo-relative path → exact file contents. */
  files: Map<string, string>;
  detections: Detection[];
  /** Draft mode: the decisions proposed for undecided contradictions (also in files as DRAFT_FILE). */
  drafted: DecisionEntry[];
}

export async function generate(input: GenerateInput): Promise<Generated> {
  const pages = input.pages ?? discoverPages(input.root);
  const read = (rel: string) => {
    const abs = join(input.root, rel);
    if (!existsSync(abs)) throw new PageError(rel, 1, 'file does not exist');
    return readFileSync(abs, 'utf8');
  };
  const hash = createHash('sha256');
  const literal: Operation[] = [];
  const byId = new Map<string, Operation>();
  const texts = new Map<string, Map<number, string[]>>();
  for (const page of [...pages].sort((a, b) => a.doc.localeCompare(b.doc))) {
    const value = read(page.doc);
    hash.update(value);
    const blocks = await outlinePage(page.doc, value);
    texts.set(page.doc, lineTexts(blocks, value));
    let op = extractOperation(page, blocks);
    // The same id derived in another service (`GET /os-availability-zone` of compute beside block
    // storage's): the operation of the page that comes later in page order takes its service's name
    // in front, so neither is refused and the one generated before keeps its id.
    const other = byId.get(op.id);
    if (other && other.service !== op.service && !byId.has(`${op.service}-${op.id}`))
      op = { ...op, id: `${op.service}-${op.id}` };
    const twin = byId.get(op.id);
    if (twin) {
      const same = twin.service === op.service && twin.method === op.method && twin.path === op.path;
      throw new PageError(
        op.doc,
        op.source.line,
        same
          ? `${twin.doc}:${twin.source.line} documents the same operation (${op.method} ${op.path}${op.action ? `, action ${op.action}` : ''})`
          : `operation id "${op.id}" (${op.method} ${op.path}) is also derived for ${twin.doc}:${twin.source.line} (${twin.method} ${twin.path})`,
      );
    }
    literal.push(op);
    byId.set(op.id, op);
  }
  const ops = literal;
  const decisionsFile = input.decisionsFile ?? DECISIONS_FILE;
  const decisions = parseDecisions(read(decisionsFile));
  // Unreviewed proposals of an earlier --draft run count as decisions (marked unreviewed) until reviewed.
  if (decisionsFile === DECISIONS_FILE && existsSync(join(input.root, DRAFT_FILE)))
    decisions.push(...parseDecisions(read(DRAFT_FILE), DRAFT_FILE, false));
  checkEvidence(input.root, decisions, texts, input.subset === true);
  // Operation ids are unique (checked above) and no decision changes an id or a service.
  const services = new Map(ops.map((o) => [o.id, o.service]));
  const serviceOf = (id: string) => services.get(id);

  // Structure is judged on the literal pages; everything else on the reshaped operations, so a
  // subject names a field by the path the catalog gives it (`images.status`, not `status`).
  const detections = detectStructure(ops);
  applyDecisions(ops, structuralActions(decisions), { subset: input.subset });
  detections.push(...detectWording(ops), ...detectValues(ops));
  const undecided = checkCoverage(detections, decisions, serviceOf, { draft: input.draft, subset: input.subset });
  const drafted = input.draft ? draftDecisions(undecided, ops, texts, decisions) : [];
  if (drafted.length > 0) {
    decisions.push(...drafted);
    checkCoverage(undecided, drafted, serviceOf);
  }
  applyDecisions(ops, valueActions(decisions), { subset: input.subset });
  ops.sort(byServiceAndResource);

  const fields = fieldsByDecision(ops);
  const catalogDecisions: Decision[] = decisions.map((d) => toCatalogDecision(d, ops, fields));
  const named = decisionsByName(catalogDecisions);
  for (const op of ops) {
    derivePagination(op);
    tagFieldDecisions(op, named);
  }
  const schemas = new Map<string, JsonSchema>();
  const files = new Map<string, string>();
  for (const op of ops) {
    const built = buildSchemas(op);
    for (const kind of ['request', 'response'] as const) {
      const schema = built[kind];
      if (!schema) continue;
      op.schemas[kind] = schemaId(op.id, kind);
      schemas.set(schemaId(op.id, kind), schema);
      files.set(schemaFile(op.id, kind), `${JSON.stringify(schema, null, 2)}\n`);
    }
  }
  const catalog: Catalog = {
    version: hash.digest('hex'),
    generatedBy: GENERATED_BY,
    operations: ops,
    requirements: buildRequirements(ops, catalogDecisions),
    decisions: catalogDecisions,
  };
  const catalogYaml = renderCatalog(catalog);
  files.set('catalog/catalog.yaml', catalogYaml);
  files.set(CATALOG_JSON_FILE, renderCatalogJson(catalog, catalogYaml));
  for (const [file, text] of renderOpenApi(catalog, schemas)) files.set(file, text);
  files.set('docs/operations.md', renderDocs(catalog));
  const unreviewed = decisions.filter((d) => d.reviewed === false);
  if (input.draft && drafted.length > 0) files.set(DRAFT_FILE, renderDrafts(unreviewed));
  return { catalog, schemas, files, detections, drafted };
}

/** Operations grouped by service, then by resource (the id without its verb), then by id. */
export function byServiceAndResource(a: Operation, b: Operation): number {
  return a.service.localeCompare(b.service) || a.id.localeCompare(b.id);
}

function renderCatalog(catalog: Catalog): string {
  const header = [
    '# Generated by npm run generate from specs/*.md and specs/decisions.yaml; do not edit.',
    '# Types: src/catalog/model.ts (Catalog). Load with loadCatalog() from src/catalog/load.ts.',
  ].join('\n');
  return `${header}\n${yamlText(catalog)}`;
}

/** Project files that record observed upstream behaviour and may be quoted as evidence. */
export const OBSERVED_DOCS = ['scripts/upstream/OBSERVED.md'];

function checkEvidence(
  root: string,
  decisions: DecisionEntry[],
  texts: Map<string, Map<number, string[]>>,
  subset = false,
): void {
  for (const d of decisions) {
    for (const e of d.evidence) {
      let lines = texts.get(e.doc);
      if (!lines) {
        // Evidence outside the pages: the shared upstream notes, checked when the file is at hand, and
        // what real upstream services answered here (scripts/upstream/OBSERVED.md), always checked.
        const abs = join(root, e.doc);
        const observed = OBSERVED_DOCS.includes(e.doc);
        if (!e.doc.startsWith('../') && !e.doc.startsWith('specs/') && !observed) {
          throw new PageError(
            DECISIONS_FILE,
            d.line,
            `decision "${d.id}" cites "${e.doc}", which is neither a page, ../shared/ notes nor ${OBSERVED_DOCS.join(', ')}`,
          );
        }
        // A page not given in a subset run is checked by the full run; its quotes are not re-read here.
        if (subset && e.doc.startsWith('specs/') && existsSync(abs)) continue;
        if (e.doc.startsWith('specs/') || !existsSync(abs)) {
          if (e.doc.startsWith('specs/'))
            throw new PageError(
              DECISIONS_FILE,
              d.line,
              `decision "${d.id}" cites "${e.doc}", which is not one of the pages`,
            );
          if (observed)
            throw new PageError(DECISIONS_FILE, d.line, `decision "${d.id}" cites "${e.doc}", which is missing`);
          continue;
        }
        lines = new Map(
          readFileSync(abs, 'utf8')
            .split('\n')
            .map((l, i) => [i + 1, [l]]),
        );
        texts.set(e.doc, lines);
      }
      const candidates = lines.get(e.line) ?? [];
      if (!candidates.some((t) => t.includes(e.quote))) {
        throw new PageError(
          DECISIONS_FILE,
          d.line,
          `decision "${d.id}" quotes ${JSON.stringify(e.quote)} from ${e.doc}:${e.line}, but that line reads ${JSON.stringify(candidates[candidates.length - 1] ?? candidates[0] ?? '')}`,
        );
      }
    }
  }
}

/**
 * Pagination, read from the reshaped response: a top-level `<x>_links` array whose rel prose names the
 * relation. That array, or a top-level `next` URL, is required only when a next page remains.
 */
function derivePagination(op: Operation): void {
  // Glance's form: a top-level `next` URL the page describes as the next page's, there while one remains.
  const next = op.response.find(
    (f) => f.path === 'next' && f.type === 'string' && /\bnext page\b/i.test(f.description) && f.required,
  );
  if (next) {
    next.required = false;
    next.requiredWhen ??= 'a next page remains';
  }
  const links = op.response.find((f) => !f.path.includes('.') && f.name.endsWith('_links') && f.type === 'array');
  if (!links) return;
  const rel = op.response.find((f) => f.path === `${links.path}[].rel`);
  const ex = op.examples.find((e) => e.kind === 'response' && e.body !== undefined && !e.error);
  const linkArray = (ex?.body as Record<string, unknown> | undefined)?.[links.name];
  // The relation as the rel row words it, else as the page's own example writes it beside a link
  // that carries a query (Cinder's volume lists: no rel row, `"rel": "next"` in the example).
  const relName =
    (rel ? linkRelFromProse(rel.description) : undefined) ??
    (Array.isArray(linkArray)
      ? (linkArray as { href?: unknown; rel?: unknown }[]).find(
          (l) => typeof l.rel === 'string' && typeof l.href === 'string' && l.href.includes('?'),
        )?.rel
      : undefined);
  if (typeof relName !== 'string') return;
  const params = new Set(
    op.queryParams.filter((q) => ['limit', 'offset', 'marker'].includes(q.name)).map((q) => q.name),
  );
  if (Array.isArray(linkArray)) {
    for (const l of linkArray) {
      const href = (l as { href?: unknown }).href;
      if (typeof href !== 'string' || !href.includes('?')) continue;
      for (const [k] of new URLSearchParams(href.slice(href.indexOf('?') + 1)))
        if (['limit', 'offset', 'marker'].includes(k)) params.add(k);
    }
  }
  // The link to the next page is there when a next page remains: the page presents the field as the
  // way on, and pagination-links-walk checks it wherever one is known to remain. Required in every
  // answer, it would fail a last page that (as OpenStack's services do) leaves the key out.
  if (links.required) {
    links.required = false;
    links.requiredWhen ??= 'a next page remains';
  }
  op.pagination = {
    linksField: links.name,
    rel: relName,
    params: ['limit', 'offset', 'marker'].filter((p) => params.has(p)),
    source: links.source,
  };
}

/** Operation id → subject → the ids of the decisions whose appliesTo names that pair. */
function decisionsByName(decisions: Decision[]): Map<string, Map<string, string[]>> {
  const named = new Map<string, Map<string, string[]>>();
  for (const d of decisions) {
    for (const a of d.appliesTo) {
      let bySubject = named.get(a.operation);
      if (!bySubject) named.set(a.operation, (bySubject = new Map()));
      const ids = bySubject.get(a.subject);
      if (!ids) bySubject.set(a.subject, [d.id]);
      else if (ids[ids.length - 1] !== d.id) ids.push(d.id);
    }
  }
  return named;
}

/** Every field lists every decision that names it, not only those that reshaped it. */
function tagFieldDecisions(op: Operation, byName: Map<string, Map<string, string[]>>): void {
  const bySubject = byName.get(op.id);
  const tag = (f: Field, subjects: string[]) => {
    const merged = [...new Set([...(f.decisions ?? []), ...subjects.flatMap((s) => bySubject?.get(s) ?? [])])].sort();
    if (merged.length > 0) f.decisions = merged;
  };
  for (const f of op.pathParams) tag(f, [f.name]);
  for (const f of op.queryParams) tag(f, [f.name, `query.${f.name}`]);
  for (const f of op.requestBody) tag(f, [f.name]);
  for (const f of op.response) tag(f, [subjectOf(f.path)]);
}
