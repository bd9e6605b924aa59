// What the page and the evaluation worker say to each other.

/** Evaluate the files, `main` (an absolute path among them) as the entry. */
export interface RunRequest {
  type: 'run';
  id: number;
  /** By absolute path: '/main.nix', '/lib/default.nix' ... */
  files: Record<string, string>;
  main: string;
  /** Record the VM's trace (at most TRACE_CAP lines). */
  trace: boolean;
  timeLimitMs: number;
}

/** Stop run `id` (it ends with `evaluation aborted`). */
export interface StopRequest {
  type: 'stop';
  id: number;
}

export type WorkerRequest = RunRequest | StopRequest;

/** An op of the listing, with the source range it came from (UTF-16 offsets into `file`'s text). */
export interface ListedOp {
  text: string;
  op: string;
  file: string | null;
  from: number;
  to: number;
}

export interface ListedChunkData {
  header: string;
  ops: ListedOp[];
}

export interface Timings {
  parseMs: number;
  compileMs: number;
  evalMs: number;
  printMs: number;
}

export interface RunResult {
  type: 'result';
  id: number;
  /** The value as `nix-instantiate --eval --strict` prints it; null when evaluation failed. */
  value: string | null;
  /** The value as `--json` prints it, or why it has no JSON form. */
  json: string | null;
  /** The error as the CLI prints it (`error: ...` with its code frame), or null. */
  error: string | null;
  /** Which stop it was, when the error is one (a limit, an abort). */
  stopped: 'time' | 'aborted' | null;
  /** Warnings and traces, as the CLI prints them on stderr. */
  log: string;
  /** The syntax tree as `nix-instantiate --parse` prints it; null when it does not parse. */
  ast: string | null;
  bytecode: ListedChunkData[] | null;
  /** The VM's trace, when asked for. */
  trace: string[] | null;
  traceTruncated: boolean;
  timings: Timings;
}

/** The result of run `id` before anything is known of it: the worker fills it in, the page uses it for a run it had to end. */
export function emptyResult(id: number): RunResult {
  return {
    type: 'result',
    id,
    value: null,
    json: null,
    error: null,
    stopped: null,
    log: '',
    ast: null,
    bytecode: null,
    trace: null,
    traceTruncated: false,
    timings: { parseMs: 0, compileMs: 0, evalMs: 0, printMs: 0 },
  };
}

/** What is known before evaluating: the tree and the bytecode, sent at once so the panes need not wait for the value. */
export interface CompiledResult {
  type: 'compiled';
  id: number;
  ast: string;
  bytecode: ListedChunkData[];
  timings: Timings;
}

export type WorkerAnswer = RunResult | CompiledResult;

/** The trace's lines kept (the rest is counted, not kept). */
export const TRACE_CAP = 5000;
