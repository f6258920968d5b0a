// Every type word of the working set, each with the page and row it was cut from, and what it maps to.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../../src/catalog/load.ts';
import { discoverPages } from '../../src/generator/pages.ts';
import { outlinePage } from '../../src/generator/outline.ts';
import { mapTypeWord, type MappedType } from '../../src/generator/type-words.ts';

const BS = 'specs/block-storage/';
const OR = 'specs/orchestration/';
const IM = 'specs/image/';

// given: the word as the page writes it (where: page:line field); want: the JSON type.
const TABLE: { word: string; where: string; want: MappedType }[] = [
  { word: 'Object', where: `${BS}accepting-a-disk-transfer-cinder-v3.md:68 accept`, want: { type: 'object' } },
  { word: 'String', where: `${BS}accepting-a-disk-transfer-cinder-v3.md:94 auth_key`, want: { type: 'string' } },
  {
    word: 'string',
    where: `${BS}querying-summary-information-about-vbs-backups-(native-openstack-v3-api).md:47 name`,
    want: { type: 'string' },
  },
  { word: 'Sting', where: `${OR}previewing-a-stack.md:269 stack_owner`, want: { type: 'string' } },
  { word: 'Integer', where: `${BS}creating-evs-disks-cinder-v3.md:115 size`, want: { type: 'integer' } },
  {
    word: 'int',
    where: `${BS}querying-summary-information-about-vbs-backups-(native-openstack-v3-api).md:65 offset`,
    want: { type: 'integer' },
  },
  { word: 'Int', where: `${OR}creating-a-stack.md:120 timeout_mins`, want: { type: 'integer' } },
  { word: 'Long', where: `${IM}querying-image-details-(native-openstack-api).md:85 size`, want: { type: 'integer' } },
  { word: 'Boolean', where: `${BS}creating-evs-disks-cinder-v3.md:205 multiattach`, want: { type: 'boolean' } },
  {
    word: 'boolean',
    where: `${BS}querying-summary-information-about-vbs-backups-(native-openstack-v3-api).md:92 with_count`,
    want: { type: 'boolean' },
  },
  { word: 'Dict', where: `${OR}creating-a-stack.md:209 stack`, want: { type: 'object' } },
  { word: 'Json', where: `${OR}creating-a-stack.md:65 template`, want: { type: 'object' } },
  { word: 'Date Time', where: `${OR}previewing-a-stack.md:242 creation_time`, want: { type: 'string', time: true } },
  { word: 'list', where: `${BS}creating-evs-disks-cinder-v3.md:353 links`, want: { type: 'array' } },
  { word: 'List', where: `${OR}previewing-a-stack.md:233 capabilities`, want: { type: 'array' } },
  { word: 'Array', where: `${OR}querying-details-of-a-stack.md:128 tags`, want: { type: 'array' } },
  {
    word: 'list<dict>',
    where: `${BS}querying-summary-information-about-vbs-backups-(native-openstack-v3-api).md:158 backups`,
    want: { type: 'array', items: 'object' },
  },
  { word: 'List <dict>', where: `${OR}creating-a-stack.md:243 links`, want: { type: 'array', items: 'object' } },
  {
    word: 'List< Dict >',
    where: `${BS}accepting-a-disk-transfer-cinder-v3.md:173 links`,
    want: { type: 'array', items: 'object' },
  },
  {
    word: 'List <str>',
    where: `${OR}querying-details-of-a-stack-resource.md:207 required_by`,
    want: { type: 'array', items: 'string' },
  },
  {
    word: 'List<Transfer>',
    where: `${BS}querying-all-disk-transfers-cinder-v3.md:94 transfers`,
    want: { type: 'array', items: 'object' },
  },
  {
    word: 'list<map<String, String>>',
    where: `${BS}querying-details-about-a-disk-cinder-v3.md:99 links`,
    want: { type: 'array', items: 'object' },
  },
  {
    word: 'list<map<String,String>>',
    where: `${BS}querying-extension-apis-cinder-v3.md:100 links`,
    want: { type: 'array', items: 'object' },
  },
  {
    word: 'Array of objects',
    where: `${BS}querying-details-about-all-disks-cinder-v3.md:285 links`,
    want: { type: 'array', items: 'object' },
  },
  {
    word: 'Array of strings',
    where: `${IM}creating-image-metadata-(native-openstack-api).md:85 tags`,
    want: { type: 'array', items: 'string' },
  },
];

describe('type words', () => {
  for (const c of TABLE) {
    it(`"${c.word}" (${c.where}) → ${c.want.type}${c.want.items ? `<${c.want.items}>` : ''}`, async () => {
      const [doc, rest] = c.where.split(':') as [string, string];
      const [line, field] = rest.split(' ') as [string, string];
      // The word is cut from the page: the row at that line names that field and writes that word.
      const blocks = await outlinePage(doc, readFileSync(join(REPO_ROOT, doc), 'utf8'));
      const row = blocks
        .flatMap((b) => (b.kind === 'table' ? b.table.rows.map((r) => ({ r, h: b.table.header })) : []))
        .find(({ r }) => r.line === Number(line));
      assert.ok(row, `no table row at ${c.where}`);
      assert.equal(row.r.cells[0], field);
      assert.equal(row.r.cells[row.h.findIndex((h) => h.toLowerCase() === 'type')], c.word);
      assert.deepEqual(mapTypeWord(c.word), c.want);
    });
  }

  it('every type word of every page is in the table above', async () => {
    const seen = new Set<string>();
    for (const p of discoverPages(REPO_ROOT)) {
      for (const b of await outlinePage(p.doc, readFileSync(join(REPO_ROOT, p.doc), 'utf8'))) {
        if (b.kind !== 'table') continue;
        const first = b.table.header[0]!.toLowerCase();
        const t = b.table.header.findIndex((h) => h.toLowerCase() === 'type');
        if (t < 0 || !['parameter', 'name', 'field'].includes(first)) continue;
        for (const r of b.table.rows) seen.add(r.cells[t]!);
      }
    }
    assert.deepEqual([...seen].filter((w) => !TABLE.some((c) => c.word === w)).sort(), []);
  });

  it('spellings of the same types that the working set does not use (for pages not seen yet)', () => {
    const more: [string, MappedType][] = [
      ['String[]', { type: 'array', items: 'string' }],
      ['Object Array', { type: 'array', items: 'object' }],
      ['array[string]', { type: 'array', items: 'string' }],
      ['dict<str, str>', { type: 'object' }],
      ['Map<String,String>', { type: 'object' }],
      ['Float', { type: 'number' }],
      ['Date', { type: 'string', time: true }],
      ['UUID', { type: 'string' }],
    ];
    for (const [w, want] of more) assert.deepEqual(mapTypeWord(w), want, w);
  });

  it('words it does not know stay unknown (a page error names them)', () => {
    for (const w of ['UUIDish', 'list<list>', 'Array of widgets', 'List<map<String>>', 'Strnig'])
      assert.equal(mapTypeWord(w), undefined, w);
  });
});
