// Compile-time scopes: which names are stack slots of the function being
// compiled, which are captured from enclosing functions (upvalues), and
// whether a `with` is in sight.
//
// Every function body and every thunk body is compiled in its own
// `FunctionScope`, because each runs in its own VM frame. A name bound in
// an enclosing FunctionScope is captured by value when the closure or thunk
// is created; Nix values are immutable, so a copy is as good as a reference.

import type { Blueprint } from '../bytecode/blueprint.js';
import type { Chunk } from '../bytecode/chunk.js';
import { CAPTURE_LOCAL, CAPTURE_UPVALUE } from '../bytecode/chunk.js';

/** A lexical scope inside one function: names bound to stack slots. */
export class LexicalScope {
  readonly names = new Map<string, number>();
  /** While set, lookups pass over this scope (the names of `inherit x;` in a `rec` or `let`). */
  hidden = false;
}

/** Where a name was found. */
export type Resolution =
  { kind: 'local'; slot: number } | { kind: 'upvalue'; index: number } | { kind: 'with' } | { kind: 'global' } | { kind: 'unbound' };

export class FunctionScope {
  readonly chunk: Chunk;
  readonly scopes: LexicalScope[] = [];
  /** Stack height above the frame base: locals and temporaries. */
  height = 0;
  /** Capture positions in the parent (`index << 2 | kind`), one per upvalue. */
  readonly captures: number[];
  /** The name each upvalue was captured for. */
  readonly captureNames: string[];
  private readonly captureIndex: Map<number, number>;

  /** The `with` depth where this function starts: a `with` of its own is opened when withDepth is past it. */
  readonly entryWithDepth: number;
  /** How many functions out the code whose environment this one runs in is (0: its own; see inEnvironmentOf). */
  readonly environmentDepth: number;

  constructor(
    readonly blueprint: Blueprint,
    readonly parent: FunctionScope | null,
    /** Number of `with` scopes around this function's code, its own included. */
    public withDepth: number,
    /**
     * A scope whose upvalues this one shares: a fused curried lambda shares
     * its outermost lambda's; a thunk body run in the environment of the
     * code that makes it (see inEnvironmentOf) shares that code's.
     */
    sharing: FunctionScope | null = null,
    /** For a thunk body run in `sharing`'s environment: a name local there must not be resolved past it. */
    private readonly inEnvironmentOf: FunctionScope | null = null,
  ) {
    this.entryWithDepth = withDepth;
    this.environmentDepth = inEnvironmentOf === null ? 0 : inEnvironmentOf.environmentDepth + 1;
    this.chunk = blueprint.chunk;
    this.captures = sharing ? sharing.captures : [];
    this.captureNames = sharing ? sharing.captureNames : [];
    this.captureIndex = sharing ? sharing.captureIndex : new Map();
  }

  /** Declares `name` at the next stack slot of the innermost scope. */
  declare(scope: LexicalScope, name: string, slot: number): void {
    scope.names.set(name, slot);
  }

  /** Whether `name` is a local in sight here (not hidden). */
  hasLocal(name: string): boolean {
    return this.findLocal(name) !== undefined;
  }

  /**
   * Whether `name` is a local here or in the code whose environment this
   * code runs in, and so on out: the locals an environment shared that way
   * does not hold.
   */
  hasLocalInEnvironment(name: string): boolean {
    return this.hasLocal(name) || (this.inEnvironmentOf?.hasLocalInEnvironment(name) ?? false);
  }

  private findLocal(name: string): number | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const scope = this.scopes[i]!;
      if (scope.hidden) continue;
      const slot = scope.names.get(name);
      if (slot !== undefined) return slot;
    }
    return undefined;
  }

  private capture(position: number, name: string): number {
    let index = this.captureIndex.get(position);
    if (index === undefined) {
      index = this.captures.length;
      this.captures.push(position);
      this.captureNames.push(name);
      this.captureIndex.set(position, index);
      this.blueprint.upvalueCount = this.captures.length;
    }
    return index;
  }

  /**
   * What the enclosing functions make of a name, by name: they stand still
   * while this one is compiled, so each name is looked up through them once.
   */
  private readonly outside = new Map<string, Resolution>();

  /** Resolves a name statically, registering upvalue captures along the way. */
  resolve(name: string, isGlobal: (name: string) => boolean): Resolution {
    const slot = this.findLocal(name);
    if (slot !== undefined) return { kind: 'local', slot };
    let r = this.outside.get(name);
    if (r === undefined) {
      r = this.resolveOutside(name, isGlobal);
      this.outside.set(name, r);
    }
    return r.kind === 'unbound' && this.withDepth > 0 ? WITH : r;
  }

  /**
   * The capture positions, in this function, of upvalues captured for
   * `names` by a function compiled before in the same lexical place (see
   * BindingCompiler.planClosure): resolving them again registers this
   * function's own captures in the order compiling the function anew would.
   */
  capturesFor(names: readonly string[], isGlobal: (name: string) => boolean): number[] {
    return names.map((name) => {
      const r = this.resolve(name, isGlobal);
      if (r.kind === 'local') return (r.slot << 2) | CAPTURE_LOCAL;
      if (r.kind === 'upvalue') return (r.index << 2) | CAPTURE_UPVALUE;
      throw new Error(`internal: '${name}' was captured and is not bound here`);
    });
  }

  private resolveOutside(name: string, isGlobal: (name: string) => boolean): Resolution {
    if (this.inEnvironmentOf?.hasLocalInEnvironment(name)) throw new NeedsOwnEnvironment();
    if (this.parent === null) return isGlobal(name) ? GLOBAL : UNBOUND;
    const outer = this.parent.resolve(name, isGlobal);
    if (outer.kind === 'local') return { kind: 'upvalue', index: this.capture((outer.slot << 2) | CAPTURE_LOCAL, name) };
    if (outer.kind === 'upvalue') return { kind: 'upvalue', index: this.capture((outer.index << 2) | CAPTURE_UPVALUE, name) };
    return outer;
  }
}

/**
 * A thunk body compiled to run in the environment of the code around it
 * named a local of that code, which that environment does not hold: it is
 * compiled again with an environment of its own.
 */
export class NeedsOwnEnvironment extends Error {}

const GLOBAL: Resolution = { kind: 'global' };
const WITH: Resolution = { kind: 'with' };
const UNBOUND: Resolution = { kind: 'unbound' };
