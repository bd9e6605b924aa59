// Renders errors the way CppNix prints them: an `error:` line, the
// position, a code frame with a caret, hints, and (with --show-trace) the
// `… while ...` trace, outermost first.

import type { NixError, TraceEntry } from './error.js';
import type { Pos } from './source.js';

const INDENT = '       ';
/** `…` as UTF-8 bytes: messages are binary strings, written out byte for byte. */
const ELLIPSIS = '\xe2\x80\xa6';

export function formatPos(pos: Pos): string {
  const { line, col } = pos.source.lineCol(pos.offset);
  return `${pos.source.origin}:${line}:${col}`;
}

/** The code frame: the line before, the line, a caret line, the line after. */
export function codeFrame(pos: Pos): string[] {
  const src = pos.source;
  // CppNix shows no code frame for an empty source.
  if (src.text.length === 0) return [];
  const { line, col } = src.lineCol(pos.offset);
  const row = (n: number) => `${INDENT} ${String(n).padStart(5)}| ${src.lineText(n)}`.trimEnd();
  const out: string[] = [];
  if (line > 1) out.push(row(line - 1));
  out.push(row(line));
  out.push(`${INDENT}      |${' '.repeat(col)}^`);
  if (line < src.lineCount) out.push(row(line + 1));
  return out;
}

function indentMessage(message: string): string {
  return message.split('\n').join('\n' + INDENT);
}

function traceBlock(entry: TraceEntry): string[] {
  const out = [`${INDENT}${ELLIPSIS} ${indentMessage(entry.message)}`];
  if (entry.pos) out.push(`${INDENT}  at ${formatPos(entry.pos)}:`, ...codeFrame(entry.pos));
  return out;
}

/**
 * The full text printed for an error, without a trailing newline.
 *
 * Without `showTrace`, the trace is cut short as CppNix cuts it: entries are
 * printed outermost first until they add up to more than 3 (an entry with a
 * position counts 2), after which only entries marked `always` (the context
 * of builtins.addErrorContext) are, and a line says the trace was truncated.
 */
export function renderError(err: NixError, showTrace = true): string {
  const lines: string[] = [];
  const trace = err.trace;
  const body: string[] = [];
  if (err.pos) body.push(`${INDENT}at ${formatPos(err.pos)}:`, ...codeFrame(err.pos));
  for (const hint of err.hints) body.push(INDENT + indentMessage(hint));
  if (trace.length === 0) {
    lines.push(`error: ${indentMessage(err.message)}`, ...body);
  } else {
    lines.push('error:');
    // Outermost first. A frame seen before is skipped; a run of more than
    // five skipped frames is summarised, as CppNix does for deep recursion.
    const seen = new Set<string>();
    let skipped: TraceEntry[] = [];
    let count = 0;
    let truncated = false;
    const flushSkipped = (): void => {
      if (skipped.length === 0) return;
      if (skipped.length <= 5) {
        for (const entry of skipped) lines.push(...traceBlock(entry), '');
      } else {
        lines.push(`${INDENT}(${skipped.length} duplicate frames omitted)`, '');
      }
      skipped = [];
    };
    for (let i = trace.length - 1; i >= 0; i--) {
      const entry = trace[i]!;
      if (!showTrace && count > 3) truncated = true;
      if (truncated && !entry.always) continue;
      const key = `${entry.message}\0${entry.pos ? formatPos(entry.pos) : ''}`;
      if (seen.has(key)) {
        skipped.push(entry);
        continue;
      }
      seen.add(key);
      flushSkipped();
      count += entry.pos ? 2 : 1;
      lines.push(...traceBlock(entry), '');
    }
    flushSkipped();
    if (truncated) lines.push(`${INDENT}(stack trace truncated; use '--show-trace' to show the full, detailed trace)`, '');
    lines.push(`${INDENT}error: ${indentMessage(err.message)}`, ...body);
  }
  return lines.join('\n');
}
