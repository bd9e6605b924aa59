// Shared helpers for the syntax tests.

import type { Expr } from '../../src/syntax/ast.js';
import { checkScopes } from '../../src/syntax/check.js';
import { parse, type ParseOptions } from '../../src/syntax/parser.js';
import { printExpr } from '../../src/syntax/printer.js';
import { ParseError } from '../../src/errors/error.js';
import { Source } from '../../src/errors/source.js';
import { renderError } from '../../src/errors/render.js';

/** A UTF-8 JS string as the binary string tsnix works with. */
export const bin = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');
/** A binary string back to readable UTF-8. */
export const utf8 = (s: string): string => Buffer.from(s, 'latin1').toString('utf8');

export const STDIN = bin('«stdin»');

export function source(text: string): Source {
  return new Source(STDIN, bin(text), '/base');
}

export function parseText(text: string, options: ParseOptions = {}): Expr {
  const src = source(text);
  const e = parse(src, options);
  checkScopes(e, src);
  return e;
}

/** What `nix-instantiate --parse` prints (as UTF-8), or the rendered error. */
export function show(text: string, options: ParseOptions = {}): string {
  const src = source(text);
  try {
    const e = parse(src, options);
    checkScopes(e, src);
    return utf8(printExpr(e, { home: '/fake-home' }));
  } catch (err) {
    if (err instanceof ParseError) return utf8(renderError(err));
    throw err;
  }
}

/** The error of a failing parse as `message @ line:col`. */
export function errorOf(text: string, options: ParseOptions = {}): string {
  const src = source(text);
  try {
    const e = parse(src, options);
    checkScopes(e, src);
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
    if (!err.pos) return utf8(err.message);
    const { line, col } = err.pos.source.lineCol(err.pos.offset);
    return `${utf8(err.message)} @ ${line}:${col}`;
  }
  throw new Error(`expected a parse error for ${JSON.stringify(text)}`);
}

/** Only the printed form of a successful parse. */
export function printed(text: string, options: ParseOptions = {}): string {
  return utf8(printExpr(parseText(text, options), { home: '/fake-home' }));
}
