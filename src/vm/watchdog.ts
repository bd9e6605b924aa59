// What stops an evaluation before its end: a time limit, a memory limit,
// an AbortSignal, the machine's memory running out.
//
// The VM's loop asks the watchdog every few thousand frames (see
// VM.poll): often enough that a stop comes within milliseconds, rarely
// enough that asking costs nothing measurable. A stop is a StopError: no
// `tryEval` catches it, and the thunks it interrupts are left to be
// evaluated again, not marked failed, so a REPL can go on after Ctrl-C.

import { NixError } from '../errors/error.js';

/** Limits on one evaluation, as the library and the CLI take them. */
export interface EvalLimits {
  /** Stop once evaluation has run this long (ms of wall time from the watchdog's start). */
  timeLimitMs?: number;
  /** Stop once the process holds more memory than this (bytes, as the memory gauge measures). */
  memoryLimitBytes?: number;
  /** Stop when this is aborted. */
  signal?: AbortSignal;
}

/** How the watchdog sees the machine: a clock and a memory gauge (IO's, so the core needs no Node). */
export interface WatchdogGauges {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Bytes the process holds now, or undefined where that cannot be known (a browser). */
  memoryInUse?(): number;
  /** Bytes the process may hold before the engine fails outright: the default memory limit. */
  memoryAvailable?(): number;
  /** Frees the garbage, so that memoryInUse counts what is live. */
  collectGarbage?(): void;
}

/** An evaluation stopped from outside the Nix code: a limit, an abort, Ctrl-C. */
export class StopError extends NixError {
  constructor(
    message: string,
    /** Which stop it was, for callers that tell them apart. */
    readonly reason: 'time' | 'memory' | 'out-of-memory' | 'aborted' | 'interrupted',
  ) {
    super(message);
    this.positionless = true;
  }

  /** No context: where evaluation was when it stopped says nothing about the stop. */
  override addTrace(): this {
    return this;
  }
}

/** The error of Ctrl-C, as CppNix words it. */
export const interrupted = (): StopError => new StopError('interrupted by the user', 'interrupted');

/** The memory gauge is read on every MEMORY_EVERY-th check. */
const MEMORY_EVERY = 8;
/** The least time between two collections the watchdog asks for. */
const COLLECT_EVERY_MS = 100;

export class Watchdog {
  private readonly deadline: number;
  /** Asked for at the first memory check (the machine's memory costs start-up to learn). */
  private memoryLimit: number | undefined;
  /** Whether the memory limit is the user's (a named limit) or the machine's (out of memory). */
  private readonly memoryLimitGiven: boolean;
  private checks = 0;
  /** When the last collection the watchdog asked for was (gauges.now()). */
  private collectedAt = -Infinity;

  constructor(
    private readonly limits: EvalLimits,
    private readonly gauges: WatchdogGauges,
  ) {
    this.deadline = limits.timeLimitMs !== undefined ? gauges.now() + limits.timeLimitMs : Infinity;
    this.memoryLimitGiven = limits.memoryLimitBytes !== undefined;
  }

  /** Whether the watchdog has anything to watch (else the VM need not ask it). */
  get idle(): boolean {
    const noMemoryLimit = this.limits.memoryLimitBytes === undefined && this.gauges.memoryAvailable === undefined;
    return this.deadline === Infinity && noMemoryLimit && this.limits.signal === undefined;
  }

  /** Throws the StopError of the first limit passed, if one is. */
  check(): void {
    const signal = this.limits.signal;
    if (signal !== undefined && signal.aborted) throw abortError(signal);
    if (this.deadline !== Infinity && this.gauges.now() > this.deadline) {
      throw new StopError(`evaluation stopped: it ran longer than the time limit of ${formatSeconds(this.limits.timeLimitMs!)}`, 'time');
    }
    if (this.gauges.memoryInUse !== undefined && ++this.checks % MEMORY_EVERY === 0) {
      const limit = (this.memoryLimit ??= this.limits.memoryLimitBytes ?? this.gauges.memoryAvailable?.() ?? Infinity);
      if (limit !== Infinity && this.memoryInUse(limit) > limit) {
        throw this.memoryLimitGiven
          ? new StopError(`evaluation stopped: it used more than the memory limit of ${formatMiB(limit)}`, 'memory')
          : new StopError('out of memory', 'out-of-memory');
      }
    }
  }

  /**
   * What is in use, counting only what is live when it is over the limit:
   * a collection then, at most every COLLECT_EVERY_MS (near the limit each
   * check would else collect).
   */
  private memoryInUse(limit: number): number {
    const used = this.gauges.memoryInUse!();
    if (used <= limit || this.gauges.collectGarbage === undefined) return used;
    const now = this.gauges.now();
    if (now - this.collectedAt < COLLECT_EVERY_MS) return used;
    this.collectedAt = now;
    this.gauges.collectGarbage();
    return this.gauges.memoryInUse!();
  }
}

function abortError(signal: AbortSignal): StopError {
  const reason: unknown = signal.reason;
  // A stop of its own (the REPL's Ctrl-C aborts with `interrupted()`) is that stop.
  if (reason instanceof StopError) return new StopError(reason.message, reason.reason);
  // AbortController.abort() with no reason gives a DOMException 'AbortError'; say just that it was aborted.
  const why =
    reason instanceof Error && reason.name !== 'AbortError' ? `: ${reason.message}` : typeof reason === 'string' ? `: ${reason}` : '';
  return new StopError(`evaluation aborted${why}`, 'aborted');
}

const formatSeconds = (ms: number): string => `${+(ms / 1000).toFixed(3)} s`;
const formatMiB = (bytes: number): string => `${+(bytes / 2 ** 20).toFixed(1)} MiB`;
