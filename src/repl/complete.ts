// Tab completion: command names after `:`, file names after `:l`, names
// in scope, and attribute paths (`lib.strings.conc`), for which only the
// sets on the path are evaluated, never the values in them.

import { NixError } from '../errors/error.js';
import { NixAttrs } from '../value/attrs.js';
import { printAttrName } from '../value/literal.js';
import { COMMAND_NAMES } from './commands.js';
import type { ReplSession } from './session.js';

/** What completes the end of `line`: whole replacements for its last word, and where that word starts. */
export interface Completions {
  readonly items: string[];
  readonly start: number;
}

const KEYWORDS = ['assert', 'else', 'if', 'in', 'inherit', 'let', 'or', 'rec', 'then', 'with'];

export function complete(session: ReplSession, line: string): Completions {
  const command = /^\s*(:\S*)$/.exec(line);
  if (command !== null) {
    const word = command[1]!;
    return { items: COMMAND_NAMES.filter((n) => n.startsWith(word)), start: line.length - word.length };
  }
  const load = /^\s*:(?:l|load)\s+(\S*)$/.exec(line);
  if (load !== null) return completeFile(session, load[1]!, line.length - load[1]!.length);
  const path = /[A-Za-z_][A-Za-z0-9_'\-.]*$/.exec(line);
  if (path === null) return { items: [], start: line.length };
  const word = path[0];
  const dot = word.lastIndexOf('.');
  if (dot < 0) {
    const names = [...session.names().filter((n) => !n.startsWith('__')), ...KEYWORDS];
    return { items: [...new Set(names.filter((n) => n.startsWith(word)))].sort(), start: path.index };
  }
  const prefix = word.slice(0, dot);
  const partial = word.slice(dot + 1);
  const attrs = attrsAt(session, prefix);
  if (attrs === null) return { items: [], start: line.length };
  const items = attrs.keys.filter((k) => k.startsWith(partial)).map((k) => `${prefix}.${printAttrName(k)}`);
  return { items, start: path.index };
}

/** The set an attribute path (`lib.strings`) names, forcing only the sets along it; null when it is none. */
function attrsAt(session: ReplSession, path: string): NixAttrs | null {
  const vm = session.evaluator.vm;
  try {
    const [first, ...rest] = path.split('.');
    let v = session.scope.get(first!) ?? session.evaluator.globals.get(first!);
    if (v === undefined) return null;
    for (const name of rest) {
      const set = vm.force(v);
      if (!(set instanceof NixAttrs)) return null;
      v = set.get(name);
      if (v === undefined) return null;
    }
    const set = vm.force(v);
    return set instanceof NixAttrs ? set : null;
  } catch (e) {
    if (e instanceof NixError) return null;
    throw e;
  }
}

/** File names for `:l`: the entries of the folder the word names, folders with a `/`. */
function completeFile(session: ReplSession, word: string, start: number): Completions {
  const slash = word.lastIndexOf('/');
  const folderPart = slash < 0 ? '' : word.slice(0, slash + 1);
  const base = word.slice(slash + 1);
  const cwd = session.cwdPath;
  const home = session.evaluator.hostIO.getEnv('HOME') ?? '';
  const expanded = folderPart.startsWith('~/') ? home + folderPart.slice(1) : folderPart;
  const folder = expanded.startsWith('/') ? expanded : `${cwd.replace(/\/$/, '')}/${expanded}`;
  try {
    const entries = session.evaluator.hostIO.readDir(folder === '' ? '/' : folder);
    const items = entries
      .filter(([name]) => name.startsWith(base) && (base.startsWith('.') || !name.startsWith('.')))
      .map(([name, type]) => folderPart + name + (type === 'directory' ? '/' : ''))
      .sort();
    return { items, start };
  } catch {
    return { items: [], start };
  }
}
