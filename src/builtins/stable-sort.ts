// libstdc++'s std::stable_sort (GCC 12+, with its temporary buffer of half
// the range), comparison for comparison, as a machine that stops at each
// comparison: CppNix's builtins.sort is std::stable_sort, and with an
// inconsistent comparator, or one that traces or throws, its result depends
// on exactly which pairs are compared in which order.
//
// The shape of the work does not depend on the answers: insertion sorts of
// chunks of 7, merge passes of doubling width, then one adaptive merge of
// the two halves. So it is laid out first as a list of tasks; only the
// inner loops wait for answers. `next` runs until the machine needs an
// answer (`a < b`? with a and b set) or is done.

import type { Value } from '../value/types.js';

const CHUNK = 7;

const enum Kind {
  /** Insertion sort of arr[f1, l1). */
  Insertion,
  /** __move_merge of src[f1, l1) and src[f2, l2) into dst from `out`. */
  Merge,
  /** Copy of src[f1, l1) to dst from 0. */
  Copy,
  /** __move_merge_adaptive of src[f1, l1) (the buffer) with dst[f2, l2) into dst from `out`. */
  Adaptive,
  /** __move_merge_adaptive_backward of dst[f1, l1) with src[f2, l2) (the buffer) into dst, ending at `out`. */
  AdaptiveBackward,
}

interface Task {
  kind: Kind;
  src: Value[];
  dst: Value[];
  f1: number;
  l1: number;
  f2: number;
  l2: number;
  out: number;
}

export class StableSorter {
  /** The pair the machine asks about: is `a` less than `b`? */
  a: Value = null;
  b: Value = null;
  private readonly tasks: Task[] = [];
  private t = 0;
  /** The task under way, copied out (its cursors move). */
  private kind = Kind.Copy;
  private src: Value[] = [];
  private dst: Value[] = [];
  private f1 = 0;
  private l1 = 0;
  private f2 = 0;
  private l2 = 0;
  private out = 0;
  /** Insertion sort: the element being inserted, where the walk is, and whether it compares with the first. */
  private val: Value = null;
  private j = 0;
  private againstFirst = false;
  private started = false;

  constructor(arr: Value[]) {
    const len = arr.length;
    if (len < 2) return;
    const half = (len + 1) >> 1;
    const buf: Value[] = new Array<Value>(half);
    this.planHalf(arr, 0, half, buf);
    this.planHalf(arr, half, len, buf);
    const len2 = len - half;
    if (half <= len2) {
      this.plan(Kind.Copy, arr, buf, 0, half, 0, 0, 0);
      this.plan(Kind.Adaptive, buf, arr, 0, half, half, len, 0);
    } else {
      this.plan(Kind.Copy, arr, buf, half, len, 0, 0, 0);
      this.plan(Kind.AdaptiveBackward, buf, arr, 0, half, 0, len2, len);
    }
  }

  /**
   * Runs to the next comparison, given the answer to the last one (ignored
   * on the first call): true when it asks one (in a and b), false when the
   * array is sorted.
   */
  next(answer: boolean): boolean {
    if (!this.started) {
      this.started = true;
      if (!this.load()) return false;
    } else if (this.kind === Kind.Merge) {
      // Most comparisons are a merge's: taken here, without the general dispatch.
      const src = this.src;
      this.dst[this.out++] = answer ? src[this.f2++]! : src[this.f1++]!;
      if (this.f1 !== this.l1 && this.f2 !== this.l2) {
        this.a = src[this.f2]!;
        this.b = src[this.f1]!;
        return true;
      }
    } else this.answer(answer);
    for (;;) {
      if (this.ask()) return true;
      if (!this.load()) return false;
    }
  }

  /** __merge_sort_with_buffer of arr[first, last). */
  private planHalf(arr: Value[], first: number, last: number, buf: Value[]): void {
    const len = last - first;
    let f = first;
    while (last - f >= CHUNK) {
      this.plan(Kind.Insertion, arr, arr, f, f + CHUNK, 0, 0, 0);
      f += CHUNK;
    }
    this.plan(Kind.Insertion, arr, arr, f, last, 0, 0, 0);
    let step = CHUNK;
    while (step < len) {
      this.planMergeLoop(arr, first, last, buf, 0, step);
      step *= 2;
      this.planMergeLoop(buf, 0, len, arr, first, step);
      step *= 2;
    }
  }

  /** __merge_sort_loop: the merges of runs of `step`; each merge's output ends where the next begins. */
  private planMergeLoop(src: Value[], first: number, last: number, dst: Value[], out: number, step: number): void {
    const twoStep = 2 * step;
    while (last - first >= twoStep) {
      this.plan(Kind.Merge, src, dst, first, first + step, first + step, first + twoStep, out);
      out += twoStep;
      first += twoStep;
    }
    const s = Math.min(last - first, step);
    this.plan(Kind.Merge, src, dst, first, first + s, first + s, last, out);
  }

  private plan(kind: Kind, src: Value[], dst: Value[], f1: number, l1: number, f2: number, l2: number, out: number): void {
    this.tasks.push({ kind, src, dst, f1, l1, f2, l2, out });
  }

  /** Starts the next task; false when there is none. */
  private load(): boolean {
    if (this.t >= this.tasks.length) return false;
    const task = this.tasks[this.t]!;
    this.tasks[this.t++] = NO_TASK;
    this.kind = task.kind;
    this.src = task.src;
    this.dst = task.dst;
    this.f1 = task.f1;
    this.l1 = task.l1;
    this.f2 = task.f2;
    this.l2 = task.l2;
    this.out = task.out;
    if (this.kind === Kind.Insertion) {
      // The element to insert next is arr[f2]; f1 is the chunk's first.
      this.f2 = this.f1 + 1;
      this.againstFirst = true;
    } else if (this.kind === Kind.AdaptiveBackward) {
      const { dst, src } = this;
      if (this.f1 === this.l1) {
        // Not reached (both halves are non-empty); kept for the shape of __move_merge_adaptive_backward.
        while (this.l2 !== this.f2) dst[--this.out] = src[--this.l2]!;
        this.l1 = this.f1 - 1;
      } else if (this.f2 !== this.l2) {
        this.l1--;
        this.l2--;
      } else this.l1 = this.f1 - 1;
    }
    return true;
  }

  /** Sets up the current task's next comparison, or finishes the task: true when it asks one. */
  private ask(): boolean {
    switch (this.kind) {
      case Kind.Insertion: {
        const arr = this.src;
        if (this.f1 === this.l1 || this.f2 >= this.l1) return false;
        if (this.againstFirst) {
          this.val = arr[this.f2]!;
          this.a = this.val;
          this.b = arr[this.f1]!;
          return true;
        }
        // __unguarded_linear_insert: `less(val, arr[first])` was false, so
        // the walk stops at `first` at the latest.
        if (this.j > this.f1) {
          this.a = this.val;
          this.b = arr[this.j - 1]!;
          return true;
        }
        arr[this.j] = this.val;
        this.nextInsertion();
        return this.ask();
      }
      case Kind.Merge:
      case Kind.Adaptive: {
        const b1 = this.src;
        const b2 = this.kind === Kind.Merge ? this.src : this.dst;
        if (this.f1 !== this.l1 && this.f2 !== this.l2) {
          this.a = b2[this.f2]!;
          this.b = b1[this.f1]!;
          return true;
        }
        const dst = this.dst;
        while (this.f1 !== this.l1) dst[this.out++] = b1[this.f1++]!;
        if (this.kind === Kind.Merge) while (this.f2 !== this.l2) dst[this.out++] = b2[this.f2++]!;
        return false;
      }
      case Kind.Copy: {
        const { src, dst } = this;
        for (let i = this.f1, k = 0; i < this.l1; i++, k++) dst[k] = src[i]!;
        return false;
      }
      case Kind.AdaptiveBackward: {
        // b1 is dst[f1, l1], b2 the buffer src[f2, l2] (inclusive cursors); done once l1 < f1.
        if (this.l1 < this.f1) return false;
        this.a = this.src[this.l2]!;
        this.b = this.dst[this.l1]!;
        return true;
      }
    }
  }

  /** Takes the answer to the current comparison. */
  private answer(less: boolean): void {
    switch (this.kind) {
      case Kind.Insertion: {
        const arr = this.src;
        if (this.againstFirst) {
          if (less) {
            for (let k = this.f2; k > this.f1; k--) arr[k] = arr[k - 1]!;
            arr[this.f1] = this.val;
            this.nextInsertion();
          } else {
            this.againstFirst = false;
            this.j = this.f2;
          }
        } else if (less) {
          arr[this.j] = arr[this.j - 1]!;
          this.j--;
        } else {
          arr[this.j] = this.val;
          this.nextInsertion();
        }
        return;
      }
      case Kind.Adaptive:
        this.dst[this.out++] = less ? this.dst[this.f2++]! : this.src[this.f1++]!;
        return;
      case Kind.AdaptiveBackward: {
        const { dst, src } = this;
        if (less) {
          dst[--this.out] = dst[this.l1]!;
          if (this.f1 === this.l1) {
            this.l2++;
            while (this.l2 !== this.f2) dst[--this.out] = src[--this.l2]!;
            this.l1 = this.f1 - 1;
            return;
          }
          this.l1--;
        } else {
          dst[--this.out] = src[this.l2]!;
          if (this.f2 === this.l2) {
            this.l1 = this.f1 - 1;
            return;
          }
          this.l2--;
        }
        return;
      }
    }
  }

  private nextInsertion(): void {
    this.f2++;
    this.againstFirst = true;
  }
}

const NO_TASK: Task = { kind: Kind.Copy, src: [], dst: [], f1: 0, l1: 0, f2: 0, l2: 0, out: 0 };
