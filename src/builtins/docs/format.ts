// The shape of a builtin's documentation, and the helpers the family
// modules build it with.
//
// Every doc ends with a ```nix block of examples, one after another:
//
//     builtins.map (x: x * 2) [ 1 2 3 ]
//     => [ 2 4 6 ]
//
// The lines up to a line starting with `=> ` are an expression; the rest of
// that line is what it evaluates to, printed as `nix-instantiate --eval
// --strict` prints it, or `error: MESSAGE` for the error it raises. Lines
// `# stderr: TEXT` right after the result are what evaluating it writes to
// stderr (a trace, a warning). The examples run in a sandbox holding
// EXAMPLE_FILES, with `./` meaning EXAMPLE_CWD, so test/builtins/docs.test.ts
// evaluates them all, except those of a doc with `unchecked` set.

/** The documentation of one builtin, as `:doc` in the REPL, the playground and a language server show it. */
export interface BuiltinDoc {
  /** The builtin's name without `builtins.` (`map`, `foldl'`, `derivation`). */
  readonly name: string;
  /** Argument names in order, as the synopsis shows them (`['f', 'list']`); empty for a constant. */
  readonly args: readonly string[];
  /** Markdown: a short description (what it does, what it returns, what it errors on, laziness where it matters), then at least one example as an indented-by-4-spaces or ``` fenced code block showing an expression and what it evaluates to. */
  readonly doc: string;
  /**
   * Set when the examples cannot be checked by evaluating them in the
   * sandbox (they need the network, the real clock or environment, the
   * host's settings): why. Absent when every example is checked.
   */
  readonly unchecked?: string;
}

/** One example: an expression and its printed value (or `error: MESSAGE`). */
export interface Example {
  readonly expr: string;
  readonly result: string;
  /** What evaluating it writes to stderr, line by line (`trace: 1`). */
  readonly stderr?: readonly string[];
}

/** The folder the examples' relative paths (`./hello.txt`) are relative to. */
export const EXAMPLE_CWD = '/project';

/** The files the examples read, by absolute path (a sandbox's `files`). */
export const EXAMPLE_FILES: Readonly<Record<string, string>> = {
  '/project/hello.txt': 'Hello\n',
  '/project/double.nix': 'x: x * 2\n',
  '/project/greet.nix': '"Hello, ${name}!"\n',
  '/project/set.nix': '{\n  a = 1;\n  b = 2;\n}\n',
  '/project/lib/default.nix': '{ answer = 42; }\n',
  '/project/src/main.c': 'int main() { return 0; }\n',
  '/project/src/main.o': 'not really an object file\n',
};

/** An example; `stderr` lists what it prints as diagnostics. */
export function ex(expr: string, result: string, ...stderr: string[]): Example {
  return stderr.length > 0 ? { expr, result, stderr } : { expr, result };
}

/** The examples as the fenced block that ends a doc. */
export function exampleBlock(examples: readonly Example[]): string {
  const parts = examples.map((e) => [e.expr, `=> ${e.result}`, ...(e.stderr ?? []).map((line) => `# stderr: ${line}`)].join('\n'));
  return '```nix\n' + parts.join('\n\n') + '\n```';
}

/**
 * A builtin's doc: `text` (Markdown paragraphs) followed by its examples.
 * `unchecked` says why the examples are not evaluated by the test.
 */
export function doc(name: string, args: readonly string[], text: string, examples: readonly Example[], unchecked?: string): BuiltinDoc {
  const markdown = `${text.trim()}\n\n${exampleBlock(examples)}`;
  return unchecked === undefined ? { name, args, doc: markdown } : { name, args, doc: markdown, unchecked };
}
