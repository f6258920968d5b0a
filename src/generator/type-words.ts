// The type words the pages use, mapped to JSON types. The pages spell the same type several ways
// (`String`/`string`, `int`/`Integer`, `Dict`/`Object`, `list<dict>`/`List <dict>`); the spelling is kept
// in Field.docType and the variation is recorded in specs/decisions.yaml (type-word-spelling).
import type { JsonType } from '../catalog/model.ts';

export interface MappedType {
  type: JsonType;
  items?: JsonType;
}

const SCALARS: Record<string, JsonType> = {
  string: 'string',
  str: 'string',
  int: 'integer',
  integer: 'integer',
  long: 'integer',
  number: 'number',
  float: 'number',
  boolean: 'boolean',
  bool: 'boolean',
  object: 'object',
  dict: 'object',
  map: 'object',
  list: 'array',
  array: 'array',
};

/** Maps a documented type word; `undefined` for a word the generator does not know (a page error). */
export function mapTypeWord(docType: string): MappedType | undefined {
  const word = docType.toLowerCase().replace(/\s+/g, '');
  const scalar = SCALARS[word];
  if (scalar) return scalar === 'array' ? { type: 'array' } : { type: scalar };
  const generic = /^(list|array)<(\w+)>$/.exec(word);
  if (generic) {
    const item = SCALARS[generic[2]!];
    if (!item || item === 'array') return undefined;
    return { type: 'array', items: item };
  }
  return undefined;
}
