// The playground's evaluator, on its own thread: parses, compiles and
// evaluates the files the page sends, with evaluateAsync so that a Stop
// (an AbortSignal) or the time limit is seen every ~10 ms, and answers
// with everything the panes show.

import {
  evaluateAsync,
  type EvaluateOptions,
  listBytecode,
  NixError,
  parse,
  type Pos,
  printExpr,
  printValue,
  renderError,
  StopError,
  toJSONText,
  toText,
  traceLine,
} from 'tsnix';
import {
  emptyResult,
  type ListedChunkData,
  type RunRequest,
  type RunResult,
  TRACE_CAP,
  type WorkerAnswer,
  type WorkerRequest,
} from './protocol.js';
import { sourceRange } from './ranges.js';

/** The worker's side of postMessage (typed here: the page's DOM types are what this project compiles with). */
const scope = self as unknown as {
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerAnswer): void;
};

let current: { id: number; controller: AbortController } | null = null;

scope.onmessage = (e) => {
  const request = e.data;
  if (request.type === 'stop') {
    if (current?.id === request.id) current.controller.abort();
    return;
  }
  current?.controller.abort();
  void run(request);
};

const now = (): number => performance.now();

/** Renders what was thrown as the CLI does: Nix errors in CppNix's form, anything else as the bug it is. */
function describe(e: unknown): string {
  if (e instanceof NixError) return toText(renderError(e, false));
  const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
  return `error: internal error in tsnix (this is a bug, please report it):\n${detail}`;
}

async function run(request: RunRequest): Promise<void> {
  const controller = new AbortController();
  current = { id: request.id, controller };
  const logs: string[] = [];
  const trace: string[] = [];
  let traced = 0;
  const options: EvaluateOptions = {
    sandbox: { files: request.files, cwd: '/' },
    path: request.main,
    log: (text) => logs.push(toText(text)),
  };
  const result: RunResult = emptyResult(request.id);
  const text = request.files[request.main] ?? '';
  let evalStart: number | null = null;
  try {
    let t = now();
    result.ast = toText(printExpr(parse(text, options)));
    result.timings.parseMs = now() - t;
    t = now();
    result.bytecode = listBytecode(text, options).map((chunk): ListedChunkData => ({
      header: toText(chunk.header),
      ops: chunk.instructions.map((i) => ({ text: toText(i.text), op: i.op, ...rangeOf(i.pos) })),
    }));
    result.timings.compileMs = now() - t;
    scope.postMessage({ type: 'compiled', id: request.id, ast: result.ast, bytecode: result.bytecode, timings: { ...result.timings } });
    t = now();
    evalStart = t;
    const value = await evaluateAsync(text, {
      ...options,
      strict: true,
      timeLimitMs: request.timeLimitMs,
      signal: controller.signal,
      ...(request.trace
        ? {
            tracer: (frame, ip, stack) => {
              if (traced++ < TRACE_CAP) trace.push(toText(traceLine(frame, ip, stack)));
            },
          }
        : {}),
    });
    result.timings.evalMs = now() - t;
    t = now();
    result.value = toText(printValue(value));
    try {
      result.json = toText(toJSONText(value, options));
    } catch (e) {
      result.json = describe(e);
    }
    result.timings.printMs = now() - t;
  } catch (e) {
    if (evalStart !== null && result.timings.evalMs === 0) result.timings.evalMs = now() - evalStart;
    result.error = describe(e);
    if (e instanceof StopError && (e.reason === 'time' || e.reason === 'aborted')) result.stopped = e.reason;
  }
  if (request.trace) {
    result.trace = trace;
    result.traceTruncated = traced > TRACE_CAP;
  }
  result.log = logs.join('');
  if (current?.id === request.id) current = null;
  scope.postMessage(result);
}

function rangeOf(pos: Pos | null): { file: string | null; from: number; to: number } {
  if (pos === null) return { file: null, from: 0, to: 0 };
  const { from, to } = sourceRange(pos.source.text, pos.offset);
  return { file: toText(pos.source.origin), from, to };
}
