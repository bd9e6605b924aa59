// Whether the CLI runs speculatively: on the main thread, whose JS stack is
// small, before the big-stack worker is needed (see entry.ts). Such a run
// is thrown away, and the command run again in the worker, when it sees
// anything that could make its result differ from the worker's: a JS stack
// overflow, an internal error, or input a second run could not read again.

let active = false;
let abandoned = false;

export const speculating = (): boolean => active;

/** Starts (true) or ends (false) a speculative run. */
export function setSpeculating(on: boolean): void {
  active = on;
  if (on) abandoned = false;
}

/** Whether the speculative run has to be thrown away. */
export const wasAbandoned = (): boolean => abandoned;

/** Marks the speculative run as to be thrown away (a no-op otherwise). */
export function abandonSpeculation(): void {
  if (active) abandoned = true;
}
