// Every construct of the reference, given as a real page of the working set, wanted as what the
// generator reads from it (literally, before decisions).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Operation, Service } from '../../src/catalog/model.ts';
import { REPO_ROOT } from '../../src/catalog/load.ts';
import { escapeControlsInStrings, extractOperation } from '../../src/generator/extract-operation.ts';
import { outlinePage } from '../../src/generator/outline.ts';

const cache = new Map<string, Promise<Operation>>();
function page(doc: string): Promise<Operation> {
  const full = `specs/${doc}`;
  if (!cache.has(full)) {
    const service = doc.split('/')[0] as Service;
    cache.set(
      full,
      outlinePage(full, readFileSync(join(REPO_ROOT, full), 'utf8')).then((blocks) =>
        extractOperation({ doc: full, service }, blocks),
      ),
    );
  }
  return cache.get(full)!;
}
const paths = (fields: { path: string }[]) => fields.map((f) => f.path);
const field = (op: Operation, path: string) =>
  [...op.response, ...op.requestBody, ...op.queryParams, ...op.pathParams].find((f) => f.path === path);

describe('constructs of the reference', () => {
  const cases: { construct: string; doc: string; want: (op: Operation) => void }[] = [
    {
      construct:
        '"Parameters in the X field" reached through a "see Parameters in the volumes field" reference (field volume, caption volumes)',
      doc: 'block-storage/creating-evs-disks-cinder-v3.md',
      want: (op) => {
        assert.equal(field(op, 'volume')?.type, 'object');
        assert.equal(field(op, 'volume.id')?.source.table, 'Parameters in the volumes field');
        assert.equal(field(op, 'volume.links[].href')?.source.table, 'Parameters in the links field');
      },
    },
    {
      construct: 'a table reached through a field of another nested table',
      doc: 'block-storage/querying-evs-disks-cinder-v3.md',
      want: (op) =>
        assert.deepEqual(paths(op.response).slice(0, 6), [
          'volumes',
          'volumes[].id',
          'volumes[].links',
          'volumes[].links[].href',
          'volumes[].links[].rel',
          'volumes[].name',
        ]),
    },
    {
      construct: '"see Table 1" reaching "Table 1 LinkInfo parameter description"',
      doc: 'image/querying-an-image-schema-(native-openstack-api).md',
      want: (op) =>
        assert.deepEqual(paths(op.response), [
          'additionalProperties',
          'name',
          'links',
          'links[].href',
          'links[].rel',
          'properties',
        ]),
    },
    {
      construct: 'a field typed String that a nested table describes is read as that object',
      doc: 'block-storage/querying-evs-disks-cinder-v3.md',
      want: (op) => {
        assert.equal(field(op, 'error')?.docType, 'String');
        assert.equal(field(op, 'error')?.type, 'object');
        assert.ok(field(op, 'error.message'));
      },
    },
    {
      construct: '"Returned Values": Normal code in prose, Abnormal codes in a "Returned Value" table',
      doc: 'image/adding-a-tag-(native-openstack-api).md',
      want: (op) => {
        assert.deepEqual(
          op.statusCodes.map((s) => [s.code, s.kind, s.source.line]),
          [
            [204, 'success', 80],
            [400, 'error', 91],
            [401, 'error', 96],
            [403, 'error', 101],
            [404, 'error', 106],
            [500, 'error', 111],
            [503, 'error', 116],
          ],
        );
        assert.equal(op.statusCodes[1]!.title, 'Bad Request');
      },
    },
    {
      construct: '"Return Code" tables with Type and Description columns (Heat)',
      doc: 'orchestration/canceling-stack-updates.md',
      want: (op) =>
        assert.deepEqual(
          op.statusCodes.map((s) => s.code),
          [200, 400, 401, 404],
        ),
    },
    {
      construct: 'a 204 with no body: "Response parameters None" and "STATUS CODE 204"',
      doc: 'image/adding-a-tag-(native-openstack-api).md',
      want: (op) => {
        assert.equal(op.noResponseBody, true);
        assert.deepEqual(op.response, []);
        assert.equal(op.examples.find((e) => e.kind === 'response')?.status, 204);
      },
    },
    ...[
      'block-storage/deleting-an-evs-disk-cinder-v3.md',
      'block-storage/expanding-capacity-of-an-evs-disk-cinder-v3.md',
      'block-storage/setting-bootable-flag-for-an-evs-disk-cinder-v3.md',
      'block-storage/setting-read-only-flag-for-an-evs-disk-cinder-v3.md',
      'block-storage/deleting-one-piece-of-metadata-for-an-evs-disk-cinder-v3.md',
    ].map((doc) => ({
      construct: 'example response "None or {"error": …}": tables of the error answer only, no success body',
      doc,
      want: (op: Operation) => {
        assert.equal(op.noResponseBody, true);
        assert.deepEqual(op.response, []);
        assert.deepEqual(paths(op.errorResponse ?? []), ['error', 'error.message', 'error.code']);
        assert.ok(op.examples.some((e) => e.error && Object.keys(e.body as object)[0] === 'error'));
      },
    })),
    {
      construct: 'a line break typed inside a string of the response example: read as the JSON it means',
      doc: 'block-storage/querying-extension-apis-cinder-v3.md',
      want: (op) => {
        const ok = op.examples.find((e) => e.kind === 'response' && !e.error);
        const items = (ok?.body as { extensions?: { description: string }[] } | undefined)?.extensions ?? [];
        assert.ok(items.some((x) => x.description.startsWith('Enable volume actions\n')));
      },
    },
    {
      construct: 'a success example beside the error table: the tables stay the success body',
      doc: 'block-storage/querying-details-about-a-disk-cinder-v3.md',
      want: (op) => {
        assert.equal(op.noResponseBody, undefined);
        assert.equal(op.errorResponse, undefined);
        assert.ok(paths(op.response).includes('volume'));
      },
    },
    {
      construct: 'a URI table with no Type or In column: path parameters by the template, the rest query',
      doc: 'block-storage/querying-evs-disks-cinder-v3.md',
      want: (op) => {
        assert.deepEqual(paths(op.pathParams), ['project_id']);
        assert.equal(op.pathParams[0]!.docType, '');
        assert.deepEqual(paths(op.queryParams).slice(0, 3), ['marker', 'name', 'limit']);
      },
    },
    {
      construct: 'request tables with an In column (Heat): body rows nest, query rows are query parameters',
      doc: 'orchestration/creating-a-stack.md',
      want: (op) => {
        assert.ok(op.requestBody.some((f) => f.path === 'environment.parameters'));
        assert.equal(field(op, 'template')?.docType, 'Json');
      },
    },
    {
      construct: 'an action endpoint: the body key names the action; its nested table nests',
      doc: 'block-storage/expanding-capacity-of-an-evs-disk-cinder-v3.md',
      want: (op) => {
        assert.equal(op.action, 'os-extend');
        assert.equal(op.id, 'volume-extend');
        assert.deepEqual(paths(op.requestBody), ['os-extend', 'os-extend.new_size']);
      },
    },
    {
      construct: "Glance v2's JSON-patch body: two forms, rowspan Mandatory cells, Content-Type in the examples",
      doc: 'image/updating-image-information-(native-openstack-api).md',
      want: (op) => {
        assert.deepEqual(op.requestBodyForm, {
          kind: 'json-patch',
          mediaTypes: ['application/openstack-images-v2.0-json-patch', 'application/openstack-images-v2.1-json-patch'],
        });
        assert.deepEqual(paths(op.requestBody), ['[].replace', '[].add', '[].remove', '[].value', '[].op', '[].path']);
        assert.equal(field(op, '[].add')?.requiredWhen, 'Mandatory for any of the three values');
        assert.equal(field(op, '[].add')?.required, false);
        assert.equal(field(op, '[].op')?.required, true);
        assert.deepEqual(field(op, '[].op')?.enum, ['replace', 'add', 'remove']);
        const bodies = op.examples.filter((e) => e.kind === 'request' && Array.isArray(e.body));
        assert.deepEqual(
          bodies.map((e) => e.headers?.['Content-Type']),
          ['application/openstack-images-v2.0-json-patch', 'application/openstack-images-v2.1-json-patch'],
        );
      },
    },
    {
      construct: 'a query written on the URI line',
      doc: 'block-storage/querying-details-of-tenant-quotas-cinder-v3.md',
      want: (op) => {
        assert.equal(op.path, '/v3/{project_id}/os-quota-sets/{project_id}');
        assert.equal(op.uriQuery, 'usage=True');
      },
    },
    {
      construct: 'deprecation: the title, a Function paragraph, and a field "no longer used"',
      doc: 'image/querying-image-details-(native-openstack-api-v1-1---abandoned-and-not-recommended).md',
      want: (op) =>
        assert.deepEqual(
          op.deprecated?.map((d) => d.source.line),
          [1, 7],
        ),
    },
    {
      construct: 'a field the page calls no longer used',
      doc: 'block-storage/creating-evs-disks-cinder-v3.md',
      want: (op) => assert.equal(field(op, 'volume.shareable')?.deprecated, true),
    },
    {
      construct: 'a microversion note',
      doc: 'block-storage/querying-summary-information-about-vbs-backups-(native-openstack-v3-api).md',
      want: (op) =>
        assert.deepEqual(
          op.microversions.map((m) => [m.serviceName, m.version]),
          [['volume', '3.45']],
        ),
    },
    {
      construct: 'several examples per page (a body, then the error forms)',
      doc: 'block-storage/querying-evs-disks-cinder-v3.md',
      want: (op) => {
        const responses = op.examples.filter((e) => e.kind === 'response');
        assert.equal(responses.length, 3);
        assert.deepEqual(Object.keys(responses[1]!.body as object), ['error']);
      },
    },
    {
      construct: 'a response section titled "Parameter description"',
      doc: 'block-storage/querying-details-of-all-disk-transfers-cinder-v3.md',
      want: (op) => assert.deepEqual(paths(op.response).slice(0, 2), ['transfers', 'transfers[].links']),
    },
    {
      construct: 'a "Date Time" field is a timestamp whose form the page does not state',
      doc: 'orchestration/previewing-a-stack.md',
      want: (op) => assert.deepEqual(field(op, 'stack.creation_time')?.timestamp, { documentedForm: 'not stated' }),
    },
    {
      construct: 'values as "one of the following: value: meaning." sentences',
      doc: 'image/querying-image-details-(native-openstack-api).md',
      want: (op) => assert.deepEqual(field(op, 'status')?.enum, ['queued', 'saving', 'deleted', 'killed', 'active']),
    },
    {
      construct: 'values as "Available values are as follows: CURRENT: … SUPPORTED: …"',
      doc: 'orchestration/querying-api-versions.md',
      want: (op) => assert.deepEqual(field(op, 'versions[].status')?.enum, ['CURRENT', 'SUPPORTED', 'DEPRECATED']),
    },
  ];
  for (const c of cases) it(`${c.construct} (${c.doc})`, async () => c.want(await page(c.doc)));
});

describe('escapeControlsInStrings', () => {
  const cases: { text: string; want: unknown }[] = [
    { text: '{"a": "x\ny"}', want: { a: 'x\ny' } },
    { text: '{"a": "tab\there", "b": 1}', want: { a: 'tab\there', b: 1 } },
    { text: '{\n  "a": "quote \\" and\nbreak"\n}', want: { a: 'quote " and\nbreak' } },
    { text: '{"a": "back\\\\"}', want: { a: 'back\\' } },
  ];
  for (const c of cases) {
    it(JSON.stringify(c.text), () => assert.deepEqual(JSON.parse(escapeControlsInStrings(c.text)), c.want));
  }
  it('leaves line breaks between tokens alone', () =>
    assert.equal(escapeControlsInStrings('{\n"a": 1\n}'), '{\n"a": 1\n}'));
});
