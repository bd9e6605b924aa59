// The opcode table: the single source of truth for tsnix's bytecode.
//
// `Op` gives every opcode its byte; `OPCODES` gives each its operand layout
// and a one-line description. The `Record<Op, ...>` type makes the compiler
// reject an opcode without a table entry, and the encoder, the VM's operand
// readers, the disassembler and the peephole pass all read operand widths
// from here. A byte past the last opcode decodes as `Invalid`.
//
// Stack effects are written `[before] -> [after]`, top of stack rightmost.

/** One operand of an instruction. */
export type Operand =
  /** An unsigned LEB128 varint (constant index, slot, count). */
  | 'varint'
  /** A little-endian u16 jump offset, relative to the end of the operand. */
  | 'jump'
  /** One byte of flags. */
  | 'byte'
  /**
   * The capture list of a closure or thunk: a varint `count << 2 | env`, then
   * `count` varints, each a capture position `index << 2 | kind` (kind 0: a
   * local slot of the current frame, 2: an upvalue of the current closure).
   * `env` (chunk.ts, CaptureEnv): 0, an environment of the captures; 1, the
   * same with the `with` scopes last; 2, none of its own, the current frame's
   * upvalues (a thunk needing nothing else); 3, the environment the capture
   * list before it made (thunks of one `let` sharing theirs). 2 and 3 have
   * no captures.
   */
  | 'captures';

export const enum Op {
  Invalid = 0,
  Nop,
  Constant,
  Pop,
  GetLocal,
  GetUpvalue,
  ForceUpvalue,
  Force,
  ForceLocal,
  Thunk,
  Closure,
  AllocThunk,
  Speculate,
  Finalise,
  CloseScope,
  Not,
  Negate,
  Add,
  Sub,
  Mul,
  Div,
  Equal,
  NotEqual,
  Less,
  Concat,
  Update,
  Jump,
  JumpIfFalse,
  JumpIfTrue,
  PopJumpIfFalse,
  AssertBool,
  Attrs,
  AttrsDynamic,
  ApplyOverrides,
  Select,
  SelectDynamic,
  AssertAttrName,
  SelectOr,
  SelectOrDynamic,
  HasAttrStep,
  HasAttrStepDynamic,
  List,
  Interpolate,
  CoerceToString,
  Call,
  PushWith,
  PopWith,
  ResolveWith,
  AssertFail,
  AssertEqual,
  ResolveHomePath,
  AssertAttrs,
  ValidateClosedFormals,
  FormalArg,
  MissingArgument,
  EnterBuiltin,
  LeaveBuiltin,
  Resume,
  Return,
}

export interface OpInfo {
  readonly name: string;
  readonly operands: readonly Operand[];
  readonly doc: string;
}

export const OPCODES: Readonly<Record<Op, OpInfo>> = {
  [Op.Invalid]: { name: 'Invalid', operands: [], doc: 'Not an opcode: executing it is a bug.' },
  [Op.Nop]: { name: 'Nop', operands: [], doc: 'Does nothing; pads code a peephole pass shortened.' },
  [Op.Constant]: { name: 'Constant', operands: ['varint'], doc: '[] -> [constants[k]]' },
  [Op.Pop]: { name: 'Pop', operands: [], doc: '[v] -> []' },
  [Op.GetLocal]: { name: 'GetLocal', operands: ['varint'], doc: '[] -> [local slot]' },
  [Op.GetUpvalue]: { name: 'GetUpvalue', operands: ['varint'], doc: '[] -> [upvalue i of the running closure or thunk]' },
  [Op.ForceUpvalue]: { name: 'ForceUpvalue', operands: ['varint'], doc: '[] -> [upvalue i, forced] (GetUpvalue + Force in one)' },
  [Op.Force]: { name: 'Force', operands: [], doc: '[v] -> [v evaluated to weak head normal form]' },
  [Op.ForceLocal]: { name: 'ForceLocal', operands: ['varint'], doc: '[] -> [local slot, forced] (GetLocal + Force in one)' },
  [Op.Thunk]: { name: 'Thunk', operands: ['varint', 'captures'], doc: '[] -> [a suspended thunk of blueprint k with its captures]' },
  [Op.Closure]: { name: 'Closure', operands: ['varint', 'captures'], doc: '[] -> [a closure of blueprint k with its captures]' },
  [Op.AllocThunk]: { name: 'AllocThunk', operands: ['varint'], doc: '[] -> [a thunk of blueprint k whose captures Finalise fills in]' },
  [Op.Speculate]: {
    name: 'Speculate',
    operands: [],
    doc: '[v] -> [a thunk already holding v, unevaluated until forced]: a set, list or lambda CppNix would suspend',
  },
  [Op.Finalise]: {
    name: 'Finalise',
    operands: ['varint', 'captures'],
    doc: '[] -> []: fills in the captures of the thunk in local slot (recursive bindings)',
  },
  [Op.CloseScope]: { name: 'CloseScope', operands: ['varint'], doc: '[l1 .. ln v] -> [v]: drops n locals from under the top' },
  [Op.Not]: { name: 'Not', operands: [], doc: '[b] -> [!b]' },
  [Op.Negate]: { name: 'Negate', operands: [], doc: '[n] -> [-n]' },
  [Op.Add]: { name: 'Add', operands: [], doc: '[a b] -> [a + b] (numbers, strings, paths)' },
  [Op.Sub]: { name: 'Sub', operands: [], doc: '[a b] -> [a - b]' },
  [Op.Mul]: { name: 'Mul', operands: [], doc: '[a b] -> [a * b]' },
  [Op.Div]: { name: 'Div', operands: [], doc: '[a b] -> [a / b]' },
  [Op.Equal]: { name: 'Equal', operands: [], doc: '[a b] -> [a == b]' },
  [Op.NotEqual]: { name: 'NotEqual', operands: [], doc: '[a b] -> [a != b]' },
  [Op.Less]: { name: 'Less', operands: [], doc: '[a b] -> [a < b] (>, <= and >= are compiled to it, as CppNix rewrites them)' },
  [Op.Concat]: { name: 'Concat', operands: [], doc: '[xs ys] -> [xs ++ ys]' },
  [Op.Update]: { name: 'Update', operands: [], doc: '[a b] -> [a // b]' },
  [Op.Jump]: { name: 'Jump', operands: ['jump'], doc: 'ip += offset' },
  [Op.JumpIfFalse]: { name: 'JumpIfFalse', operands: ['jump'], doc: '[b] -> [b]: jumps when b is false (&&)' },
  [Op.JumpIfTrue]: { name: 'JumpIfTrue', operands: ['jump'], doc: '[b] -> [b]: jumps when b is true (||, ->)' },
  [Op.PopJumpIfFalse]: { name: 'PopJumpIfFalse', operands: ['jump'], doc: '[b] -> []: jumps when b is false (if, assert)' },
  [Op.AssertBool]: { name: 'AssertBool', operands: [], doc: '[b] -> [b]: fails unless b is a Boolean' },
  [Op.Attrs]: {
    name: 'Attrs',
    operands: ['varint'],
    doc: '[v1 .. vn] -> [set]: constants[k] is the AttrsShape (sorted names, positions); values pushed in that order',
  },
  [Op.AttrsDynamic]: {
    name: 'AttrsDynamic',
    operands: ['varint'],
    doc: '[set n1 v1 .. nn vn] -> [set]: adds the n dynamic attributes defined at the n positions constants[k] (a null name adds nothing)',
  },
  [Op.ApplyOverrides]: {
    name: 'ApplyOverrides',
    operands: ['varint'],
    doc: '[set] -> []: `__overrides` of a rec set: stores each attribute into the local slot constants[k] maps its name to',
  },
  [Op.Select]: { name: 'Select', operands: ['varint'], doc: '[set] -> [set.name]: name is constants[k]' },
  [Op.SelectDynamic]: { name: 'SelectDynamic', operands: [], doc: '[set name] -> [set.name]' },
  [Op.AssertAttrName]: {
    name: 'AssertAttrName',
    operands: [],
    doc: '[name] -> [name]: a dynamic attribute name must be a string (its context is dropped) or null',
  },
  [Op.SelectOr]: {
    name: 'SelectOr',
    operands: ['varint', 'jump'],
    doc: '[v] -> [v.name], or [] and jump when v is not a set or lacks the name (`or` defaults)',
  },
  [Op.SelectOrDynamic]: { name: 'SelectOrDynamic', operands: ['jump'], doc: '[v name] -> [v.name], or [] and jump (as SelectOr)' },
  [Op.HasAttrStep]: {
    name: 'HasAttrStep',
    operands: ['varint', 'jump'],
    doc: '[v] -> [v.name], or [false] and jump when v is not a set or lacks the name (`?`)',
  },
  [Op.HasAttrStepDynamic]: { name: 'HasAttrStepDynamic', operands: ['jump'], doc: '[v name] -> [v.name], or [false] and jump' },
  [Op.List]: { name: 'List', operands: ['varint'], doc: '[v1 .. vn] -> [[v1 .. vn]]' },
  [Op.Interpolate]: { name: 'Interpolate', operands: ['varint'], doc: '[s1 .. sn] -> [s1 + .. + sn]: strings, or a path if s1 is one' },
  [Op.CoerceToString]: {
    name: 'CoerceToString',
    operands: ['byte'],
    doc: '[v] -> [string]: flag bit 0 coerce more (toString), bit 1 copy paths to the store',
  },
  [Op.Call]: { name: 'Call', operands: ['varint'], doc: '[f a1 .. an] -> [f a1 .. an], evaluated' },
  [Op.PushWith]: { name: 'PushWith', operands: [], doc: '[set] -> []: opens a `with` scope' },
  [Op.PopWith]: { name: 'PopWith', operands: [], doc: 'closes the innermost `with` scope' },
  [Op.ResolveWith]: { name: 'ResolveWith', operands: ['varint'], doc: '[] -> [value of name constants[k] in the `with` scopes]' },
  [Op.AssertFail]: { name: 'AssertFail', operands: ['varint'], doc: 'fails: assertion constants[k] (its source text) failed' },
  [Op.AssertEqual]: {
    name: 'AssertEqual',
    operands: [],
    doc: '[a b] -> []: `assert a == b`; fails explaining how a and b differ',
  },
  [Op.ResolveHomePath]: { name: 'ResolveHomePath', operands: ['varint'], doc: '[] -> [the path $HOME + constants[k]]' },
  [Op.EnterBuiltin]: {
    name: 'EnterBuiltin',
    operands: [],
    doc: '[] -> []: what follows is evaluated inside a builtin call, as in CppNix (one more call against max-call-depth)',
  },
  [Op.LeaveBuiltin]: { name: 'LeaveBuiltin', operands: [], doc: '[] -> []: the end of what EnterBuiltin began' },
  [Op.AssertAttrs]: { name: 'AssertAttrs', operands: [], doc: '[v] -> [v]: the argument of a formals lambda must be a set' },
  [Op.ValidateClosedFormals]: {
    name: 'ValidateClosedFormals',
    operands: [],
    doc: '[set] -> [set]: fails if the set has a name the running lambda has no formal for',
  },
  [Op.FormalArg]: {
    name: 'FormalArg',
    operands: ['varint', 'jump'],
    doc: '[] -> [arg.name], or [] and jump when the argument (local 0) lacks the name',
  },
  [Op.MissingArgument]: {
    name: 'MissingArgument',
    operands: ['varint'],
    doc: 'fails: the lambda was called without argument constants[k]',
  },
  [Op.Resume]: {
    name: 'Resume',
    operands: [],
    doc: "[] -> [] or [result]: runs a builtin's step (builtins/step.ts) until it waits for a value or ends with its result",
  },
  [Op.Return]: { name: 'Return', operands: [], doc: '[v] -> returns v from the running closure or thunk' },
};

/** Number of opcodes: bytes at or above this decode as Invalid. */
export const OPCODE_COUNT = Object.keys(OPCODES).length;

export function opInfo(byte: number): OpInfo {
  return byte < OPCODE_COUNT ? OPCODES[byte as Op] : OPCODES[Op.Invalid];
}
