// `:doc`: the documentation of a builtin (builtins/docs), or of a function
// with a doc comment (RFC 145: a `/** ... */` comment right before the
// lambda, or before the attribute or `let` binding whose value it is, as
// nixpkgs lib writes them), laid out for a terminal.

import { builtinDoc } from '../builtins/docs/index.js';
import { formatPos } from '../errors/render.js';
import type { Pos } from '../errors/source.js';
import { fromText, toText } from '../io/memory-io.js';
import { COLOURED_STYLE, PLAIN_STYLE, renderMarkdown } from './markdown.js';
import { guillemets } from '../value/literal.js';
import { Closure, PrimOp, PrimOpApp, type Value } from '../value/types.js';

/** The text `:doc` prints for a value, or null when it has no documentation. */
export function documentation(v: Value, colours: boolean, width = 72): string | null {
  const style = colours ? COLOURED_STYLE : PLAIN_STYLE;
  if (v instanceof PrimOp || v instanceof PrimOpApp) {
    const name = v instanceof PrimOp ? v.name : v.primop.name;
    const doc = builtinDoc(name);
    if (doc === undefined) return null;
    const synopsis = [style.code(`builtins.${doc.name}`), ...doc.args.map(style.italic)].join(' ');
    return fromText(`${style.bold('Synopsis:')} ${synopsis}\n\n${renderMarkdown(doc.doc, style, width)}`);
  }
  if (v instanceof Closure) {
    const bp = v.blueprint;
    const pos = bp.pos ?? null;
    const comment = pos === null ? null : docComment(pos);
    // The name comes from the binding; a lambda without a comment shows where it is all the same.
    // Output is bytes: the names and the comment are already, the text made here is encoded.
    let text = `Function ${style.code(bp.name ?? guillemets('anonymous'))}\n`;
    if (pos !== null) text += `${fromText('\u2026')} defined at ${formatPos(pos)}\n`;
    // The comment is bytes (UTF-8): rendered as text, then encoded again.
    if (comment !== null) text += '\n' + fromText(renderMarkdown(toText(comment), style, width));
    return text;
  }
  return null;
}

/**
 * The doc comment of the lambda at `pos`: the `/** ... *\/` comment right
 * before it, or before the binding `name = ` (an attribute path) whose
 * value it is. Its text, with the common indentation of its lines removed.
 */
export function docComment(pos: Pos): string | null {
  const text = pos.source.text;
  let i = skipSpaceBack(text, pos.offset);
  if (text[i - 1] === '=' && text[i - 2] !== '=') {
    i = skipSpaceBack(text, i - 1);
    // The attribute path: names, quoted names and dots.
    for (;;) {
      const start = i;
      if (text[i - 1] === '"') {
        i--;
        while (i > 0 && !(text[i - 1] === '"' && text[i - 2] !== '\\')) i--;
        i--;
      } else while (i > 0 && /[A-Za-z0-9_'-]/.test(text[i - 1]!)) i--;
      if (i === start) break;
      const beforeDot = skipSpaceBack(text, i);
      if (text[beforeDot - 1] !== '.') break;
      i = skipSpaceBack(text, beforeDot - 1);
    }
    i = skipSpaceBack(text, i);
  }
  if (text[i - 1] !== '/' || text[i - 2] !== '*') return null;
  const start = text.lastIndexOf('/**', i - 3);
  // `/**/` is an empty plain comment, not a doc comment.
  if (start < 0 || start + 4 > i - 2 || text.slice(start + 3, i - 2).includes('*/')) return null;
  return stripIndentation(text.slice(start + 3, i - 2));
}

function skipSpaceBack(text: string, i: number): number {
  while (i > 0 && /\s/.test(text[i - 1]!)) i--;
  return i;
}

/** A comment's text without the indentation its lines share, and without blank lines at its ends. */
function stripIndentation(body: string): string {
  const lines = body.split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  const stripped = lines.map((l) => l.slice(Math.min(common, l.length - l.trimStart().length)).trimEnd());
  while (stripped.length > 0 && stripped[0] === '') stripped.shift();
  while (stripped.length > 0 && stripped[stripped.length - 1] === '') stripped.pop();
  return stripped.join('\n');
}
