// What both directions of JSON share: which bytes a JSON string must
// escape, and the UTF-8 sequences nlohmann accepts.

// eslint-disable-next-line no-control-regex -- control bytes are exactly what must be escaped
export const JSON_ESCAPE = /[\x00-\x1f"\\]/;

/**
 * The length of the well-formed UTF-8 sequence at `j` (whose first byte is
 * `c`); when it is not one, -1 - the offset from `j` of the first byte that
 * is wrong (which may lie past the end of the text).
 */
export function utf8SequenceLength(text: string, j: number, c: number): number {
  let lo = 0x80;
  let hi = 0xbf;
  let need: number;
  if (c >= 0xc2 && c <= 0xdf) need = 1;
  else if (c === 0xe0) {
    need = 2;
    lo = 0xa0;
  } else if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) need = 2;
  else if (c === 0xed) {
    need = 2;
    hi = 0x9f;
  } else if (c === 0xf0) {
    need = 3;
    lo = 0x90;
  } else if (c >= 0xf1 && c <= 0xf3) need = 3;
  else if (c === 0xf4) {
    need = 3;
    hi = 0x8f;
  } else return -1;
  for (let k = 1; k <= need; k++) {
    const d = text.charCodeAt(j + k); // NaN past the end fails the test
    if (!(d >= lo && d <= hi)) return -1 - k;
    lo = 0x80;
    hi = 0xbf;
  }
  return need + 1;
}
