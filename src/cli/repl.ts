// `tsnix repl`: the REPL session (repl/session.ts) on a terminal. Node's
// readline edits lines (history, kept in a file across sessions; Tab
// completion); the session evaluates.
//
// Ctrl-C: at the prompt readline sees it (the terminal is in raw mode) and
// the line is cleared. While an evaluation runs, the terminal is given back
// its usual mode, so Ctrl-C is a real SIGINT; the handler aborts the
// evaluation, which the VM notices within milliseconds (it yields to the
// event loop as it runs), and the prompt comes back with everything bound
// so far. Ctrl-D at an empty prompt, or `:q`, ends the session.

import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Evaluator } from '../eval.js';
import { NIX_VERSION } from '../eval.js';
import type { NodeIO } from '../io/node-io.js';
import { complete } from '../repl/complete.js';
import { type ReplLoad, ReplSession } from '../repl/session.js';
import type { ReplSystem } from '../repl/store-commands.js';
import { StoreError } from '../store/store.js';
import type { NixAttrs } from '../value/attrs.js';
import type { InstantiateOptions } from './args.js';
import { UsageError } from './args.js';
import { stderr, stdout } from './output.js';

/** What the REPL takes from the rest of the CLI (main.ts), passed in so imports point one way. */
export interface ReplCommandContext {
  commandOptions(argv: string[]): InstantiateOptions;
  makeEvaluator(opts: InstantiateOptions): Evaluator;
  autoArguments(evaluator: Evaluator, opts: InstantiateOptions): NixAttrs;
  io: NodeIO;
}

const PROMPT = 'nix-repl> ';
/** The prompt of a line that goes on with an unfinished expression. */
const CONTINUATION = ' '.repeat(PROMPT.length);
const HISTORY_SIZE = 1000;

export async function runRepl(argv: string[], context: ReplCommandContext): Promise<number> {
  const { base, rest } = splitReplArgs(argv);
  const opts = context.commandOptions(rest);
  opts.mode = 'eval';
  const loads = startingLoads(base, opts.inputs);
  const interactive = process.stdin.isTTY === true;
  const colours =
    process.stdout.isTTY === true &&
    (process.env.TERM ?? 'dumb') !== 'dumb' &&
    process.env.NO_COLOR === undefined &&
    process.env.NOCOLOR === undefined;
  const session = new ReplSession({
    newEvaluator: () => writingEvaluator(context, opts),
    autoArgs: (evaluator) => context.autoArguments(evaluator, opts),
    write: stdout,
    writeError: stderr,
    colours,
    cwd: context.io.cwd(),
    // Documentation is filled to the terminal, up to a comfortable reading width.
    width: Math.max(40, Math.min(80, (process.stdout.columns ?? 80) - 2)),
    system: nodeSystem(),
  });
  if (interactive) stdout(`tsnix (Nix ${NIX_VERSION})\nType :? for help.\n`);
  await session.load(loads);
  return interactive ? terminalLoop(session) : pipeLoop(session);
}

/**
 * The REPL's own flags taken out of the command line (the rest is read as
 * nix-instantiate's): `--file F` or `--expr E`, after which the other
 * arguments are attribute paths in its value (installables, as nix repl
 * has them); without either, they are files to load, as `:l` loads them.
 */
function splitReplArgs(argv: string[]): { base: ReplSource | null; rest: string[] } {
  let base: ReplSource | null = null;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--file' || arg === '-f' || arg === '--expr') {
      const value = argv[++i];
      if (value === undefined) throw new UsageError(`flag '${arg}' requires 1 argument`);
      if (base !== null) throw new UsageError("only one of '--file' and '--expr' may be given");
      base = arg === '--expr' ? { kind: 'expr', text: value } : { kind: 'file', path: value };
    } else rest.push(arg);
  }
  return { base, rest };
}

type ReplSource = { kind: 'file'; path: string } | { kind: 'expr'; text: string };

/** What the session starts with: the files, or the installables of `--file` / `--expr`. */
function startingLoads(base: ReplSource | null, inputs: readonly string[]): ReplLoad[] {
  if (base === null) return inputs.map((path) => ({ kind: 'file', path }));
  const paths = inputs.length > 0 ? inputs : [''];
  return paths.map((attrPath) => ({ kind: 'installable', from: base, attrPath }));
}

/**
 * The evaluator of a session: writing derivations into the store as nix
 * repl does (so `:b` can build them), or, where no store can be written
 * (no Nix here), one that computes store paths only.
 */
let warnedReadOnly = false;
function writingEvaluator(context: ReplCommandContext, opts: InstantiateOptions): Evaluator {
  try {
    return context.makeEvaluator({ ...opts, readOnly: opts.readOnly ?? false });
  } catch (e) {
    if (!(e instanceof StoreError)) throw e;
    if (!warnedReadOnly) stderr(`warning: ${e.message}; store paths are computed, nothing is written (':b' cannot build)\n`);
    warnedReadOnly = true;
    return context.makeEvaluator({ ...opts, readOnly: true });
  }
}

/** Programs for the store commands and `:e`, run on the terminal. */
function nodeSystem(): ReplSystem {
  return {
    run(program, args) {
      const r = spawnSync(program, args, { stdio: 'inherit' });
      return r.error !== undefined ? null : (r.status ?? 1);
    },
    capture(program, args) {
      const r = spawnSync(program, args, { stdio: ['inherit', 'pipe', 'inherit'], encoding: 'latin1' });
      return r.error !== undefined ? null : { status: r.status ?? 1, stdout: r.stdout };
    },
    env: (name) => process.env[name],
  };
}

/** Input from a pipe or a file: each line as typed, no prompt, no line editing. */
async function pipeLoop(session: ReplSession): Promise<number> {
  const rl = createInterface({ input: process.stdin, terminal: false });
  let pending = '';
  for await (const line of rl) {
    pending = pending === '' ? line : pending + '\n' + line;
    if (session.isIncomplete(pending)) continue;
    const input = pending;
    pending = '';
    if ((await session.run(input)) === 'quit') break;
    stdout('\n');
  }
  rl.close();
  return 0;
}

/** Where the history is kept: $XDG_DATA_HOME/tsnix/repl-history, else ~/.local/share/tsnix/repl-history. */
function historyFile(): string | null {
  const data = process.env.XDG_DATA_HOME || (process.env.HOME ? join(process.env.HOME, '.local', 'share') : '');
  return data === '' ? null : join(data, 'tsnix', 'repl-history');
}

/** The history, newest first, as readline takes it; the file trimmed to its last HISTORY_SIZE entries. */
function readHistory(file: string | null): string[] {
  if (file === null) return [];
  try {
    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    const kept = lines.slice(-HISTORY_SIZE);
    if (kept.length < lines.length) writeFileSync(file, kept.join('\n') + '\n');
    return kept.reverse();
  } catch {
    return [];
  }
}

function remember(file: string | null, line: string): void {
  if (file === null || line.trim() === '') return;
  try {
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, line + '\n');
  } catch {
    // no history file: the session goes on without one
  }
}

/** A terminal: line editing, completion, history, prompts, Ctrl-C and Ctrl-D. */
function terminalLoop(session: ReplSession): Promise<number> {
  const file = historyFile();
  const rl: Interface = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: true,
    prompt: PROMPT,
    history: readHistory(file),
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
    tabSize: 2,
    completer: (line: string): [string[], string] => {
      const { items, start } = complete(session, line);
      return [items, line.slice(start)];
    },
  });
  let pending = '';
  let busy = false;
  let closing = false;
  return new Promise((resolve) => {
    const end = (): void => {
      process.removeListener('SIGINT', onSignal);
      rl.close();
      resolve(0);
    };
    // A SIGINT reaches the process only while an evaluation runs (the terminal is not raw then).
    const onSignal = (): void => {
      // The terminal has echoed `^C`: the error goes on the next line.
      if (session.interrupt()) stdout('\n');
    };
    process.on('SIGINT', onSignal);
    rl.on('SIGINT', () => {
      // Ctrl-C at the prompt: the line (and an unfinished expression) is dropped; what was typed stays on the screen above a fresh prompt.
      pending = '';
      rl.setPrompt(PROMPT);
      stdout('\n');
      rl.write(null, { ctrl: true, name: 'u' });
      rl.write(null, { ctrl: true, name: 'k' });
      if (rl.line === '') rl.prompt();
    });
    rl.on('close', () => {
      closing = true;
      if (!busy) {
        stdout('\n');
        resolve(0);
      }
    });
    rl.on('line', (line) => {
      remember(file, line);
      pending = pending === '' ? line : pending + '\n' + line;
      if (session.isIncomplete(pending)) {
        rl.setPrompt(CONTINUATION);
        rl.prompt();
        return;
      }
      const input = pending;
      pending = '';
      busy = true;
      rl.pause();
      process.stdin.setRawMode(false);
      void session.run(input).then((result) => {
        busy = false;
        if (result === 'quit' || closing) return end();
        stdout('\n');
        process.stdin.setRawMode(true);
        rl.resume();
        rl.setPrompt(PROMPT);
        rl.prompt();
      });
    });
    rl.prompt();
  });
}
