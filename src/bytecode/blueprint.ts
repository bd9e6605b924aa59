// A Blueprint: everything known at compile time about one function body,
// thunk body or file: its chunk and the metadata the VM and printer need.
// Closures and thunks are a blueprint plus the values they captured.

import { formatPos } from '../errors/render.js';
import type { Pos } from '../errors/source.js';
import type { CodeBlueprint } from '../value/types.js';
import { Chunk } from './chunk.js';

export type BlueprintKind = 'lambda' | 'thunk' | 'file';

/** The constant operand of an Attrs instruction: sorted names and where each was defined. */
export interface AttrsShape {
  readonly keys: readonly string[];
  readonly positions: readonly Pos[];
}

/**
 * A thunk body simple enough to compute when the thunk is made: a small
 * tree of `+ - * < <= > >= == !=` over upvalues and integer literals, or a
 * string built of literals, plain-string upvalues and `toString` of those.
 * The VM uses it only when the upvalues it reads are integers or strings
 * without context already and every step is safe (integer arithmetic stays
 * exact, `+` joins two strings), so nothing can fail and laziness is kept.
 */
export type ThunkShortcut =
  | { readonly kind: 'upvalue'; readonly index: number }
  /** The argument of a one-argument lambda whose body this is. */
  | { readonly kind: 'arg' }
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  /** `toString x` of the global toString, for an integer or plain string. */
  | { readonly kind: 'toString'; readonly of: ThunkShortcut }
  /** A string interpolation `"a${b}"` of plain strings. */
  | { readonly kind: 'concat'; readonly parts: readonly ThunkShortcut[] }
  /**
   * A thunk whose body only makes a closure (`let f = x: ...;`) capturing
   * exactly the thunk's own environment: the closure is made with the
   * thunk, which is then already evaluated (it still prints as a thunk).
   */
  | { readonly kind: 'closure'; readonly lambda: Blueprint }
  | {
      readonly kind: 'op';
      readonly op: '+' | '-' | '*' | '<' | '<=' | '>' | '>=' | '==' | '!=';
      readonly a: ThunkShortcut;
      readonly b: ThunkShortcut;
    };

/** The formal positions of a lambda without formals, and of thunks. */
const NO_FORMALS: ReadonlyMap<string, Pos> = new Map();

export class Blueprint implements CodeBlueprint {
  /** Formals by name (true when it has a default); null for a simple-argument lambda. */
  formals: Map<string, boolean> | null = null;
  /** Where each formal is written (functionArgs keeps these positions). */
  formalPositions: ReadonlyMap<string, Pos> = NO_FORMALS;
  /** Formal names, sorted, for ValidateClosedFormals and error hints. */
  formalNames: string[] = [];
  ellipsis = false;
  /**
   * For a curried lambda `a: b: ...`: the same function of all `arity`
   * arguments at once, running in one frame (see Compiler.compileFused).
   */
  fused: Blueprint | null = null;
  /** Arguments a fused blueprint takes, as its first locals. */
  arity = 1;
  /**
   * For a thunk: how to compute it at once when its operands are ready (see
   * ThunkShortcut); for a simple-argument lambda: its body, applied lazily.
   */
  shortcut: ThunkShortcut | null = null;
  /** Offset where the body starts, after the code binding the formals. */
  bodyStart = 0;
  /** The simple argument's name, or the `@` name of a formals lambda. */
  arg: string | null = null;
  /** Number of upvalues closures and thunks of this blueprint capture. */
  upvalueCount = 0;
  /** Whether its closures and thunks also capture the `with` scopes, as their last upvalue. */
  capturesWith = false;
  /** How deep the builtin calls its shortcut makes nest, for max-call-depth (vm/shortcut.ts); -1 until needed. */
  speculatedCalls = -1;
  /** For a lazy application's blueprint (vm/apply.ts): how many arguments it applies its function to; 0 otherwise. */
  applies = 0;

  constructor(
    readonly kind: BlueprintKind,
    /** The binding it was defined in (`f = x: ...` is `f`), for traces and printing. */
    public name: string | null,
    /** The lambda's position (its argument), or the thunk's expression. */
    readonly pos: Pos | null,
    /** Its chunk, or how to read it when first needed (the bytecode cache reads only the code that runs). */
    chunk: Chunk | (() => Chunk) = new Chunk(),
  ) {
    if (typeof chunk === 'function') this.readChunk = chunk;
    else this.stored = chunk;
  }

  private stored: Chunk | null = null;
  private readChunk: (() => Chunk) | null = null;

  get chunk(): Chunk {
    const c = this.stored;
    return c !== null ? c : this.read();
  }

  private read(): Chunk {
    const c = this.readChunk!();
    this.stored = c;
    this.readChunk = null;
    return c;
  }

  describePos(): string | null {
    return this.pos ? formatPos(this.pos) : null;
  }
}
