// Number formatting the way CppNix prints numbers, byte for byte.
//
// Three formats are in use:
//   - `std::ostream << double` (`%g`, 6 significant digits): the value
//     printer (`nix-instantiate --eval`), error messages, `--xml`;
//   - `std::to_string(double)` (`%f`, 6 decimals): `toString 1.5` and
//     string coercion;
//   - nlohmann::json's shortest round-trip form: `builtins.toJSON`.
//
// glibc's printf rounds the exact binary value, ties to even, so the `%g` and
// `%f` forms are computed from the exact decimal expansion of the double
// (a BigInt), not from JS's toPrecision/toFixed, which round ties up.
// NaN prints with its sign: on x86-64 the NaN that `inf - inf` produces has
// its sign bit set, and glibc prints it as `-nan`, as CppNix does.

const f64 = new Float64Array(1);
const u8 = new Uint8Array(f64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The sign bit of a double (also meaningful for -0 and NaN). */
export function signBit(x: number): boolean {
  f64[0] = x;
  return (u8[LITTLE_ENDIAN ? 7 : 0]! & 0x80) !== 0;
}

/** `nan`, `-nan`, `inf`, `-inf` for a non-finite double, as glibc prints them. */
function nonFinite(x: number): string {
  if (Number.isNaN(x)) return signBit(x) ? '-nan' : 'nan';
  return x > 0 ? 'inf' : '-inf';
}

/**
 * The exact decimal expansion of a finite positive double: `digits × 10^exp`,
 * `digits` without leading zeros.
 */
function exactDecimal(x: number): { digits: string; exp: number } {
  f64[0] = x;
  const view = new DataView(f64.buffer);
  const bits = view.getBigUint64(0, LITTLE_ENDIAN);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & 0xfffffffffffffn;
  let e2: number;
  if (biased === 0) {
    e2 = -1074;
  } else {
    mantissa |= 1n << 52n;
    e2 = biased - 1075;
  }
  if (e2 >= 0) return { digits: (mantissa << BigInt(e2)).toString(), exp: 0 };
  // m × 2^e2 = m × 5^-e2 × 10^e2
  return { digits: (mantissa * 5n ** BigInt(-e2)).toString(), exp: e2 };
}

/**
 * Rounds a digit string to `keep` digits (keep ≥ 0), ties to even.
 * Returns the kept digits (possibly one longer after a carry: "999" → "1000").
 */
function roundDigits(digits: string, keep: number): string {
  if (keep >= digits.length) return digits;
  if (keep < 0) return '';
  const next = digits.charCodeAt(keep) - 48;
  let up: boolean;
  if (next > 5) up = true;
  else if (next < 5) up = false;
  else {
    let rest = false;
    for (let i = keep + 1; i < digits.length; i++) {
      if (digits.charCodeAt(i) !== 48) {
        rest = true;
        break;
      }
    }
    if (rest) up = true;
    else {
      // An exact tie: round to even (the digit before; an empty prefix is 0, even).
      const last = keep > 0 ? digits.charCodeAt(keep - 1) - 48 : 0;
      up = (last & 1) === 1;
    }
  }
  let kept = digits.slice(0, keep);
  if (!up) return kept;
  // Increment the decimal string.
  let i = kept.length - 1;
  const chars = kept.split('');
  while (i >= 0) {
    if (chars[i] === '9') {
      chars[i] = '0';
      i--;
    } else {
      chars[i] = String.fromCharCode(chars[i]!.charCodeAt(0) + 1);
      break;
    }
  }
  kept = chars.join('');
  return i < 0 ? '1' + kept : kept;
}

function exponentSuffix(e: number): string {
  const abs = Math.abs(e);
  return (e < 0 ? 'e-' : 'e+') + (abs < 10 ? '0' + abs : String(abs));
}

/**
 * C's `%.<precision>g`: what `std::ostream << double` prints (precision 6).
 * Used by the value printer, error messages and XML output.
 */
export function formatFloatG(x: number, precision = 6): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const neg = signBit(x);
  const sign = neg ? '-' : '';
  if (x === 0) return sign + '0';
  const P = precision === 0 ? 1 : precision;
  const { digits, exp } = exactDecimal(Math.abs(x));
  let rounded = roundDigits(digits, P);
  // Decimal exponent of the leading digit, after rounding.
  let X = digits.length - 1 + exp;
  if (rounded.length > P) {
    X += 1;
    rounded = rounded.slice(0, P);
  }
  // Pad to P digits (a short exact expansion).
  while (rounded.length < P) rounded += '0';
  let out: string;
  if (X < P && X >= -4) {
    // Fixed notation with P - 1 - X decimals.
    if (X >= 0) {
      const intPart = rounded.slice(0, X + 1);
      const frac = rounded.slice(X + 1);
      out = frac.length > 0 ? intPart + '.' + frac : intPart;
    } else {
      out = '0.' + '0'.repeat(-X - 1) + rounded;
    }
    if (out.includes('.')) out = out.replace(/0+$/, '').replace(/\.$/, '');
  } else {
    let mant = rounded.length > 1 ? rounded[0] + '.' + rounded.slice(1) : rounded;
    if (mant.includes('.')) mant = mant.replace(/0+$/, '').replace(/\.$/, '');
    out = mant + exponentSuffix(X);
  }
  return sign + out;
}

/** C's `%f` (6 decimals): what `std::to_string(double)` gives, so what `toString 1.5` gives. */
export function formatFloatF(x: number, decimals = 6): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const sign = signBit(x) ? '-' : '';
  let n: string;
  if (x === 0) {
    n = '0';
  } else {
    // round(x × 10^decimals), from the exact expansion digits × 10^exp.
    const { digits, exp } = exactDecimal(Math.abs(x));
    const shift = exp + decimals;
    if (shift >= 0) {
      n = digits + '0'.repeat(shift);
    } else {
      const keep = digits.length + shift;
      n = keep < 0 ? '' : roundDigits(digits, keep);
      if (n === '') n = '0';
    }
  }
  if (decimals === 0) return sign + n;
  n = n.padStart(decimals + 1, '0');
  return sign + n.slice(0, n.length - decimals) + '.' + n.slice(n.length - decimals);
}

// ---------------------------------------------------------------- Grisu2
//
// nlohmann::json prints doubles with Grisu2 (Loitsch 2010), whose digits are
// usually but not always the shortest (44.6159675 comes out as
// 44.615967499999996), so JS's own shortest form would differ now and then.
// This is the same algorithm on 64-bit BigInt arithmetic.

const U64 = (1n << 64n) - 1n;

interface DiyFp {
  f: bigint;
  e: number;
}

function diyMul(x: DiyFp, y: DiyFp): DiyFp {
  // round(x.f * y.f / 2^64), ties up
  const p = x.f * y.f;
  const h = (p + (1n << 63n)) >> 64n;
  return { f: h & U64, e: x.e + y.e + 64 };
}

function diyNormalize(x: DiyFp): DiyFp {
  let { f, e } = x;
  while (f >> 63n === 0n) {
    f <<= 1n;
    e--;
  }
  return { f, e };
}

/** Cached powers of ten c = f × 2^e ≈ 10^k for k = -300, -292, ..., 324, rounded to nearest. */
const CACHED_POWERS: Array<{ f: bigint; e: number; k: number }> = (() => {
  const out: Array<{ f: bigint; e: number; k: number }> = [];
  for (let k = -300; k <= 324; k += 8) {
    let f: bigint;
    let e: number;
    if (k >= 0) {
      const n = 10n ** BigInt(k);
      const len = n.toString(2).length;
      if (len > 64) {
        const shift = BigInt(len - 64);
        f = (n + (1n << (shift - 1n))) >> shift;
        e = len - 64;
        if (f >> 64n !== 0n) {
          f >>= 1n;
          e++;
        }
      } else {
        f = n << BigInt(64 - len);
        e = len - 64;
      }
    } else {
      const d = 10n ** BigInt(-k);
      let s = 63 + d.toString(2).length;
      for (;;) {
        const num = 1n << BigInt(s);
        f = (num + d / 2n) / d;
        if (f >> 64n !== 0n) s--;
        else if (f >> 63n === 0n) s++;
        else break;
      }
      e = -s;
    }
    out.push({ f, e, k });
  }
  return out;
})();

function cachedPowerFor(e: number): { f: bigint; e: number; k: number } {
  const f = -60 - e - 1;
  const k = Math.trunc((f * 78913) / (1 << 18)) + (f > 0 ? 1 : 0);
  const index = Math.floor((300 + k + 7) / 8);
  return CACHED_POWERS[index]!;
}

/** Grisu2's digits and exponent for a finite positive double: value ≈ digits × 10^exp. */
function grisu2(value: number): { digits: string; exp: number } {
  f64[0] = value;
  const bits = new DataView(f64.buffer).getBigUint64(0, LITTLE_ENDIAN);
  const E = Number(bits >> 52n);
  const F = bits & ((1n << 52n) - 1n);
  const v: DiyFp = E === 0 ? { f: F, e: -1074 } : { f: F + (1n << 52n), e: E - 1075 };
  const lowerCloser = F === 0n && E > 1;
  const mPlus = diyNormalize({ f: 2n * v.f + 1n, e: v.e - 1 });
  const mMinusRaw = lowerCloser ? { f: 4n * v.f - 1n, e: v.e - 2 } : { f: 2n * v.f - 1n, e: v.e - 1 };
  const mMinus = { f: mMinusRaw.f << BigInt(mMinusRaw.e - mPlus.e), e: mPlus.e };
  const w0 = diyNormalize(v);

  const cached = cachedPowerFor(mPlus.e);
  const c = { f: cached.f, e: cached.e };
  const w = diyMul(w0, c);
  const wMinus = diyMul(mMinus, c);
  const wPlus = diyMul(mPlus, c);
  const Mminus = { f: wMinus.f + 1n, e: wMinus.e };
  const Mplus = { f: wPlus.f - 1n, e: wPlus.e };
  let exp = -cached.k;

  let delta = Mplus.f - Mminus.f;
  let dist = Mplus.f - w.f;
  const shift = BigInt(-Mplus.e);
  const oneF = 1n << shift;
  let p1 = Number(Mplus.f >> shift);
  let p2 = Mplus.f & (oneF - 1n);
  const buf: number[] = [];

  const round = (distV: bigint, deltaV: bigint, restV: bigint, tenK: bigint): void => {
    let rest = restV;
    while (rest < distV && deltaV - rest >= tenK && (rest + tenK < distV || distV - rest > rest + tenK - distV)) {
      buf[buf.length - 1]!--;
      rest += tenK;
    }
  };

  let pow10 = 1;
  let k = 1;
  while (pow10 * 10 <= p1 && k < 10) {
    pow10 *= 10;
    k++;
  }
  let n = k;
  while (n > 0) {
    const d = Math.floor(p1 / pow10);
    const r = p1 % pow10;
    buf.push(d);
    p1 = r;
    n--;
    const rest = (BigInt(p1) << shift) + p2;
    if (rest <= delta) {
      exp += n;
      round(dist, delta, rest, BigInt(pow10) << shift);
      return { digits: buf.join(''), exp };
    }
    pow10 = Math.floor(pow10 / 10);
  }
  let m = 0;
  for (;;) {
    p2 *= 10n;
    const d = p2 >> shift;
    const r = p2 & (oneF - 1n);
    buf.push(Number(d));
    p2 = r;
    m++;
    delta *= 10n;
    dist *= 10n;
    if (p2 <= delta) break;
  }
  exp -= m;
  round(dist, delta, p2, oneF);
  return { digits: buf.join(''), exp };
}

/**
 * nlohmann::json's serialisation of a double (`builtins.toJSON`): Grisu2
 * digits, in fixed notation when the decimal exponent is in (-4, 15],
 * else `d.ddde+XX`; integral values get `.0`; NaN and infinities become
 * `null`.
 */
export function formatFloatJSON(x: number): string {
  if (!Number.isFinite(x)) return 'null';
  const sign = signBit(x) ? '-' : '';
  if (x === 0) return sign + '0.0';
  const { digits, exp } = grisu2(Math.abs(x));
  const k = digits.length;
  const n = k + exp; // value = 0.digits × 10^n
  let out: string;
  if (k <= n && n <= 15) {
    out = digits + '0'.repeat(n - k) + '.0';
  } else if (0 < n && n <= 15) {
    out = digits.slice(0, n) + '.' + digits.slice(n);
  } else if (-4 < n && n <= 0) {
    out = '0.' + '0'.repeat(-n) + digits;
  } else {
    const m = k === 1 ? digits : digits[0] + '.' + digits.slice(1);
    const ex = n - 1;
    const abs = Math.abs(ex);
    out = m + 'e' + (ex < 0 ? '-' : '+') + (abs < 10 ? '0' + abs : String(abs));
  }
  return sign + out;
}

/** An int (number or bigint) in decimal. */
export function formatInt(n: number | bigint): string {
  return typeof n === 'number' ? (n === 0 ? '0' : String(n)) : n.toString();
}
