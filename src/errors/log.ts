// Lines printed on stderr besides errors: warnings, in CppNix's format.
//
//   evaluation warning: first line           builtins.warn
//                       later lines indented under the message
//   warning: absolute path literals are ...  a parser lint, with its position
//            at /file.nix:1:1:
//                 1| /tmp/foo
//                  | ^
//
// Texts are binary strings (one char per byte), written out byte for byte.

import { NixError, type TraceEntry } from './error.js';
import { codeFrame, formatPos, renderError } from './render.js';
import type { Pos } from './source.js';

/**
 * CppNix's rendering of a message after a prefix such as `warning: `: the
 * message loses its trailing whitespace, later lines are indented by the
 * prefix's width, and every line loses its trailing blanks. A message that
 * is empty once trimmed prints as an empty line, without the prefix.
 *
 * A message starting with a newline is printed as written, without the
 * indentation (as the conformance suite's eval-okay-warn-indentation2
 * expects; CppNix 2.26 still indented it).
 */
export function formatPrefixed(prefix: string, message: string): string {
  const text = message.replace(/[ \t\n\r]+$/, '');
  if (text === '') return '';
  const lines = text.split('\n');
  const pad = text.startsWith('\n') ? '' : ' '.repeat(prefix.length);
  return lines
    .map((line, i) => (i === 0 ? prefix + line : pad + line))
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n');
}

/** `builtins.warn`'s line(s), without the final newline. */
export function formatEvalWarning(message: string): string {
  return formatPrefixed('evaluation warning: ', message);
}

/**
 * A `warning:` as CppNix's logWarning prints it: the message, then, when
 * there is a position, `at FILE:LINE:COL:` and a code frame, all indented
 * under the prefix. Without a newline at the end.
 */
export function formatWarning(message: string, pos: Pos | null = null): string {
  let body = message;
  if (pos !== null) {
    // codeFrame indents for `error: ` (7 columns); `warning: ` is 9 wide.
    const frame = codeFrame(pos).map((line) => line.slice(7));
    body += `\nat ${formatPos(pos)}:` + (frame.length > 0 ? '\n' + frame.join('\n') : '');
  }
  return formatPrefixed('warning: ', body);
}

/** A `warning:` as CppNix's plain `warn()` prints it: the message as it is, lines not indented. */
export function formatPlainWarning(message: string): string {
  return 'warning: ' + message;
}

/**
 * A `warning:` with a trace, as CppNix's logWarning prints one that carries
 * trace entries: the same layout as an error report (see renderError), with
 * `warning:` for `error:` and everything indented under it.
 */
export function formatWarningWithTrace(message: string, pos: Pos | null, trace: readonly TraceEntry[]): string {
  const err = new NixError(message, pos);
  err.trace = [...trace].reverse();
  const lines = renderError(err, true).split('\n');
  return lines
    .map((line, i) => {
      if (i === 0) return line.replace(/^error:/, 'warning:');
      if (line === '') return line;
      return '  ' + line.replace(/^( {7})error: /, '$1warning: ');
    })
    .join('\n');
}
