// The Nix language for CodeMirror: a stream tokenizer (StreamLanguage)
// for highlighting. It follows Nix's lexer closely enough to colour
// strings with `${...}` interpolations nested to any depth, indented
// strings and their escapes, paths, URIs and comments; parsing proper is
// tsnix's own (the worker reports syntax errors).

import { StreamLanguage, type StreamParser, type StringStream } from '@codemirror/language';

/** What the tokenizer is inside: a string, an indented string, or the code of an interpolation (with its open braces). */
type Context = { kind: 'string' } | { kind: 'indented' } | { kind: 'code'; braces: number };

interface NixState {
  /** The innermost last; empty at the top level. */
  stack: Context[];
  /** Inside a block comment. */
  comment: boolean;
}

const KEYWORDS = new Set(['let', 'in', 'rec', 'with', 'inherit', 'if', 'then', 'else', 'assert', 'or']);
const ATOMS = new Set(['true', 'false', 'null']);
const BUILTINS = new Set(['builtins', 'import', 'throw', 'abort', 'toString', 'map', 'derivation', 'baseNameOf', 'dirOf', 'isNull']);

const IDENT = /^[a-zA-Z_][a-zA-Z0-9_'-]*/;
const PATH = /^(?:[a-zA-Z0-9._+-]*(?:\/[a-zA-Z0-9._+-]+)+\/?|~(?:\/[a-zA-Z0-9._+-]+)+\/?)/;
const SEARCH_PATH = /^<[a-zA-Z0-9._+-]+(?:\/[a-zA-Z0-9._+-]+)*>/;
const URI = /^[a-zA-Z][a-zA-Z0-9+.-]*:[a-zA-Z0-9%/?:@&=+$,\-_.!~*']+/;
const NUMBER = /^(?:(?:[1-9][0-9]*\.[0-9]*|0?\.[0-9]+)(?:[Ee][+-]?[0-9]+)?|[0-9]+)/;
const OPERATOR = /^(?:\|>|<\||\+\+|\/\/|->|==|!=|<=|>=|&&|\|\||[-+*/<>!?@:;.,=])/;

function top(state: NixState): Context | undefined {
  return state.stack[state.stack.length - 1];
}

/** Inside "...": escapes, the `${` of an interpolation, the closing quote. */
function stringToken(stream: StringStream, state: NixState): string {
  if (stream.match('${')) {
    state.stack.push({ kind: 'code', braces: 0 });
    return 'meta';
  }
  if (stream.match(/^\\[\s\S]?/)) return 'escape';
  if (stream.eat('"')) {
    state.stack.pop();
    return 'string';
  }
  while (!stream.eol() && !stream.match(/^(?=\$\{|\\|")/, false)) stream.next();
  return 'string';
}

/** Inside ''...'': `'''`, `''$` and `''\X` escapes, interpolations, the closing `''`. */
function indentedToken(stream: StringStream, state: NixState): string {
  if (stream.match(/^''(?:'|\$|\\[\s\S]?)/)) return 'escape';
  if (stream.match("''")) {
    state.stack.pop();
    return 'string';
  }
  if (stream.match('${')) {
    state.stack.push({ kind: 'code', braces: 0 });
    return 'meta';
  }
  while (!stream.eol() && !stream.match(/^(?=''|\$\{)/, false)) stream.next();
  return 'string';
}

function codeToken(stream: StringStream, state: NixState): string | null {
  if (stream.eatSpace()) return null;
  if (stream.match('#')) {
    stream.skipToEnd();
    return 'lineComment';
  }
  if (stream.match('/*')) {
    state.comment = true;
    return blockComment(stream, state);
  }
  if (stream.eat('"')) {
    state.stack.push({ kind: 'string' });
    return 'string';
  }
  if (stream.match("''")) {
    state.stack.push({ kind: 'indented' });
    return 'string';
  }
  const context = top(state);
  if (stream.eat('{')) {
    if (context?.kind === 'code') context.braces++;
    return 'brace';
  }
  if (stream.eat('}')) {
    if (context?.kind === 'code') {
      if (context.braces === 0) {
        state.stack.pop();
        return 'meta';
      }
      context.braces--;
    }
    return 'brace';
  }
  if (stream.match(/^[[\]]/)) return 'squareBracket';
  if (stream.match(/^[()]/)) return 'paren';
  if (stream.match(SEARCH_PATH) || stream.match(PATH)) return 'url';
  if (stream.match(URI)) return 'url';
  if (stream.match(NUMBER)) return 'number';
  const word = stream.match(IDENT) as RegExpMatchArray | null;
  if (word) {
    const name = word[0];
    if (KEYWORDS.has(name)) return 'keyword';
    if (ATOMS.has(name)) return 'atom';
    if (BUILTINS.has(name)) return 'variableName.standard';
    // An attribute name: followed by `=` (not `==`) or a `.` path.
    if (stream.match(/^\s*=(?!=)/, false)) return 'propertyName';
    return 'variableName';
  }
  if (stream.match(OPERATOR)) return 'operator';
  stream.next();
  return 'invalid';
}

function blockComment(stream: StringStream, state: NixState): string {
  while (!stream.eol()) {
    if (stream.match('*/')) {
      state.comment = false;
      break;
    }
    stream.next();
  }
  return 'blockComment';
}

const parser: StreamParser<NixState> = {
  name: 'nix',
  startState: () => ({ stack: [], comment: false }),
  copyState: (s) => ({ stack: s.stack.map((c) => ({ ...c })), comment: s.comment }),
  token(stream, state) {
    if (state.comment) return blockComment(stream, state);
    const context = top(state);
    if (context?.kind === 'string') return stringToken(stream, state);
    if (context?.kind === 'indented') return indentedToken(stream, state);
    return codeToken(stream, state);
  },
  languageData: { commentTokens: { line: '#', block: { open: '/*', close: '*/' } }, closeBrackets: { brackets: ['(', '[', '{', '"'] } },
};

export const nixLanguage = StreamLanguage.define(parser);
