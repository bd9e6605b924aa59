// `:doc`: the documentation of a builtin (builtins/docs), or of a function
// with a doc comment (RFC 145: a `/** ... */` comment right before the
// lambda, or before the attribute or `let` binding whose value it is, as
// nixpkgs lib writes them), laid out for a terminal.

import { builtinDoc } from '../builtins/docs/index.js';
import { formatPos } from '../errors/render.js';
import type { Pos } from '../errors/source.js';
import { fromText } from '../io/memory-io.js';
import { guillemets } from '../value/literal.js';
import { Closure, PrimOp, PrimOpApp, type Value } from '../value/types.js';

/** The text `:doc` prints for a value, or null when it has no documentation. */
export function documentation(v: Value, colours: boolean): string | null {
  const style = colours ? COLOURED : PLAIN;
  if (v instanceof PrimOp || v instanceof PrimOpApp) {
    const name = v instanceof PrimOp ? v.name : v.primop.name;
    const doc = builtinDoc(name);
    if (doc === undefined) return null;
    const synopsis = [style.code(`builtins.${doc.name}`), ...doc.args.map(style.arg)].join(' ');
    return fromText(`${style.bold('Synopsis:')} ${synopsis}\n\n${renderMarkdown(doc.doc, style)}`);
  }
  if (v instanceof Closure) {
    const bp = v.blueprint;
    const pos = bp.pos ?? null;
    const comment = pos === null ? null : docComment(pos);
    // The name comes from the binding; a lambda without a comment shows where it is all the same.
    // Output is bytes: the names and the comment are already, the text made here is encoded.
    let text = `Function ${style.code(bp.name ?? guillemets('anonymous'))}\n`;
    if (pos !== null) text += `${fromText('\u2026')} defined at ${formatPos(pos)}\n`;
    if (comment !== null) text += '\n' + renderMarkdown(comment, style, fromText);
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

/** How rendered Markdown looks: with colours on a terminal, or plain. */
interface Style {
  bold(text: string): string;
  code(text: string): string;
  arg(text: string): string;
  heading(text: string): string;
  /** The bar before each line of a code block. */
  bar: string;
}

const PLAIN: Style = {
  bold: (t) => t,
  code: (t) => t,
  arg: (t) => t,
  heading: (t) => t,
  bar: '  \u2502 ',
};

const COLOURED: Style = {
  bold: (t) => `\x1b[1m${t}\x1b[0m`,
  code: (t) => `\x1b[1;94m${t}\x1b[0m`,
  arg: (t) => `\x1b[3m${t}\x1b[0m`,
  heading: (t) => `\x1b[1;91m${t}\x1b[0m`,
  bar: '\x1b[1;94m  \u2502 \x1b[0m',
};

/**
 * The Markdown of documentation, for a terminal: headings in bold, code
 * blocks (fenced, or indented by four spaces) behind a bar, inline code
 * highlighted (its backticks kept where there are no colours). Paragraphs
 * keep their line breaks.
 */
export function renderMarkdown(markdown: string, style: Style = PLAIN, encode: (text: string) => string = (t) => t): string {
  const bar = encode(style.bar);
  const out: string[] = [];
  const lines = markdown.split('\n');
  let fence: string | null = null;
  let previousBlank = true;
  for (const line of lines) {
    if (fence !== null) {
      if (line.trimStart().startsWith(fence)) fence = null;
      else out.push(bar + style.bold(line));
      continue;
    }
    const opening = /^\s*(```+|~~~+)/.exec(line);
    if (opening !== null) {
      fence = opening[1]!;
      continue;
    }
    if (line.startsWith('    ') && (previousBlank || out[out.length - 1]?.startsWith(bar))) {
      out.push(bar + style.bold(line.slice(4)));
      continue;
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading !== null) out.push(style.heading(heading[1]!));
    else out.push(style === PLAIN ? line : line.replace(/`([^`]+)`/g, (_, code: string) => style.code(code)));
    previousBlank = line.trim() === '';
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n') + '\n';
}
