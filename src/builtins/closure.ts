// builtins.genericClosure as a step (step.ts): the operator's calls and
// the elements' evaluation go on the VM's frame stack. Keys are kept as
// CppNix keeps them, in a std::map, whose shape decides which comparison
// fails first for keys of different types.

import { EvalError, NixError } from '../errors/error.js';
import { NixAttrs } from '../value/attrs.js';
import { typeError } from '../value/check.js';
import { printForError } from '../value/describe.js';
import { lessThan } from '../value/equality.js';
import type { Value } from '../value/types.js';
import { checkedFunction, checkedList } from './list-steps.js';
import type { Runtime } from './runtime.js';
import { Step, type StepDriver, type StepResult, SUSPEND } from './step.js';

const OPERATOR_CTX = "while evaluating the 'operator' attribute passed as argument to builtins.genericClosure";

/** What a GenericClosureStep is resumed with. */
const enum At {
  Start,
  StartSet,
  Operator,
  /** The element at the front of the queue, being evaluated. */
  Element,
  /** Its key. */
  Key,
  /** The operator's result for it. */
  Next,
  /** An element of that result (index `nextAt`). */
  NextElement,
  Done,
}

export class GenericClosureStep extends Step {
  private at = At.Start;
  private op: Value = null;
  private readonly done: KeySet;
  private readonly res: Value[] = [];
  /** The work list, a queue whose front is `head`. */
  private work: Value[] = [];
  private head = 0;
  /** The element being worked on, its key, and the operator's result for it being evaluated. */
  private e: Value = null;
  private next: Value[] = [];
  private nextAt = 0;
  private readonly args: Value[] = [null];
  /** Whether the value asked for last is still being computed (its errors get this step's trace). */
  private requesting = false;

  constructor(
    private readonly arg: Value,
    rt: Runtime,
  ) {
    super();
    this.done = new KeySet((a, b) => {
      if (typeof a === 'number' && typeof b === 'number') return a < b;
      if (typeof a === 'string' && typeof b === 'string') return a < b;
      return lessThan(a, b, rt);
    });
  }

  resume(d: StepDriver, input: Value): StepResult {
    // An error from here on is the step's own, already traced, unless it comes from a request.
    this.requesting = false;
    for (;;) {
      switch (this.at) {
        case At.Start: {
          const set = this.arg;
          if (!(set instanceof NixAttrs))
            throw typeError('a set', set).addTrace('while evaluating the first argument passed to builtins.genericClosure', null);
          const startSet = set.get('startSet');
          if (startSet === undefined) throw missingAttr('startSet', 'in the attrset passed as argument to builtins.genericClosure');
          this.at = At.StartSet;
          const v = d.force(startSet);
          if (v === SUSPEND) return SUSPEND;
          input = v;
          break;
        }
        case At.StartSet: {
          const startSet = checkedList(input, "while evaluating the 'startSet' attribute passed as argument to builtins.genericClosure");
          if (startSet.length === 0) return startSet;
          const op = (this.arg as NixAttrs).get('operator');
          if (op === undefined) throw missingAttr('operator', 'in the attrset passed as argument to builtins.genericClosure');
          this.work = startSet.slice();
          this.at = At.Operator;
          const v = this.force(d, op);
          if (v === SUSPEND) return SUSPEND;
          input = v;
          break;
        }
        case At.Operator: {
          this.op = input;
          checkedFunction(input, OPERATOR_CTX);
          if (!this.takeFront()) return this.res;
          const v = this.forceElement(d);
          if (v === SUSPEND) return SUSPEND;
          input = v;
          break;
        }
        case At.Element: {
          if (!(input instanceof NixAttrs)) throw this.inElement(typeError('a set', input));
          const k = input.get('key');
          if (k === undefined) throw this.inElement(new EvalError("attribute 'key' missing"));
          this.at = At.Key;
          const v = this.force(d, k);
          if (v === SUSPEND) return SUSPEND;
          input = v;
          break;
        }
        case At.Key: {
          let added: boolean;
          try {
            added = this.done.insert(input, this.e);
          } catch (err) {
            if (err instanceof NixError) explainKeyClash(err, input, this.e, this.done);
            throw err;
          }
          if (added) {
            this.res.push(this.e);
            this.args[0] = this.e;
            this.at = At.Next;
            const v = this.call(d);
            if (v === SUSPEND) return SUSPEND;
            input = v;
            break;
          }
          if (!this.takeFront()) return this.res;
          const v = this.forceElement(d);
          if (v === SUSPEND) return SUSPEND;
          input = v;
          break;
        }
        case At.Next: {
          if (!Array.isArray(input))
            throw this.inOperator(
              typeError('a list', input).addTrace(
                'while evaluating the return value of the `operator` passed to builtins.genericClosure',
                null,
              ),
            );
          this.next = input;
          this.nextAt = 0;
          this.at = At.NextElement;
          const v = this.forceNext(d);
          if (v === SUSPEND) return SUSPEND;
          input = v;
          break;
        }
        case At.NextElement: {
          this.work.push(this.next[this.nextAt++]!);
          const v = this.forceNext(d);
          if (v === SUSPEND) return SUSPEND;
          input = v;
          break;
        }
        case At.Done:
          return this.res;
      }
    }
  }

  override recover(_d: StepDriver, err: NixError): StepResult {
    if (!this.requesting) throw err;
    this.requesting = false;
    if (this.at === At.Operator) err.addTrace(OPERATOR_CTX, null);
    else if (this.at === At.Element) this.inElement(err);
    else if (this.at === At.Next || this.at === At.NextElement) this.inOperator(err);
    throw err;
  }

  private force(d: StepDriver, v: Value): Value | typeof SUSPEND {
    this.requesting = true;
    const r = d.force(v);
    if (r !== SUSPEND) this.requesting = false;
    return r;
  }

  private call(d: StepDriver): Value | typeof SUSPEND {
    this.requesting = true;
    const r = d.call(this.op, this.args);
    if (r !== SUSPEND) this.requesting = false;
    return r;
  }

  /** Takes the next element off the queue; false when it is empty. */
  private takeFront(): boolean {
    const work = this.work;
    if (this.head >= work.length) return false;
    this.e = work[this.head]!;
    work[this.head++] = null;
    // Drop the consumed front of the queue now and then.
    if (this.head > 4096 && this.head * 2 > work.length) {
      work.splice(0, this.head);
      this.head = 0;
    }
    return true;
  }

  private forceElement(d: StepDriver): Value | typeof SUSPEND {
    this.at = At.Element;
    return this.force(d, this.e);
  }

  /** Evaluates the operator's next new element, or, at the end, goes on with the queue. */
  private forceNext(d: StepDriver): Value | typeof SUSPEND {
    if (this.nextAt < this.next.length) return this.force(d, this.next[this.nextAt]!);
    if (!this.takeFront()) return this.finished();
    return this.forceElement(d);
  }

  /** The resume loop's way to end from forceNext: a value it returns at once. */
  private finished(): Value {
    this.at = At.Done;
    return this.res;
  }

  private inElement(err: NixError): NixError {
    return err.addTrace(`in genericClosure element ${printForError(this.e)}`, null);
  }

  private inOperator(err: NixError): NixError {
    return err.addTrace(`while calling operator on genericClosure element ${printForError(this.e)}`, null);
  }
}

/** `attribute 'x' missing` with CppNix's getAttr trace line. */
function missingAttr(name: string, ctx: string): EvalError {
  return new EvalError(`attribute '${name}' missing`).addTrace(ctx, null);
}

/** A node of the red-black tree std::map keeps genericClosure's keys in. */
class KeyNode {
  left: KeyNode | null = null;
  right: KeyNode | null = null;
  red = true;
  constructor(
    readonly key: Value,
    readonly elem: Value,
    public parent: KeyNode | null,
  ) {}
}

/**
 * The keys genericClosure has seen, ordered by CppNix's `<` in a red-black
 * tree shaped exactly as libstdc++'s std::map would shape it: which keys a
 * new key is compared with, and so which comparison fails first for keys of
 * different types, depend on the shape.
 */
class KeySet {
  private root: KeyNode | null = null;

  constructor(readonly less: (a: Value, b: Value) => boolean) {}

  /** Adds `key` unless an equivalent key is present; true when added. */
  insert(key: Value, elem: Value): boolean {
    const less = this.less;
    // _M_get_insert_unique_pos: descend; the candidate equal key is the
    // last node where the descent went right.
    let x = this.root;
    let y: KeyNode | null = null;
    let goLeft = true;
    let lastRight: KeyNode | null = null;
    while (x !== null) {
      y = x;
      goLeft = less(key, x.key);
      if (goLeft) x = x.left;
      else {
        lastRight = x;
        x = x.right;
      }
    }
    if (lastRight !== null && !less(lastRight.key, key)) return false;
    const z = new KeyNode(key, elem, y);
    if (y === null) this.root = z;
    else if (goLeft) y.left = z;
    else y.right = z;
    this.rebalance(z);
    return true;
  }

  /** The elements in key order. */
  *inOrder(): IterableIterator<KeyNode> {
    const stack: KeyNode[] = [];
    let n = this.root;
    while (n !== null || stack.length > 0) {
      while (n !== null) {
        stack.push(n);
        n = n.left;
      }
      const top = stack.pop()!;
      yield top;
      n = top.right;
    }
  }

  private rotateLeft(x: KeyNode): void {
    const y = x.right!;
    x.right = y.left;
    if (y.left !== null) y.left.parent = x;
    y.parent = x.parent;
    if (x.parent === null) this.root = y;
    else if (x === x.parent.left) x.parent.left = y;
    else x.parent.right = y;
    y.left = x;
    x.parent = y;
  }

  private rotateRight(x: KeyNode): void {
    const y = x.left!;
    x.left = y.right;
    if (y.right !== null) y.right.parent = x;
    y.parent = x.parent;
    if (x.parent === null) this.root = y;
    else if (x === x.parent.right) x.parent.right = y;
    else x.parent.left = y;
    y.right = x;
    x.parent = y;
  }

  /** _Rb_tree_insert_and_rebalance. */
  private rebalance(x: KeyNode): void {
    while (x !== this.root && x.parent!.red) {
      const p = x.parent!;
      const g = p.parent!;
      if (p === g.left) {
        const u = g.right;
        if (u !== null && u.red) {
          p.red = false;
          u.red = false;
          g.red = true;
          x = g;
        } else {
          if (x === p.right) {
            x = p;
            this.rotateLeft(x);
          }
          x.parent!.red = false;
          g.red = true;
          this.rotateRight(g);
        }
      } else {
        const u = g.left;
        if (u !== null && u.red) {
          p.red = false;
          u.red = false;
          g.red = true;
          x = g;
        } else {
          if (x === p.left) {
            x = p;
            this.rotateRight(x);
          }
          x.parent!.red = false;
          g.red = true;
          this.rotateLeft(g);
        }
      }
    }
    this.root!.red = false;
  }
}

/**
 * Names the two elements whose keys could not be compared, as CppNix does:
 * the first seen key, in key order, whose comparison with the new key fails.
 */
function explainKeyClash(err: NixError, key: Value, e: Value, done: KeySet): void {
  const less = done.less;
  for (const node of done.inOrder()) {
    try {
      less(key, node.key);
    } catch {
      err.addTrace(`with element ${printForError(node.elem)}`, null);
      err.addTrace(`while comparing element ${printForError(e)}`, null);
      return;
    }
  }
  err.addTrace(`while checking key of element ${printForError(e)}`, null);
}
