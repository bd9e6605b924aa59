// Debugging: trace, traceVerbose, warn, break, addErrorContext.
//
// `trace` prints `trace: ` and the value on stderr (a string as it is,
// anything else as CppNix's value printer shows it, without forcing:
// `trace: [ «thunk» ]`); `warn` prints `evaluation warning: ...` (see
// errors/log.ts for the indentation), and with `abort-on-warn` fails
// right after. `traceVerbose` traces only with `--trace-verbose`; `break`
// is the identity without a debugger. `addErrorContext` adds its message to
// the trace of an error raised while evaluating its second argument, as an
// entry shown even without --show-trace.
//
// trace, traceVerbose and warn return their second argument unevaluated:
// the VM evaluates it after the call, so a chain of traces in a deep
// recursion does not grow the JS stack.

import { EvalError, NixError } from '../errors/error.js';
import type { Evaluator } from '../eval.js';
import { coerceToString } from '../value/coerce.js';
import { printValueDebug } from '../value/describe.js';
import { isString, stringValue, type PrimOpFn, type Value } from '../value/types.js';
import { argString } from './argcheck.js';
import { primop } from './core.js';
import type { BuiltinFamily } from './index.js';
import type { Runtime } from './runtime.js';
import { type StepDriver, type StepResult, ThenStep } from './step.js';

const trace: PrimOpFn = ([msg, value], rt) => {
  const m = msg!;
  rt.trace(isString(m) ? stringValue(m) : printValueDebug(m));
  return value!;
};

export function debugBuiltins(_evaluator: Evaluator): BuiltinFamily {
  return {
    primops: [
      primop('trace', 2, [0], trace),
      primop('traceVerbose', 2, [], (args, rt) => {
        if (!rt.settings.traceVerbose) return args[1]!;
        return trace([rt.force(args[0]!), args[1]!], rt);
      }),
      primop('warn', 2, [], ([msg, value], rt) => {
        const m = argString(rt, msg!, 'while evaluating the first argument; the message passed to builtins.warn');
        rt.warn(stringValue(m));
        if (rt.settings.abortOnWarn) throw new EvalError('aborting to reveal stack trace of warning, as abort-on-warn is set');
        return value!;
      }),
      primop('break', 1, [], ([value]) => value!),
      primop('addErrorContext', 2, [], ([msg, value], rt) => new ErrorContextStep(msg!, value!, rt), { traced: false }),
    ],
  };
}

/** addErrorContext: its value, with the message added to the trace of an error raised evaluating it. */
class ErrorContextStep extends ThenStep {
  constructor(
    private readonly msg: Value,
    value: Value,
    private readonly rt: Runtime,
  ) {
    super(value, (v) => v);
  }

  override recover(_d: StepDriver, err: NixError): StepResult {
    // Its context line replaces the usual `while calling` one, as in CppNix.
    const m = coerceToString(this.msg, this.rt, { errorCtx: 'while evaluating the error message passed to builtins.addErrorContext' });
    err.addTrace(stringValue(m), null, true);
    throw err;
  }
}
