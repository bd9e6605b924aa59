// XML: builtins.toXML and `nix-instantiate --eval --xml` (CppNix's
// printValueAsXML through its indenting XMLWriter), byte for byte:
//
//   <?xml version='1.0' encoding='utf-8'?>
//   <expr>
//     <attrs>
//       <attr name="a">
//         <string value="foo" />
//       </attr>
//     </attrs>
//   </expr>
//
// Element attributes are written in name order (CppNix keeps them in a
// std::map) and escaped (`"` `<` `>` `&` and newline as `&#xA;`); floats
// print as `%g`; functions show their argument pattern; primops and
// unevaluated thunks are `<unevaluated />`; a derivation prints its
// attributes the first time its drvPath is met and `<repeated />` after.
// With `location`, attributes and functions carry path/line/column.

import type { Runtime } from '../builtins/runtime.js';
import { EvalError } from '../errors/error.js';
import type { Pos } from '../errors/source.js';
import { COREPKGS_PREFIX, isCorepkgsPath } from '../io/corepkgs.js';
import { NixAttrs } from './attrs.js';
import { isDerivationForced } from './describe.js';
import { mergeContexts } from './coerce.js';
import type { AttrPosFn } from './equality.js';
import { formatFloatG, formatInt } from './numfmt.js';
import { Closure, makeString, NixFloat, NixPath, NixString, Thunk, ThunkState, type Value } from './types.js';

export interface ToXMLOptions {
  /** Force values as they are printed (default true). */
  strict?: boolean;
  /** Add path/line/column to attributes and functions (nix-instantiate without --no-location). */
  location?: boolean;
  /** Where attributes were defined (for `location`). */
  attrPos?: AttrPosFn;
  /**
   * Called with the document written so far, its open elements closed,
   * when forcing a value fails midway (CppNix streams the document, and
   * its writer closes what is open as the error unwinds).
   */
  partial?: (text: string) => void;
}

type XMLAttrs = Array<[string, string]>;

function escapeAttr(s: string): string {
  if (!/["<>&\n]/.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"') out += '&quot;';
    else if (c === '<') out += '&lt;';
    else if (c === '>') out += '&gt;';
    else if (c === '&') out += '&amp;';
    else if (c === '\n') out += '&#xA;';
    else out += c;
  }
  return out;
}

function attrsText(attrs: XMLAttrs): string {
  attrs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let s = '';
  for (const [k, v] of attrs) s += ` ${k}="${escapeAttr(v)}"`;
  return s;
}

function posAttrs(attrs: XMLAttrs, pos: Pos): void {
  const { line, col } = pos.source.lineCol(pos.offset);
  const path = pos.source.path;
  // A built-in file is a path in CppNix's in-memory file system: `/NAME`.
  if (path !== null) attrs.push(['path', isCorepkgsPath(path) ? '/' + path.slice(COREPKGS_PREFIX.length, -1) : path]);
  attrs.push(['line', String(line)], ['column', String(col)]);
}

/** `path:line:col` as describePos() gives it, into XML attributes. */
function describedPosAttrs(attrs: XMLAttrs, described: string): void {
  const m = /^(.*):(\d+):(\d+)$/.exec(described);
  if (m === null) return;
  if (m[1]!.startsWith('/')) attrs.push(['path', m[1]!]);
  attrs.push(['line', m[2]!], ['column', m[3]!]);
}

class Task {
  constructor(
    readonly v: Value,
    readonly depth: number,
  ) {}
}

/** An element to open when reached: its start tag, and the end tag that closes it. */
class Open {
  constructor(
    readonly start: string,
    readonly end: string,
  ) {}
}

/**
 * How deep values nest before the walk gives up. CppNix recurses on the C
 * stack and dies of its overflow (about 64000 sets deep, varying from run to
 * run), so a cyclic value under --strict ends; this depth keeps the
 * partial document tsnix holds in memory small.
 */
const MAX_DEPTH = 10000;

/** CppNix's error when the C stack overflows. */
class XMLStackOverflow extends EvalError {
  constructor() {
    super('stack overflow (possible infinite recursion)');
    this.positionless = true;
  }
}

/** Closes the innermost open element. */
const CLOSE = 0;

/**
 * The XML document for `v`, with the context of the strings in it
 * (builtins.toXML keeps it).
 */
export function toXML(v: Value, rt: Runtime, opts: ToXMLOptions = {}): string | NixString {
  const strict = opts.strict !== false;
  const location = opts.location === true;
  const out: string[] = ["<?xml version='1.0' encoding='utf-8'?>\n", '<expr>\n'];
  let context: readonly string[] = [];
  const drvsSeen = new Set<string>();
  const stack: Array<string | Task | Open | typeof CLOSE> = [new Task(v, 1)];
  /** The end tags of the elements open, innermost last. */
  const ends: string[] = ['</expr>\n'];

  const indent = (depth: number): string => '  '.repeat(depth);
  const empty = (depth: number, name: string, attrs: XMLAttrs = []): void => {
    out.push(`${indent(depth)}<${name}${attrsText(attrs)} />\n`);
  };
  const open = (depth: number, name: string, attrs: XMLAttrs = []): void => {
    out.push(`${indent(depth)}<${name}${attrsText(attrs)}>\n`);
    ends.push(`${indent(depth)}</${name}>\n`);
    stack.push(CLOSE);
  };

  const showAttrs = (attrs: NixAttrs, depth: number): void => {
    // Pushed in reverse so they come out in order.
    for (let i = attrs.size - 1; i >= 0; i--) {
      const name = attrs.keys[i]!;
      const xa: XMLAttrs = [['name', name]];
      if (location) {
        const p = opts.attrPos?.(attrs, name) ?? null;
        if (p !== null) posAttrs(xa, p);
      }
      stack.push(
        CLOSE,
        new Task(attrs.values[i]!, depth + 1),
        new Open(`${indent(depth)}<attr${attrsText(xa)}>\n`, `${indent(depth)}</attr>\n`),
      );
    }
  };

  const stringOf = (x: Value): string | null => {
    if (typeof x === 'string') return x;
    if (x instanceof NixString) return x.value;
    return null;
  };

  const printOne = (cell: Value, depth: number): void => {
    if (depth > MAX_DEPTH) throw new XMLStackOverflow();
    let x = cell;
    if (x instanceof Thunk) {
      if (strict) x = rt.force(x);
      else if (x.state === ThunkState.Done) x = x.value;
      else {
        empty(depth, 'unevaluated');
        return;
      }
    }
    switch (typeof x) {
      case 'number':
      case 'bigint':
        empty(depth, 'int', [['value', formatInt(x)]]);
        return;
      case 'boolean':
        empty(depth, 'bool', [['value', x ? 'true' : 'false']]);
        return;
      case 'string':
        empty(depth, 'string', [['value', x]]);
        return;
    }
    if (x === null) {
      empty(depth, 'null');
    } else if (x instanceof NixString) {
      context = mergeContexts(context, x.context);
      empty(depth, 'string', [['value', x.value]]);
    } else if (x instanceof NixFloat) {
      empty(depth, 'float', [['value', formatFloatG(x.value)]]);
    } else if (x instanceof NixPath) {
      empty(depth, 'path', [['value', x.path]]);
    } else if (x instanceof NixAttrs) {
      if (isDerivationForced(x, rt)) {
        const xa: XMLAttrs = [];
        let drvPath = '';
        const d = x.get('drvPath');
        if (d !== undefined) {
          const dv = strict ? rt.force(d) : d instanceof Thunk && d.state === ThunkState.Done ? d.value : d;
          const s = stringOf(dv);
          if (s !== null) {
            drvPath = s;
            xa.push(['drvPath', s]);
          }
        }
        const o = x.get('outPath');
        if (o !== undefined) {
          const ov = strict ? rt.force(o) : o instanceof Thunk && o.state === ThunkState.Done ? o.value : o;
          const s = stringOf(ov);
          if (s !== null) xa.push(['outPath', s]);
        }
        open(depth, 'derivation', xa);
        if (drvPath !== '' && !drvsSeen.has(drvPath)) {
          drvsSeen.add(drvPath);
          showAttrs(x, depth + 1);
        } else {
          empty(depth + 1, 'repeated');
        }
      } else {
        open(depth, 'attrs');
        showAttrs(x, depth + 1);
      }
    } else if (Array.isArray(x)) {
      open(depth, 'list');
      for (let i = x.length - 1; i >= 0; i--) stack.push(new Task(x[i]!, depth + 1));
    } else if (x instanceof Closure) {
      const bp = x.blueprint;
      const xa: XMLAttrs = [];
      if (location) {
        if (bp.pos) posAttrs(xa, bp.pos);
        else {
          const described = bp.describePos();
          if (described !== null) describedPosAttrs(xa, described);
        }
      }
      open(depth, 'function', xa);
      const arg = bp.arg ?? null;
      if (bp.formals !== null) {
        const pa: XMLAttrs = [];
        if (arg) pa.push(['name', arg]);
        if (bp.ellipsis) pa.push(['ellipsis', '1']);
        open(depth + 1, 'attrspat', pa);
        const names = Array.from(bp.formals.keys()).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        for (let i = names.length - 1; i >= 0; i--) stack.push(`${indent(depth + 2)}<attr name="${escapeAttr(names[i]!)}" />\n`);
      } else {
        empty(depth + 1, 'varpat', [['name', arg ?? '']]);
      }
    } else {
      // Primops and partially applied primops are not serialised.
      empty(depth, 'unevaluated');
    }
  };

  try {
    while (stack.length > 0) {
      const op = stack.pop()!;
      if (op === CLOSE) out.push(ends.pop()!);
      else if (typeof op === 'string') out.push(op);
      else if (op instanceof Open) {
        out.push(op.start);
        ends.push(op.end);
      } else printOne(op.v, op.depth);
    }
  } catch (e) {
    if (opts.partial) {
      // CppNix's stack overflow handler exits at once: nothing is closed.
      if (!(e instanceof XMLStackOverflow)) while (ends.length > 0) out.push(ends.pop()!);
      opts.partial(out.join(''));
    }
    throw e;
  }
  out.push(ends.pop()!);
  return makeString(out.join(''), context);
}
