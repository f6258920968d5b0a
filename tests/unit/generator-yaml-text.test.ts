// The generator's YAML writer against the yaml package it stands in for: the same text, byte for
// byte, for every kind of string the package quotes or writes as a block, for keys it quotes, for
// numbers, empty and nested collections, and for values it leaves to the package.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { yamlText } from '../../src/generator/yaml-text.ts';

const PACKAGE = (v: unknown) => stringify(v, { lineWidth: 0, aliasDuplicateObjects: false });

const STRINGS = [
  ...['', ' ', '  ', 'a', 'a b', 'a: b', 'a:b', 'a #b', 'a#b', '#a', '- a', '-a', '-', '?', '? a', ':', 'a:'],
  ...['true', 'True', 'TRUE', 'false', 'yes', 'no', 'null', 'Null', 'NULL', '~', '42', '-42', '+1', '007'],
  ...['0x1F', '0o17', '1.5', '.5', '1e3', '1.5E-3', '.inf', '-.inf', '.nan', '.NaN', '---', '--- a', '...', '%x'],
  ...['a\nb', 'a\n b', 'a\n\nb\n', 'line\n', '\n', 'a\r\nb', 'a\n---\nb', 'multi\nline\ntext: with colon'],
  ...[' a', 'a ', '\ta', 'a\t', 'x\u0001y', 'é', '\u{1F600}', '\ud800', '"q"', "'q'", '[a]', '{a}', 'a, b'],
  ...['*a', '&a', '!a', '|', '>', '@a', '`a', 'a%b', 'http://x/y?z=1#f', 'x'.repeat(1100), 'GET /v2/{id}'],
];
const NUMBERS = [0, 1, -1, 1.5, -0, 1e21, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, 123456789];

describe('yamlText writes what the yaml package writes', () => {
  it('for every kind of scalar, as a value at several depths and in sequences', () => {
    for (const s of [...STRINGS, ...NUMBERS, true, false, null]) {
      const v = { a: s, b: [s, [s, { c: s }]], d: { e: { f: s } } };
      assert.equal(yamlText(v), PACKAGE(v), JSON.stringify(s));
    }
  });

  it('for every kind of string as a key', () => {
    for (const s of STRINGS) {
      const v = { [s]: 1, x: { [s]: [s], y: [{ [s]: { z: s } }] } };
      assert.equal(yamlText(v), PACKAGE(v), JSON.stringify(s));
    }
  });

  it('for empty, nested and undefined-holding collections, status-code keys and non-plain values', () => {
    const cases: unknown[] = [
      { a: [], b: {}, c: [[], {}, [[]], { d: [] }], e: { f: undefined }, g: [undefined], h: { i: {} } },
      [[['a', { b: [1, 2] }]], { '200': { x: 1 }, '404': [] }],
      { d: new Date(0), m: new Map([['a', 1]]) },
      { responses: { '200': { description: 'OK' }, default: { description: 'error: see body' } } },
      {},
      [],
    ];
    for (const v of cases) assert.equal(yamlText(v), PACKAGE(v), JSON.stringify(v));
  });
});
