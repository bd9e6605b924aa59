// How the compiler walks a tree of any depth on a stack of constant size.
//
// Each compiling method is a generator. Where a recursive compiler would
// call itself for a subexpression, it yields that call instead (`yield
// this.compileForced(e)`), and the driver below runs it on a stack of its
// own, then resumes the caller with its result; an error thrown inside is
// rethrown at the caller's `yield`, so `try`, `catch` and `finally` work as
// they would around a call. The JS stack holds only the driver and the one
// generator running: the depth of the expression costs heap, not stack.

/**
 * What a compiling method returns: the generator still to run, or, when it
 * compiled everything at once (a literal, a variable: most subexpressions
 * are leaves), its result, a primitive, which the driver hands straight
 * back to the caller.
 */
export type Step<T = void> = Compiling<T> | T;

/** A compilation step: yields the steps it needs run first, resumes with each one's result, returns a `T`. */
export type Compiling<T = void> = Generator<Step<unknown>, T, unknown>;

/** Runs `root` and every step it yields, depth first, to its result. */
export function drive<T>(root: Step<T>): T {
  if (!isGenerator(root)) return root;
  const stack: Compiling<unknown>[] = [root];
  let result: unknown = undefined;
  let failed = false;
  let error: unknown = undefined;
  for (;;) {
    const step = stack[stack.length - 1]!;
    let next: IteratorResult<Step<unknown>, unknown>;
    try {
      next = failed ? step.throw(error) : step.next(result);
    } catch (e) {
      // The step failed (or did not catch its callee's error): its caller sees it.
      stack.pop();
      if (stack.length === 0) throw e;
      failed = true;
      error = e;
      continue;
    }
    failed = false;
    if (next.done) {
      stack.pop();
      if (stack.length === 0) return next.value as T;
      result = next.value;
    } else if (isGenerator(next.value)) {
      stack.push(next.value);
      result = undefined;
    } else result = next.value;
  }
}

function isGenerator<T>(step: Step<T>): step is Compiling<T> {
  return typeof step === 'object' && step !== null;
}
