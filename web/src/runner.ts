// Runs evaluations in the worker, one at a time: a new run supersedes the
// one going on (the worker aborts it), Stop aborts it. The worker's
// evaluation yields every ~10 ms, so an abort or the time limit is seen at
// once; should it not answer (a builtin that never yields), the worker is
// terminated and a new one started: the page never waits on it.

import { type CompiledResult, emptyResult, type RunRequest, type RunResult, type WorkerAnswer, type WorkerRequest } from './protocol.js';

/** How long past its time limit (or a Stop) a run may take to answer before its worker is ended. */
const GRACE_MS = 1500;

export type RunnerState = { running: false } | { running: true; since: number };

export class Runner {
  private worker: Worker;
  private nextId = 1;
  private pending: { id: number; timer: ReturnType<typeof setTimeout>; limitMs: number } | null = null;

  constructor(
    private readonly workerUrl: URL,
    private readonly onResult: (result: RunResult) => void,
    private readonly onCompiled: (result: CompiledResult) => void,
    private readonly onState: (state: RunnerState) => void,
  ) {
    this.worker = this.spawn();
  }

  private spawn(): Worker {
    const worker = new Worker(this.workerUrl, { type: 'module', name: 'tsnix evaluator' });
    worker.onmessage = (e: MessageEvent<WorkerAnswer>) => {
      const answer = e.data;
      if (answer.type === 'result') this.answered(answer);
      else if (this.pending?.id === answer.id) this.onCompiled(answer);
    };
    return worker;
  }

  private post(message: WorkerRequest): void {
    this.worker.postMessage(message);
  }

  run(request: Omit<RunRequest, 'type' | 'id'>): void {
    if (this.pending !== null) clearTimeout(this.pending.timer);
    const id = this.nextId++;
    this.pending = { id, limitMs: request.timeLimitMs, timer: this.deadline(id, request.timeLimitMs + GRACE_MS, 'time') };
    this.post({ type: 'run', id, ...request });
    this.onState({ running: true, since: performance.now() });
  }

  stop(): void {
    const pending = this.pending;
    if (pending === null) return;
    clearTimeout(pending.timer);
    pending.timer = this.deadline(pending.id, GRACE_MS, 'aborted');
    this.post({ type: 'stop', id: pending.id });
  }

  /** Ends the worker if run `id` has not answered in `ms`. */
  private deadline(id: number, ms: number, why: 'time' | 'aborted'): ReturnType<typeof setTimeout> {
    return setTimeout(() => {
      if (this.pending?.id !== id) return;
      const limit = this.pending.limitMs;
      this.worker.terminate();
      this.worker = this.spawn();
      this.answered(terminated(id, why, limit));
    }, ms);
  }

  private answered(result: RunResult): void {
    if (this.pending?.id !== result.id) return; // a superseded run's answer
    clearTimeout(this.pending.timer);
    this.pending = null;
    this.onState({ running: false });
    this.onResult(result);
  }
}

/** The result of a run whose worker had to be ended. */
function terminated(id: number, why: 'time' | 'aborted', limitMs: number): RunResult {
  const message =
    why === 'time'
      ? `evaluation stopped: it ran longer than the time limit of ${limitMs / 1000} s (it did not yield, so its worker was ended)`
      : 'evaluation aborted (it did not yield, so its worker was ended)';
  return { ...emptyResult(id), error: `error: ${message}`, stopped: why };
}
