/**
 * Version strings and derivation names as CppNix handles them
 * (libstore/names.cc), for `builtins.compareVersions`,
 * `builtins.splitVersion` and `builtins.parseDrvName`.
 *
 * Strings are binary (one char per byte). Character classes are the C
 * locale's: only ASCII letters are alphabetic and only ASCII digits are
 * digits, so bytes >= 0x80 count as letters for neither (they do belong to
 * non-numeric components).
 *
 * A version is a sequence of components separated by any run of `.` and `-`:
 * a component is a maximal run of digits or a maximal run of other
 * characters. Two components compare as:
 *   1. both numeric (fit in a C `int`): by value (`01` == `1`);
 *   2. an empty (missing) component is lower than a numeric one;
 *   3. `pre` is lower than anything else (but equal to itself);
 *   4. a numeric component is higher than a non-numeric one ("2.3a" < "2.3.1");
 *   5. otherwise by bytes (unsigned), so "" < "a".
 * A digit run too large for an `int` (> 2147483647) is *not* numeric
 * (CppNix's `string2Int<int>` fails), so "1.99999999999" < "1.1".
 */

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

const INT_MAX = 2147483647;

/** `string2Int<int>` on a component: its value, or null if it is not a number that fits. */
function componentInt(c: string): number | null {
  if (c.length === 0) return null;
  for (let i = 0; i < c.length; i++) if (!isDigit(c.charCodeAt(i))) return null;
  let i = 0;
  while (i < c.length - 1 && c.charCodeAt(i) === 48) i++;
  const digits = c.slice(i);
  if (digits.length > 10) return null;
  const n = Number(digits);
  return n > INT_MAX ? null : n;
}

/**
 * `nextComponent`: skip separators from `pos`, then read one component.
 * Returns the component ("" at the end) and the position after it.
 */
export function nextComponent(s: string, pos: number): [component: string, next: number] {
  let p = pos;
  while (p < s.length && (s[p] === '.' || s[p] === '-')) p++;
  if (p >= s.length) return ['', p];
  const start = p;
  if (isDigit(s.charCodeAt(p))) {
    while (p < s.length && isDigit(s.charCodeAt(p))) p++;
  } else {
    while (p < s.length) {
      const c = s.charCodeAt(p);
      if (isDigit(c) || c === 46 || c === 45) break;
      p++;
    }
  }
  return [s.slice(start, p), p];
}

/** Byte-wise comparison (std::string's `<`, unsigned chars). */
function bytesLess(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return x < y;
  }
  return a.length < b.length;
}

/** `componentsLT`. */
export function componentsLT(c1: string, c2: string): boolean {
  const n1 = componentInt(c1);
  const n2 = componentInt(c2);
  if (n1 !== null && n2 !== null) return n1 < n2;
  if (c1 === '' && n2 !== null) return true;
  if (c1 === 'pre' && c2 !== 'pre') return true;
  if (c2 === 'pre') return false;
  // Assume that `2.3a' < `2.3.1'.
  if (n2 !== null) return true;
  if (n1 !== null) return false;
  return bytesLess(c1, c2);
}

/** `builtins.compareVersions`: -1, 0 or 1. */
export function compareVersions(a: string, b: string): -1 | 0 | 1 {
  let p1 = 0;
  let p2 = 0;
  while (p1 < a.length || p2 < b.length) {
    const [c1, n1] = nextComponent(a, p1);
    const [c2, n2] = nextComponent(b, p2);
    p1 = n1;
    p2 = n2;
    if (componentsLT(c1, c2)) return -1;
    if (componentsLT(c2, c1)) return 1;
  }
  return 0;
}

/** `builtins.splitVersion`: the components, stopping at the first empty one. */
export function splitVersion(s: string): string[] {
  const out: string[] = [];
  let p = 0;
  while (p < s.length) {
    const [c, next] = nextComponent(s, p);
    p = next;
    if (c === '') break;
    out.push(c);
  }
  return out;
}

/**
 * `builtins.parseDrvName`: the name is everything before the first `-` that is
 * followed by a non-letter; the version is what follows that dash.
 */
export function parseDrvName(s: string): { name: string; version: string } {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '-' && i + 1 < s.length && !isAlpha(s.charCodeAt(i + 1))) {
      return { name: s.slice(0, i), version: s.slice(i + 1) };
    }
  }
  return { name: s, version: '' };
}
