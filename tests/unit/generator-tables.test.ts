import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { outlinePage, type Block } from '../../src/generator/outline.ts';
import { unescapeMarkdown } from '../../src/generator/text.ts';

const tables = (blocks: Block[]) => blocks.flatMap((b) => (b.kind === 'table' ? [b.table] : []));

describe('table parsing', () => {
  const cases: { name: string; page: string; want: { header: string[]; rows: { cells: string[]; line: number }[] } }[] =
    [
      {
        name: 'a table split by blank lines is one table with source lines',
        page: [
          '# T',
          '',
          '<table><thead><tr><th>Parameter</th><th>Type</th></tr></thead>',
          '<tbody><tr><td>a</td><td>String</td></tr>',
          '',
          '<tr><td>b</td><td>Integer</td></tr>',
          '',
          '</tbody>',
          '</table>',
          '',
        ].join('\n'),
        want: {
          header: ['Parameter', 'Type'],
          rows: [
            { cells: ['a', 'String'], line: 4 },
            { cells: ['b', 'Integer'], line: 6 },
          ],
        },
      },
      {
        name: 'escaped underscores in raw HTML cells are unescaped',
        page: [
          '<table><thead><tr><th>Parameter</th></tr></thead>',
          '<tbody><tr><td>tenant\\_id</td></tr></tbody></table>',
          '',
        ].join('\n'),
        want: { header: ['Parameter'], rows: [{ cells: ['tenant_id'], line: 2 }] },
      },
      {
        name: 'entities are decoded',
        page: [
          '<table><thead><tr><th>Parameter</th><th>Type</th></tr></thead>',
          '<tbody><tr><td>backups</td><td>list&lt;dict&gt;</td></tr></tbody></table>',
          '',
        ].join('\n'),
        want: { header: ['Parameter', 'Type'], rows: [{ cells: ['backups', 'list<dict>'], line: 2 }] },
      },
      {
        name: 'a table indented inside a list item keeps its lines',
        page: [
          '-   Label',
          '',
          '    <table><thead><tr><th>Parameter</th></tr></thead>',
          '    <tbody><tr><td><p>x</p>',
          '    </td></tr>',
          '    </tbody>',
          '    </table>',
          '',
        ].join('\n'),
        want: { header: ['Parameter'], rows: [{ cells: ['x'], line: 4 }] },
      },
      {
        name: 'header cells wrapped in strong and a <pre> in a cell read as text',
        page: [
          '<table><thead><tr><th><strong>Return Code</strong></th><th>Description</th></tr></thead>',
          '<tbody><tr><td>200</td><td><p>Form:</p>',
          '<pre>CCYY-MM-DDThh:mm:ss&plusmn;hh:mm</pre></td></tr></tbody></table>',
          '',
        ].join('\n'),
        want: {
          header: ['Return Code', 'Description'],
          rows: [{ cells: ['200', 'Form: CCYY-MM-DDThh:mm:ss±hh:mm'], line: 2 }],
        },
      },
    ];
  for (const c of cases) {
    it(c.name, async () => {
      const [table] = tables(await outlinePage('t.md', c.page));
      assert.ok(table);
      assert.deepEqual(table.header, c.want.header);
      assert.deepEqual(table.rows, c.want.rows);
    });
  }

  it('labels, code blocks and headings keep their order and lines', async () => {
    const blocks = await outlinePage(
      't.md',
      ['# Title', '', '## URI', '', 'GET /v1/\\{project\\_id\\}/x', '', '```', 'GET /v1/p/x', '```', ''].join('\n'),
    );
    assert.deepEqual(
      blocks.map((b) => [b.kind, b.line, b.kind === 'table' ? '' : b.text]),
      [
        ['heading', 1, 'Title'],
        ['heading', 3, 'URI'],
        ['para', 5, 'GET /v1/{project_id}/x'],
        ['code', 7, 'GET /v1/p/x'],
      ],
    );
  });
});

describe('markdown unescaping', () => {
  const cases: [string, string][] = [
    ['project\\_id', 'project_id'],
    ['\\{deployment\\_id\\}', '{deployment_id}'],
    ['name\\~', 'name~'],
    ['a\\b', 'a\\b'],
    ['trailing\\', 'trailing\\'],
  ];
  for (const [given, want] of cases) it(`${given} → ${want}`, () => assert.equal(unescapeMarkdown(given), want));
});
