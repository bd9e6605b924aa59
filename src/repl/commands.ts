// The REPL's commands: `nix repl`'s names and meanings, and the help text
// `:?` prints (in our own words). The one table that the dispatcher, `:?`
// and tab completion read.

export interface ReplCommand {
  /** The names it answers to, short first (`:l`, `:load`). */
  readonly names: readonly string[];
  /** What it takes, as `:?` shows it. */
  readonly argument: string;
  readonly help: string;
}

export const REPL_COMMANDS: readonly ReplCommand[] = [
  { names: [':a', ':add'], argument: '<expr>', help: 'Evaluate a set and bring its attributes into scope' },
  { names: [':b'], argument: '<expr>', help: 'Build a derivation (with the system nix-store)' },
  { names: [':bl'], argument: '<expr>', help: 'Build a derivation, with garbage collector roots in the current folder' },
  { names: [':doc'], argument: '<expr>', help: 'Show the documentation of a builtin, or of a function with a doc comment' },
  { names: [':e', ':edit'], argument: '<expr>', help: 'Open the file defining a function or package in $EDITOR' },
  { names: [':i'], argument: '<expr>', help: 'Build a derivation and install it into the current profile' },
  { names: [':l', ':load'], argument: '<path>', help: 'Load a Nix file and bring its attributes into scope' },
  { names: [':log'], argument: '<expr>', help: 'Show the build log of a derivation' },
  { names: [':p', ':print'], argument: '<expr>', help: 'Evaluate and print in full (a string as its text, unescaped)' },
  { names: [':q', ':quit'], argument: '', help: 'Leave the REPL' },
  { names: [':r', ':reload'], argument: '', help: 'Start afresh, loading again the files loaded so far' },
  { names: [':sh'], argument: '<expr>', help: "Build a derivation's dependencies, then start nix-shell in it" },
  { names: [':t'], argument: '<expr>', help: 'Say what type of value an expression has' },
  { names: [':te', ':trace-enable'], argument: '[bool]', help: 'Show traces with errors: on, off, or toggle' },
  { names: [':u'], argument: '<expr>', help: 'Build a derivation, then start a shell with it' },
  { names: [':?', ':help'], argument: '', help: 'Show this list' },
];

/** The command a name (`:l`, `:load`) stands for. */
export function findCommand(name: string): ReplCommand | undefined {
  return REPL_COMMANDS.find((c) => c.names.includes(name));
}

/** Every command name, for completion after `:`. */
export const COMMAND_NAMES: readonly string[] = REPL_COMMANDS.flatMap((c) => c.names).sort();

/** The text `:?` prints. */
export function helpText(): string {
  const rows: Array<[string, string]> = [
    ['<expr>', 'Evaluate and print an expression'],
    ['<name> = <expr>', 'Bind a name to an expression (lazily)'],
    ...REPL_COMMANDS.map((c): [string, string] => [`${c.names.join(', ')} ${c.argument}`.trimEnd(), c.help]),
  ];
  const width = Math.max(...rows.map(([left]) => left.length)) + 3;
  return (
    'The commands are:\n\n' +
    rows.map(([left, right]) => `  ${left.padEnd(width)}${right}\n`).join('') +
    '\nAn unfinished expression (an open bracket, `let` without `in`, an open\n' +
    'string) goes on on the next line. Tab completes names, attribute paths,\n' +
    'commands and file names; Ctrl-C stops an evaluation; Ctrl-D leaves.\n'
  );
}
