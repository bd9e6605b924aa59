// Where an op's source position is in the editor's text: the token that
// starts at its byte offset (an op knows where its code starts, not where
// it ends), as UTF-16 offsets, which is how the editor counts.

/** The token at a position: a name, a number, a string, a path, a two-char operator, or one char. */
const TOKEN =
  /^(?:[A-Za-z_][A-Za-z0-9_'-]*|[0-9]+(?:\.[0-9]*)?|"(?:[^"\\]|\\[\s\S])*"|''[\s\S]*?''|[./~][A-Za-z0-9._+/-]*|\+\+|\/\/|==|!=|<=|>=|&&|\|\||->|[\s\S])/;

/** UTF-16 offsets of every byte offset of a binary source, made once per source text. */
const prefixes = new Map<string, Uint32Array>();

function utf16Offsets(text: string): Uint32Array {
  let table = prefixes.get(text);
  if (table !== undefined) return table;
  table = new Uint32Array(text.length + 1);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    table[i] = n;
    const b = text.charCodeAt(i);
    // A lead byte starts a code point: 4-byte ones take two UTF-16 units.
    if (b < 0x80 || b >= 0xc0) n += b >= 0xf0 ? 2 : 1;
  }
  table[text.length] = n;
  if (prefixes.size > 16) prefixes.clear();
  prefixes.set(text, table);
  return table;
}

/** The token at byte `offset` of the binary source `text`, as a UTF-16 range. */
export function sourceRange(text: string, offset: number): { from: number; to: number } {
  const token = TOKEN.exec(text.slice(offset, offset + 4096));
  const end = Math.min(text.length, offset + (token ? token[0].length : 0));
  const table = utf16Offsets(text);
  return { from: table[Math.min(offset, text.length)]!, to: table[end]! };
}
