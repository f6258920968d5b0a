import type { Nodes } from 'hast';
import { toText } from 'hast-util-to-text';

// Backslash escapes are not processed inside raw HTML, so `tenant\_id` can reach us literally.
// CommonMark allows any ASCII punctuation after the backslash.
const ESCAPABLE = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

export function unescapeMarkdown(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (ch === '\\' && next !== undefined && ESCAPABLE.has(next)) {
      out += next;
      i++;
    } else {
      out += ch;
    }
  }
  return out;
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Plain text of a node as a reader sees it: entities decoded, escapes removed, whitespace collapsed. */
export function plainText(node: Nodes): string {
  return collapse(unescapeMarkdown(toText(node)));
}
