// The page's state in its URL, so that a link reopens the same code and
// view: `?code=` holds the main file's source (URL-encoded), `file.NAME=`
// each other file, `panes=` the panes shown, `limit=` the time limit in
// seconds. Editing rewrites it in place (history.replaceState).

export const PANES = ['value', 'json', 'bytecode', 'trace', 'ast'] as const;
export type PaneName = (typeof PANES)[number];

export const MAIN = 'main.nix';

export interface PageState {
  /** File names (relative to `/`) and their text; MAIN always among them. */
  files: Map<string, string>;
  panes: Set<PaneName>;
  /** The time limit, in seconds. */
  limit: number;
}

const EXAMPLE = `# tsnix playground: edit, and the panes follow.
let
  fib = n: if n < 2 then n else fib (n - 1) + fib (n - 2);
  lib = import ./lib.nix;
in {
  answer = fib 20;
  greeting = lib.greet "world";
  squares = map (x: x * x) [ 1 2 3 ];
}
`;

const EXAMPLE_LIB = `{
  greet = name: "hello, \${name}!";
}
`;

const DEFAULT_PANES: PaneName[] = ['value', 'json', 'bytecode', 'ast'];
export const LIMITS = [1, 5, 30, 120];
const DEFAULT_LIMIT = 5;

export function readState(search: string): PageState {
  const params = new URLSearchParams(search);
  const files = new Map<string, string>();
  const code = params.get('code');
  files.set(MAIN, code ?? EXAMPLE);
  for (const [key, value] of params) if (key.startsWith('file.') && key.length > 5 && key.slice(5) !== MAIN) files.set(key.slice(5), value);
  if (code === null && files.size === 1) files.set('lib.nix', EXAMPLE_LIB);
  const shown = params.get('panes');
  const panes = new Set<PaneName>(
    shown === null ? DEFAULT_PANES : shown.split(',').filter((p): p is PaneName => (PANES as readonly string[]).includes(p)),
  );
  const limit = Number(params.get('limit'));
  return { files, panes, limit: Number.isFinite(limit) && limit > 0 ? limit : DEFAULT_LIMIT };
}

export function stateQuery(state: PageState): string {
  const params = new URLSearchParams();
  params.set('code', state.files.get(MAIN) ?? '');
  for (const [name, text] of state.files) if (name !== MAIN) params.set(`file.${name}`, text);
  params.set('panes', PANES.filter((p) => state.panes.has(p)).join(','));
  if (state.limit !== DEFAULT_LIMIT) params.set('limit', String(state.limit));
  // URLSearchParams writes spaces as `+`; %20 reads the same and is what people paste.
  return '?' + params.toString().replace(/\+/g, '%20');
}

export function writeState(state: PageState): void {
  history.replaceState(null, '', stateQuery(state));
}
