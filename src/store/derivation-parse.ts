// Reading a store derivation back from its ATerm text (derivation.ts
// writes it): what a store needs when it registers a `.drv` file (its
// outputs' paths go into the DerivationOutputs table, as CppNix's
// registration reads them from the file it registers).
//
//   Derive([("out","/nix/store/...","r:sha256","<hex>"),...],
//          [("/nix/store/...drv",["out"]),...],["/nix/store/...",...],
//          "system","builder",["arg",...],[("name","value"),...])
//
// Strings are binary (one char per byte), with the escapes \" \\ \n \r \t;
// any other escaped character stands for itself, as in CppNix's parser.

import type { Derivation, DerivationOutput, IngestionMethod } from './derivation.js';
import { fromHex } from './paths.js';

/** A .drv text that is not a derivation; the message is CppNix's kind of message. */
export class DerivationParseError extends Error {}

class Reader {
  pos = 0;
  /** Where the next backslash at or after `pos` is (-1: none is left); looked for again once passed. */
  private nextEscape = -2;

  constructor(private readonly text: string) {}

  expect(token: string): void {
    if (!this.text.startsWith(token, this.pos)) {
      throw new DerivationParseError(`expected string '${token}'`);
    }
    this.pos += token.length;
  }

  /** Consumes `token` if it comes next. */
  accept(token: string): boolean {
    if (!this.text.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }

  string(): string {
    this.expect('"');
    const text = this.text;
    const close = text.indexOf('"', this.pos);
    // Most strings (paths, names) have no escape: taken whole. The next backslash is looked for once per backslash.
    if (this.nextEscape !== -1 && this.nextEscape < this.pos) this.nextEscape = text.indexOf('\\', this.pos);
    if (close >= 0 && (this.nextEscape < 0 || this.nextEscape > close)) {
      const s = text.slice(this.pos, close);
      this.pos = close + 1;
      return s;
    }
    let out = '';
    let start = this.pos;
    for (;;) {
      const c = text[this.pos];
      if (c === undefined) throw new DerivationParseError('unterminated string in derivation');
      if (c === '"') break;
      if (c === '\\') {
        out += text.slice(start, this.pos);
        const e = text[this.pos + 1];
        if (e === undefined) throw new DerivationParseError('unterminated string in derivation');
        out += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e;
        this.pos += 2;
        start = this.pos;
      } else this.pos++;
    }
    out += text.slice(start, this.pos);
    this.pos++;
    return out;
  }

  /** `[item,item,...]`. */
  list<T>(item: () => T): T[] {
    this.expect('[');
    const out: T[] = [];
    if (this.accept(']')) return out;
    do out.push(item());
    while (this.accept(','));
    this.expect(']');
    return out;
  }

  end(): void {
    if (this.pos !== this.text.length) throw new DerivationParseError('extra characters at the end of the derivation');
  }
}

/** `r:sha256` / `text:sha256` / `sha256`: the ingestion method and the hash algorithm. */
function parseMethodAlgo(s: string): { method: IngestionMethod; algo: string } {
  if (s.startsWith('r:')) return { method: 'nar', algo: s.slice(2) };
  if (s.startsWith('text:')) return { method: 'text', algo: s.slice(5) };
  return { method: 'flat', algo: s };
}

function parseOutput(path: string, methodAlgo: string, hash: string): DerivationOutput {
  if (methodAlgo === '') return path === '' ? { kind: 'deferred' } : { kind: 'inputAddressed', path };
  const { method, algo } = parseMethodAlgo(methodAlgo);
  if (hash === 'impure') return { kind: 'impure', method, algo };
  if (hash === '') return { kind: 'floating', method, algo };
  const bytes = fromHex(hash);
  if (bytes === null) throw new DerivationParseError(`invalid hash '${hash}' in derivation`);
  return { kind: 'fixed', method, algo, hash: bytes, path };
}

/** The derivation an ATerm text describes; `name` is its name (the .drv file's, without `.drv`). */
export function parseDerivation(text: string, name: string): Derivation {
  const r = new Reader(text);
  r.expect('Derive(');
  const drv: Derivation = {
    name,
    outputs: new Map(),
    inputDrvs: new Map(),
    inputSrcs: new Set(),
    platform: '',
    builder: '',
    args: [],
    env: new Map(),
  };
  r.list(() => {
    r.expect('(');
    const id = r.string();
    r.expect(',');
    const path = r.string();
    r.expect(',');
    const methodAlgo = r.string();
    r.expect(',');
    const hash = r.string();
    r.expect(')');
    drv.outputs.set(id, parseOutput(path, methodAlgo, hash));
  });
  r.expect(',');
  r.list(() => {
    r.expect('(');
    const path = r.string();
    r.expect(',');
    const outputs = r.list(() => r.string());
    r.expect(')');
    drv.inputDrvs.set(path, new Set(outputs));
  });
  r.expect(',');
  for (const src of r.list(() => r.string())) drv.inputSrcs.add(src);
  r.expect(',');
  drv.platform = r.string();
  r.expect(',');
  drv.builder = r.string();
  r.expect(',');
  drv.args = r.list(() => r.string());
  r.expect(',');
  r.list(() => {
    r.expect('(');
    const key = r.string();
    r.expect(',');
    const value = r.string();
    r.expect(')');
    drv.env.set(key, value);
  });
  r.expect(')');
  r.end();
  return drv;
}
