// What CppNix's logger does to every message it writes on stderr: escape
// sequences are dropped (on a terminal, colours are kept), tabs become
// spaces up to the next multiple of 8, carriage returns and bells go.
// Messages carry escapes of their own: nixpkgs lib colours the module
// system's errors.

const ESC = 0x1b;
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const NEEDS_FILTER = /[\x1b\t\r\x07]/;

/**
 * `text` as CppNix writes it: with `keepColours` (stderr and stdout are a
 * terminal, TERM is not dumb, NO_COLOR unset), SGR sequences (`ESC [ ... m`)
 * are kept and other escapes dropped; without, all are dropped. Columns for
 * tabs are counted from the start of the message, as CppNix counts them.
 */
export function filterAnsiEscapes(text: string, keepColours: boolean): string {
  // Most messages have nothing to filter.
  if (!NEEDS_FILTER.test(text)) return text;
  let out = '';
  let column = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === ESC) {
      const start = i++;
      let last = 0;
      if (i < n && text[i] === '[') {
        i++;
        while (i < n && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x3f) i++; // parameter bytes
        while (i < n && text.charCodeAt(i) >= 0x20 && text.charCodeAt(i) <= 0x2f) i++; // intermediate bytes
        if (i < n && text.charCodeAt(i) >= 0x40 && text.charCodeAt(i) <= 0x7e) last = text.charCodeAt(i++);
      } else if (i < n && text[i] === ']') {
        // An OSC runs to the next ESC (whose `\` is then dropped as an escape of its own).
        i++;
        while (i < n && text.charCodeAt(i) !== ESC) i++;
      } else if (i < n && text.charCodeAt(i) >= 0x40 && text.charCodeAt(i) <= 0x5f) i++;
      if (keepColours && last === 0x6d) out += text.slice(start, i);
    } else if (c === 0x09) {
      do {
        out += ' ';
        column++;
      } while (column % 8 !== 0);
      i++;
    } else if (c === 0x0d || c === 0x07) {
      i++;
    } else {
      // A column per UTF-8 sequence (text is bytes, one char each), none
      // for continuation bytes and control characters (newlines too).
      if ((c & 0xc0) !== 0x80 && c >= 0x20 && c !== 0x7f) column++;
      out += text[i++];
    }
  }
  return out;
}
