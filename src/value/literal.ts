// Pieces of Nix syntax that the printers share: string literals, attribute
// names, and the «» marks CppNix puts around non-values.
//
// Everything here produces *binary* strings (one char per byte), like every
// Nix string and every message tsnix writes: `«` is the two UTF-8 bytes
// C2 AB, written as the two chars '\xc2\xab'.

/** `«` as UTF-8 bytes in a binary string. */
export const LAQUO = '\xc2\xab';
/** `»` as UTF-8 bytes in a binary string. */
export const RAQUO = '\xc2\xbb';
/** `…` (U+2026) as UTF-8 bytes in a binary string. */
export const ELLIPSIS = '\xe2\x80\xa6';

/** `«text»`, with `text` a binary string. */
export function guillemets(text: string): string {
  return LAQUO + text + RAQUO;
}

/** `«1 attribute elided»`, `«3 items elided»`... */
export function elided(n: number, single: string, plural: string): string {
  return guillemets(`${n} ${n === 1 ? single : plural} elided`);
}

const NEEDS_ESCAPE = /["\\\n\r\t$]/;

/** Whether printLiteralString escapes anything in `s` (else it prints `"s"`). */
export function needsEscape(s: string): boolean {
  return NEEDS_ESCAPE.test(s);
}

/**
 * A Nix string literal: `"`, `\`, newline, CR and tab escaped, `${` as
 * `\${`; every other byte as is. With `maxLength`, at most that many
 * (unescaped) bytes are printed, then `" «N bytes elided»`.
 */
export function printLiteralString(s: string, maxLength = Infinity): string {
  if (s.length <= maxLength && !NEEDS_ESCAPE.test(s)) return '"' + s + '"';
  let out = '"';
  const n = s.length;
  let start = 0;
  for (let i = 0; i < n; i++) {
    if (i >= maxLength) {
      out += s.slice(start, i) + '" ' + elided(n - i, 'byte', 'bytes');
      return out;
    }
    const c = s.charCodeAt(i);
    let esc: string | null = null;
    if (c === 34) esc = '\\"';
    else if (c === 92) esc = '\\\\';
    else if (c === 10) esc = '\\n';
    else if (c === 13) esc = '\\r';
    else if (c === 9) esc = '\\t';
    else if (c === 36 && s.charCodeAt(i + 1) === 123) esc = '\\$';
    if (esc !== null) {
      out += s.slice(start, i) + esc;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}

const RESERVED = new Set(['if', 'then', 'else', 'assert', 'with', 'let', 'in', 'rec', 'inherit']);

/** Whether an attribute name can be printed bare: an identifier that is not a keyword. */
export function isVarName(s: string): boolean {
  const n = s.length;
  if (n === 0 || RESERVED.has(s)) return false;
  const c0 = s.charCodeAt(0);
  if ((c0 >= 48 && c0 <= 57) || c0 === 45 || c0 === 39) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 39)) return false;
  }
  return true;
}

/** An attribute name as the value printers write it: bare when possible, else quoted. */
export function printAttrName(name: string): string {
  return isVarName(name) ? name : printLiteralString(name);
}
