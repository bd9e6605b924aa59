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
  { names: [':a', ':add'], argument: '<expr>', help: "Bring a set's attributes into scope" },
  { names: [':b'], argument: '<expr>', help: 'Build a derivation (with the system nix-store)' },
  { names: [':bl'], argument: '<expr>', help: 'Build a derivation, leaving GC roots here' },
  { names: [':doc'], argument: '<expr>', help: 'Show the documentation of a function' },
  { names: [':e', ':edit'], argument: '<expr>', help: 'Open where a function or package is, in $EDITOR' },
  { names: [':i'], argument: '<expr>', help: 'Build a derivation, install it in the profile' },
  { names: [':l', ':load'], argument: '<path>', help: "Bring a Nix file's attributes into scope" },
  { names: [':log'], argument: '<expr>', help: 'Show the build log of a derivation' },
  { names: [':p', ':print'], argument: '<expr>', help: 'Evaluate and print in full (strings unescaped)' },
  { names: [':q', ':quit'], argument: '', help: 'Leave the REPL' },
  { names: [':r', ':reload'], argument: '', help: 'Start afresh, loading the loaded files again' },
  { names: [':sh'], argument: '<expr>', help: "Start nix-shell with a derivation's dependencies" },
  { names: [':t'], argument: '<expr>', help: 'Show the type of a value' },
  { names: [':te', ':trace-enable'], argument: '[bool]', help: 'Show traces with errors: on, off or toggle' },
  { names: [':u'], argument: '<expr>', help: 'Start a shell with a derivation built' },
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
