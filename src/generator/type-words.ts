// The type words the pages use, mapped to JSON types: one table, each word tested in
// tests/unit/generator-type-words.test.ts with the page it was cut from. The pages spell the same
// type several ways (`String`/`string`/`Sting`, `int`/`Integer`/`Long`, `Dict`/`Object`/`Json`,
// `list<dict>`/`List <dict>`/`Array of objects`/`List<Transfer>`); the spelling is kept in
// Field.docType and the variation is recorded in specs/decisions.yaml (type-word-spelling).
import type { JsonType } from '../catalog/model.ts';

export interface MappedType {
  type: JsonType;
  items?: JsonType;
  /** The word names a point in time (`Date Time`): a string holding a timestamp. */
  time?: true;
}

/** Scalar and container words, compared lower-case with white space removed. */
export const TYPE_WORDS: Record<string, JsonType> = {
  string: 'string',
  str: 'string',
  sting: 'string', // a misspelling of String (orchestration/previewing-a-stack.md stack_owner); read as String
  datetime: 'string',
  date: 'string',
  timestamp: 'string',
  uuid: 'string',
  int: 'integer',
  integer: 'integer',
  long: 'integer',
  number: 'number',
  float: 'number',
  double: 'number',
  boolean: 'boolean',
  bool: 'boolean',
  object: 'object',
  dict: 'object',
  map: 'object',
  json: 'object', // Heat's template, environment and files: a JSON object
  list: 'array',
  array: 'array',
};

/** Words of the form `X of Ys` (`Array of objects`, `Array of strings`). */
const OF_WORDS: Record<string, JsonType> = {
  objects: 'object',
  strings: 'string',
  integers: 'integer',
  booleans: 'boolean',
  dicts: 'object',
  maps: 'object',
};

/** Maps a documented type word; `undefined` for a word the generator does not know (a page error). */
export function mapTypeWord(docType: string): MappedType | undefined {
  const word = docType.toLowerCase().replace(/\s+/g, '');
  if (word === 'datetime' || word === 'date' || word === 'timestamp') return { type: 'string', time: true };
  // map<String,String>, dict<str, str>: an object.
  if (/^(map|dict|object)<.+>$/.test(word)) return { type: 'object' };
  // String[], Object Array, array[string]: arrays of a known item word.
  const postfix = /^(\w+?)(?:\[\]|array|list)$/.exec(word) ?? /^(?:array|list)\[(\w+)\]$/.exec(word);
  if (postfix && TYPE_WORDS[postfix[1]!] && TYPE_WORDS[postfix[1]!] !== 'array')
    return { type: 'array', items: TYPE_WORDS[postfix[1]!]! };
  const scalar = TYPE_WORDS[word];
  if (scalar) return scalar === 'array' ? { type: 'array' } : { type: scalar };
  const of = /^(list|array)of(\w+)$/.exec(word);
  if (of) {
    const item = OF_WORDS[of[2]!];
    return item ? { type: 'array', items: item } : undefined;
  }
  // list<dict>, List< Dict >, list<map<String,String>>, List<Transfer> (a named structure: an object).
  const generic = /^(list|array)<(.+)>$/.exec(word);
  if (generic) {
    const inner = generic[2]!;
    if (/^map<\w+,\w+>$/.test(inner)) return { type: 'array', items: 'object' };
    const item = TYPE_WORDS[inner];
    if (item === 'array') return undefined;
    if (item) return { type: 'array', items: item };
    // A capitalised word that is no type word names a structure of the page (`List<Transfer>`).
    if (/^[a-z]+$/.test(inner) && /<\s*[A-Z]/.test(docType)) return { type: 'array', items: 'object' };
    return undefined;
  }
  return undefined;
}
