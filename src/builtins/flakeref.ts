// Flake references, as builtins.parseFlakeRef and builtins.flakeRefToString
// read and write them (CppNix's FlakeRef with its fetcher input schemes):
//
//   nixpkgs/nixos-23.05                  { type = "indirect"; id; ref; }
//   github:NixOS/nixpkgs/23.05?dir=lib   { type = "github"; owner; repo; ref; dir; }
//   git+https://host/repo?ref=main       { type = "git"; url; ref; }
//   path:/some/folder, /some/folder      { type = "path"; path; }
//   https://host/archive.tar.gz          { type = "tarball"; url; }
//
// Pure string work: nothing is fetched.

import { EvalError } from '../errors/error.js';

/** An attribute of a fetcher input. */
export type InputAttr = string | number | boolean;
export type InputAttrs = Map<string, InputAttr>;

const REV = /^[0-9a-f]{40}$/;
const ID = /^[a-zA-Z][a-zA-Z0-9_-]*$/;
/** What a git ref may look like in a flake reference. */
const REF = /^[a-zA-Z0-9@][a-zA-Z0-9_./@+-]*$/;

/** Query parameters that are attributes of an input (the rest stay in a URL). */
const INT_PARAMS = new Set(['lastModified', 'revCount']);
const BOOL_PARAMS = new Set(['shallow', 'submodules', 'allRefs', 'exportIgnore', 'lfs', 'verifyCommit']);
const GIT_PARAMS = new Set([
  'ref',
  'rev',
  'shallow',
  'submodules',
  'allRefs',
  'lastModified',
  'revCount',
  'narHash',
  'exportIgnore',
  'lfs',
  'dirtyRev',
  'dirtyShortRev',
  'keytype',
  'publicKey',
  'publicKeys',
  'verifyCommit',
]);
const HG_PARAMS = new Set(['ref', 'rev', 'lastModified', 'revCount', 'narHash']);
const TARBALL_PARAMS = new Set(['narHash', 'lastModified', 'rev', 'revCount', 'unpack']);
const FORGE_PARAMS = new Set(['ref', 'rev', 'host', 'narHash', 'lastModified']);
const PATH_PARAMS = new Set(['lastModified', 'narHash', 'rev', 'revCount']);

/** The attributes each scheme accepts (besides `type`), and those it needs. */
const SCHEMES: Record<string, { allowed: Set<string>; required: string[] }> = {
  indirect: { allowed: new Set(['id', 'ref', 'rev', 'narHash']), required: ['id'] },
  path: { allowed: new Set(['path', ...PATH_PARAMS]), required: ['path'] },
  github: { allowed: new Set(['owner', 'repo', ...FORGE_PARAMS]), required: ['owner', 'repo'] },
  gitlab: { allowed: new Set(['owner', 'repo', ...FORGE_PARAMS]), required: ['owner', 'repo'] },
  sourcehut: { allowed: new Set(['owner', 'repo', ...FORGE_PARAMS]), required: ['owner', 'repo'] },
  git: { allowed: new Set(['url', ...GIT_PARAMS]), required: ['url'] },
  hg: { allowed: new Set(['url', ...HG_PARAMS]), required: ['url'] },
  tarball: { allowed: new Set(['url', ...TARBALL_PARAMS]), required: ['url'] },
  file: { allowed: new Set(['url', ...TARBALL_PARAMS]), required: ['url'] },
};

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function encode(s: string): string {
  return s.replace(/[^A-Za-z0-9\-._~/:@+]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

function parseQuery(query: string): Array<[string, string]> {
  if (query === '') return [];
  return query
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? [decode(p), ''] : [decode(p.slice(0, eq)), decode(p.slice(eq + 1))];
    });
}

function paramValue(name: string, value: string): InputAttr {
  if (INT_PARAMS.has(name) && /^\d+$/.test(value)) return Number(value);
  if (BOOL_PARAMS.has(name)) return value === '1' || value === 'true';
  return value;
}

function showAttr(v: InputAttr): string {
  return typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
}

function queryString(params: Array<[string, InputAttr]>): string {
  const sorted = params.slice().sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted.length === 0 ? '' : '?' + sorted.map(([k, v]) => `${encode(k)}=${encode(showAttr(v))}`).join('&');
}

/** Parses a flake reference into the attributes builtins.parseFlakeRef returns (`dir` included). */
export function parseFlakeRef(ref: string): InputAttrs {
  const hash = ref.indexOf('#');
  if (hash >= 0) throw new EvalError(`unexpected fragment '${ref.slice(hash + 1)}' in flake reference '${ref}'`);
  const q = ref.indexOf('?');
  const base = q < 0 ? ref : ref.slice(0, q);
  const params = parseQuery(q < 0 ? '' : ref.slice(q + 1));
  const attrs: InputAttrs = new Map();
  const notAbsolute = (): EvalError => new EvalError(`flake reference '${ref}' is not an absolute path`);

  const takeParams = (allowed: Set<string>, keepRest: boolean): string => {
    const rest: Array<[string, string]> = [];
    for (const [k, v] of params) {
      if (k === 'dir') attrs.set('dir', v);
      else if (allowed.has(k)) attrs.set(k, paramValue(k, v));
      else if (keepRest) rest.push([k, v]);
    }
    return rest.length === 0 ? '' : '?' + rest.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
  };

  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/.exec(base);
  if (scheme === null) {
    if (base.startsWith('/')) {
      attrs.set('type', 'path');
      attrs.set('path', base);
      takeParams(PATH_PARAMS, false);
      return attrs;
    }
    // nixpkgs, nixpkgs/ref, nixpkgs/ref/rev
    const parts = base.split('/');
    if (parts.length <= 3 && ID.test(parts[0]!)) return indirect(parts, ref, attrs, takeParams);
    throw notAbsolute();
  }
  const [, type, rest] = scheme as unknown as [string, string, string];
  switch (type) {
    case 'flake':
      return indirect(rest.split('/'), ref, attrs, takeParams);
    case 'path':
      attrs.set('type', 'path');
      attrs.set('path', rest);
      takeParams(PATH_PARAMS, false);
      return attrs;
    case 'github':
    case 'gitlab':
    case 'sourcehut': {
      const parts = rest.split('/');
      if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) throw notAbsolute();
      attrs.set('type', type);
      attrs.set('owner', decode(parts[0]!));
      attrs.set('repo', decode(parts[1]!));
      if (parts.length === 3) attrs.set(REV.test(parts[2]!) ? 'rev' : 'ref', decode(parts[2]!));
      const hadRefOrRev = attrs.has('ref') || attrs.has('rev');
      takeParams(FORGE_PARAMS, false);
      if (hadRefOrRev && params.some(([k]) => k === 'ref' || k === 'rev')) throw notAbsolute();
      if (attrs.has('ref') && attrs.has('rev')) throw notAbsolute();
      return attrs;
    }
    default:
      break;
  }
  const plus = type.indexOf('+');
  const kind = plus < 0 ? null : type.slice(0, plus);
  const innerScheme = plus < 0 ? type : type.slice(plus + 1);
  const url = (extra: string): string => `${innerScheme}:${rest}${extra}`;
  if (kind === 'git' || kind === 'hg') {
    attrs.set('type', kind);
    attrs.set('url', url(takeParams(kind === 'git' ? GIT_PARAMS : HG_PARAMS, true)));
    return attrs;
  }
  if (kind === 'tarball' || kind === 'file' || kind === null) {
    if (kind === null && !/^(https?|file)$/.test(type)) throw new EvalError(`input '${ref}' is unsupported`);
    attrs.set('type', kind ?? 'tarball');
    attrs.set('url', url(takeParams(TARBALL_PARAMS, true)));
    return attrs;
  }
  throw new EvalError(`input '${ref}' is unsupported`);
}

function indirect(
  parts: string[],
  ref: string,
  attrs: InputAttrs,
  takeParams: (allowed: Set<string>, keepRest: boolean) => string,
): InputAttrs {
  const [id, a, b] = parts;
  if (id === undefined || !ID.test(id) || parts.length > 3) throw new EvalError(`'${ref}' is not a valid flake reference`);
  attrs.set('type', 'indirect');
  attrs.set('id', id);
  if (a !== undefined) {
    if (b === undefined && REV.test(a)) attrs.set('rev', a);
    else if (REF.test(a)) attrs.set('ref', a);
    else throw new EvalError(`'${ref}' is not a valid flake reference`);
  }
  if (b !== undefined) {
    if (!REV.test(b)) throw new EvalError(`'${ref}' is not a valid flake reference`);
    attrs.set('rev', b);
  }
  takeParams(SCHEMES['indirect']!.allowed, false);
  return attrs;
}

/** Checks attributes against their scheme, as CppNix's Input::fromAttrs does; returns the type. */
export function checkInputAttrs(attrs: InputAttrs): string {
  const type = attrs.get('type');
  if (type === undefined) throw new EvalError(`'type' attribute to specify input scheme is required but not provided`);
  if (typeof type !== 'string' || SCHEMES[type] === undefined) {
    throw new EvalError(`cannot show unsupported input '${inputJSON(attrs)}'`);
  }
  const scheme = SCHEMES[type]!;
  for (const name of attrs.keys()) {
    if (name !== 'type' && !scheme.allowed.has(name)) throw new EvalError(`input attribute '${name}' not supported by scheme '${type}'`);
  }
  for (const name of scheme.required) {
    const v = attrs.get(name);
    if (v === undefined) throw new EvalError(`input attribute '${name}' is missing`);
    if (typeof v !== 'string') throw new EvalError(`input attribute '${name}' is not a string ${inputJSON(attrs)}`);
  }
  return type;
}

function inputJSON(attrs: InputAttrs): string {
  const keys = [...attrs.keys()].sort();
  return '{' + keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(attrs.get(k))}`).join(',') + '}';
}

/** The URL form of a flake reference's attributes (`dir` included), as builtins.flakeRefToString writes it. */
export function flakeRefToString(all: InputAttrs): string {
  const attrs = new Map(all);
  const dir = attrs.get('dir');
  attrs.delete('dir');
  const type = checkInputAttrs(attrs);
  const str = (name: string): string | undefined => {
    const v = attrs.get(name);
    return v === undefined ? undefined : showAttr(v);
  };
  const extra = (skip: string[]): Array<[string, InputAttr]> => {
    const out: Array<[string, InputAttr]> = [];
    for (const [k, v] of attrs) if (k !== 'type' && !skip.includes(k)) out.push([k, v]);
    if (dir !== undefined && dir !== '') out.push(['dir', dir]);
    return out;
  };
  switch (type) {
    case 'indirect': {
      let s = 'flake:' + str('id');
      if (attrs.has('ref')) s += '/' + str('ref');
      if (attrs.has('rev')) s += '/' + str('rev');
      return s + queryString(extra(['id', 'ref', 'rev']));
    }
    case 'path':
      return 'path:' + str('path') + queryString(extra(['path']));
    case 'github':
    case 'gitlab':
    case 'sourcehut': {
      let s = `${type}:${str('owner')}/${str('repo')}`;
      const refOrRev = str('rev') ?? str('ref');
      if (refOrRev !== undefined) s += '/' + refOrRev;
      return s + queryString(extra(['owner', 'repo', 'ref', 'rev']));
    }
    case 'git':
    case 'hg':
      return `${type}+${str('url')}` + queryString(extra(['url']));
    default:
      return str('url')! + queryString(extra(['url']));
  }
}
