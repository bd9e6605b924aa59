// A small LALR(1) table builder that reproduces what GNU bison (lalr1.cc,
// `%define lr.type lalr`, default reductions "most") builds from a grammar:
// the same LR(0) automaton, the same LALR(1) lookaheads, the same
// precedence/associativity conflict resolution, and the same choice of
// default reductions. With these, a table-driven parser reads its lookahead
// and detects syntax errors in exactly the states bison does, and can list
// the same expected tokens in `syntax error, unexpected X, expecting Y`.
//
// The parser ships its tables prebuilt (tables.ts, checked by a unit test
// against a fresh build); it builds them here only if the grammar changed.
// The builder was checked state by state against the tables GNU bison 3.8.2
// generates from the same grammar.

export const enum Assoc {
  None = 0,
  Left = 1,
  Right = 2,
  NonAssoc = 3,
}

export interface GrammarRule {
  /** Nonterminal number (>= nTerminals). */
  lhs: number;
  rhs: number[];
  /** Precedence level of the rule (0: none) and its associativity. */
  prec: number;
}

export interface Grammar {
  nTerminals: number;
  nNonterminals: number;
  /** Rule 0 must be `$accept: start $end`. */
  rules: GrammarRule[];
  /** Precedence level (0: none) and associativity of each terminal. */
  tokenPrec: number[];
  tokenAssoc: Assoc[];
  /** The terminal for end of input. */
  eof: number;
  /** The `error` terminal (never in expected-token lists). */
  errorToken: number;
}

/** Action table entry meaning an explicit (%nonassoc) error. */
export const ACTION_ERROR = -0x40000000;

export interface Tables {
  nStates: number;
  nTerminals: number;
  /**
   * `action[state * nTerminals + token]`: > 0 shift to state `v - 1`;
   * < 0 (but not ACTION_ERROR) reduce by rule `-v - 1`; 0 use the default.
   */
  action: Int32Array;
  /** Default reduction rule of each state, or -1 (the default is an error). */
  defaultReduction: Int32Array;
  /** States that reduce by their default without reading a lookahead (bison's YYPACT_NINF). */
  consistent: Uint8Array;
  /** `gotoTable[state * nNonterminals + (A - nTerminals)]`, or -1. */
  gotoTable: Int32Array;
  /** The state reached after shifting end of input: accept. */
  finalState: number;
  /** Unresolved conflicts found (bison's %expect 0 wants none). */
  conflicts: number;
}

export function buildTables(g: Grammar): Tables {
  const nT = g.nTerminals;
  const nN = g.nNonterminals;
  const nSym = nT + nN;
  const rules = g.rules;
  const nRules = rules.length;

  // Items: item index = itemBase[rule] + dot.
  const itemBase = new Int32Array(nRules + 1);
  for (let r = 0; r < nRules; r++) itemBase[r + 1] = itemBase[r]! + rules[r]!.rhs.length + 1;
  const nItems = itemBase[nRules]!;
  const itemRule = new Int32Array(nItems);
  const itemDot = new Int32Array(nItems);
  for (let r = 0; r < nRules; r++)
    for (let d = 0; d <= rules[r]!.rhs.length; d++) {
      itemRule[itemBase[r]! + d] = r;
      itemDot[itemBase[r]! + d] = d;
    }
  /** The symbol after the dot, or -1 when the item is complete. */
  const itemNext = (it: number): number => {
    const rhs = rules[itemRule[it]!]!.rhs;
    const d = itemDot[it]!;
    return d < rhs.length ? rhs[d]! : -1;
  };

  const rulesOf: number[][] = Array.from({ length: nN }, () => []);
  for (let r = 0; r < nRules; r++) rulesOf[rules[r]!.lhs - nT]!.push(r);

  // Nullable nonterminals and FIRST sets (terminal bitsets).
  const W = (nT + 31) >>> 5;
  const nullable = new Uint8Array(nSym);
  const first: Int32Array[] = Array.from({ length: nSym }, () => new Int32Array(W));
  for (let t = 0; t < nT; t++) first[t]![t >>> 5]! |= 1 << (t & 31);
  for (let changed = true; changed;) {
    changed = false;
    for (const rule of rules) {
      const A = rule.lhs;
      let allNullable = true;
      for (const X of rule.rhs) {
        const fa = first[A]!;
        const fx = first[X]!;
        for (let w = 0; w < W; w++) {
          const v = fa[w]! | fx[w]!;
          if (v !== fa[w]) {
            fa[w] = v;
            changed = true;
          }
        }
        if (!nullable[X]) {
          allNullable = false;
          break;
        }
      }
      if (allNullable && !nullable[A]) {
        nullable[A] = 1;
        changed = true;
      }
    }
  }

  // LR(0) automaton. A state is its sorted kernel; its closure adds the
  // initial items of the nonterminals after dots.
  const kernels: number[][] = [];
  const closures: number[][] = [];
  const stateIndex = new Map<string, number>();
  const transitions: Map<number, number>[] = [];
  const closureOf = (kernel: number[]): number[] => {
    const items = kernel.slice();
    const seen = new Uint8Array(nN);
    for (let k = 0; k < items.length; k++) {
      const X = itemNext(items[k]!);
      if (X >= nT && !seen[X - nT]) {
        seen[X - nT] = 1;
        for (const r of rulesOf[X - nT]!) items.push(itemBase[r]!);
      }
    }
    return items.sort((a, b) => a - b);
  };
  const addState = (kernel: number[]): number => {
    const key = kernel.join(',');
    let s = stateIndex.get(key);
    if (s === undefined) {
      s = kernels.length;
      stateIndex.set(key, s);
      kernels.push(kernel);
      closures.push(closureOf(kernel));
      transitions.push(new Map());
    }
    return s;
  };
  addState([itemBase[0]!]);
  for (let s = 0; s < kernels.length; s++) {
    const bySymbol = new Map<number, number[]>();
    for (const it of closures[s]!) {
      const X = itemNext(it);
      if (X < 0) continue;
      let k = bySymbol.get(X);
      if (!k) bySymbol.set(X, (k = []));
      k.push(it + 1);
    }
    const syms = [...bySymbol.keys()].sort((a, b) => a - b);
    for (const X of syms) transitions[s]!.set(X, addState(bySymbol.get(X)!.sort((a, b) => a - b)));
  }
  const nStates = kernels.length;

  // LALR(1) lookaheads by spontaneous generation and propagation. Every
  // kernel item and every completed non-kernel item (an empty rule) of each
  // state is a node; the closure of each state tells which terminals each
  // node gets spontaneously and which kernel items' lookaheads flow into it.
  const nodeBase = new Int32Array(nStates + 1);
  const nodeOfItem: Map<number, number>[] = [];
  for (let s = 0; s < nStates; s++) {
    const m = new Map<number, number>();
    let n = 0;
    for (const it of kernels[s]!) m.set(it, n++);
    for (const it of closures[s]!) if (!m.has(it) && itemNext(it) < 0) m.set(it, n++);
    nodeOfItem.push(m);
    nodeBase[s + 1] = nodeBase[s]! + n;
  }
  const nNodes = nodeBase[nStates]!;
  const la: Int32Array[] = Array.from({ length: nNodes }, () => new Int32Array(W));
  const edges: number[][] = Array.from({ length: nNodes }, () => []);

  for (let s = 0; s < nStates; s++) {
    const kernel = kernels[s]!;
    const K = kernel.length;
    const KW = (K + 31) >>> 5;
    // Lookahead of the initial items of each nonterminal in the closure:
    // terminals, and kernel items whose lookahead flows in.
    const ntT = new Map<number, Int32Array>();
    const ntK = new Map<number, Int32Array>();
    const get = (A: number): [Int32Array, Int32Array] => {
      let t = ntT.get(A);
      let k = ntK.get(A);
      if (!t) ntT.set(A, (t = new Int32Array(W)));
      if (!k) ntK.set(A, (k = new Int32Array(KW)));
      return [t, k];
    };
    // Each item A -> α . B β contributes FIRST(β), and when β is nullable
    // the item's own lookahead, to B's initial items.
    const contributions = (it: number, B: number, srcT: Int32Array | null, srcK: Int32Array | null, kIndex: number): boolean => {
      const rhs = rules[itemRule[it]!]!.rhs;
      const [bt, bk] = get(B);
      let changed = false;
      let betaNullable = true;
      for (let d = itemDot[it]! + 1; d < rhs.length; d++) {
        const f = first[rhs[d]!]!;
        for (let w = 0; w < W; w++) {
          const v = bt[w]! | f[w]!;
          if (v !== bt[w]) {
            bt[w] = v;
            changed = true;
          }
        }
        if (!nullable[rhs[d]!]) {
          betaNullable = false;
          break;
        }
      }
      if (betaNullable) {
        if (kIndex >= 0) {
          const w = kIndex >>> 5;
          const bit = 1 << (kIndex & 31);
          if (!(bk[w]! & bit)) {
            bk[w]! |= bit;
            changed = true;
          }
        } else {
          for (let w = 0; w < W; w++) {
            const v = bt[w]! | srcT![w]!;
            if (v !== bt[w]) {
              bt[w] = v;
              changed = true;
            }
          }
          for (let w = 0; w < KW; w++) {
            const v = bk[w]! | srcK![w]!;
            if (v !== bk[w]) {
              bk[w] = v;
              changed = true;
            }
          }
        }
      }
      return changed;
    };
    for (let j = 0; j < K; j++) {
      const B = itemNext(kernel[j]!);
      if (B >= nT) contributions(kernel[j]!, B, null, null, j);
    }
    const nonKernel = closures[s]!.filter((it) => itemDot[it] === 0 && !kernel.includes(it));
    for (let changed = true; changed;) {
      changed = false;
      for (const it of nonKernel) {
        const B = itemNext(it);
        if (B < nT) continue;
        const A = rules[itemRule[it]!]!.lhs;
        const [at, ak] = get(A);
        if (contributions(it, B, at, ak, -1)) changed = true;
      }
    }
    // Flow into successor kernels and into completed items.
    const flow = (target: number, srcT: Int32Array | null, srcK: Int32Array | null, kIndex: number) => {
      if (kIndex >= 0) {
        edges[nodeBase[s]! + kIndex]!.push(target);
        return;
      }
      const lt = la[target]!;
      for (let w = 0; w < W; w++) lt[w]! |= srcT![w]!;
      for (let j = 0; j < K; j++) if (srcK![j >>> 5]! & (1 << (j & 31))) edges[nodeBase[s]! + j]!.push(target);
    };
    for (let j = 0; j < K; j++) {
      const it = kernel[j]!;
      const X = itemNext(it);
      if (X < 0) continue;
      const t = transitions[s]!.get(X)!;
      flow(nodeBase[t]! + nodeOfItem[t]!.get(it + 1)!, null, null, j);
    }
    for (const it of nonKernel) {
      const A = rules[itemRule[it]!]!.lhs;
      const [at, ak] = get(A);
      const X = itemNext(it);
      if (X < 0) {
        flow(nodeBase[s]! + nodeOfItem[s]!.get(it)!, at, ak, -1);
      } else {
        const t = transitions[s]!.get(X)!;
        flow(nodeBase[t]! + nodeOfItem[t]!.get(it + 1)!, at, ak, -1);
      }
    }
  }
  // Propagate to a fixpoint.
  {
    const queue: number[] = [];
    const queued = new Uint8Array(nNodes);
    for (let n = 0; n < nNodes; n++) {
      queue.push(n);
      queued[n] = 1;
    }
    while (queue.length > 0) {
      const n = queue.pop()!;
      queued[n] = 0;
      const src = la[n]!;
      for (const m of edges[n]!) {
        const dst = la[m]!;
        let changed = false;
        for (let w = 0; w < W; w++) {
          const v = dst[w]! | src[w]!;
          if (v !== dst[w]) {
            dst[w] = v;
            changed = true;
          }
        }
        if (changed && !queued[m]) {
          queued[m] = 1;
          queue.push(m);
        }
      }
    }
  }

  // Actions, with bison's conflict resolution and default reductions.
  const action = new Int32Array(nStates * nT);
  const defaultReduction = new Int32Array(nStates).fill(-1);
  const consistent = new Uint8Array(nStates);
  const gotoTable = new Int32Array(nStates * nN).fill(-1);
  let finalState = -1;
  let conflicts = 0;
  const has = (set: Int32Array, t: number) => (set[t >>> 5]! & (1 << (t & 31))) !== 0;

  for (let s = 0; s < nStates; s++) {
    const shifts = new Map<number, number>(); // token -> state
    for (const [X, t] of transitions[s]!) {
      if (X < nT) shifts.set(X, t);
      else gotoTable[s * nN + (X - nT)] = t;
    }
    if (shifts.has(g.eof) && kernels[s]!.some((it) => itemRule[it] === 0)) finalState = shifts.get(g.eof)!;
    // Reductions in rule order, with their lookahead sets.
    const reds: { rule: number; la: Int32Array }[] = [];
    for (const [it, node] of nodeOfItem[s]!) if (itemNext(it) < 0) reds.push({ rule: itemRule[it]!, la: la[nodeBase[s]! + node]!.slice() });
    reds.sort((a, b) => a.rule - b.rule);

    if (reds.length === 0 || (reds.length === 1 && shifts.size === 0)) {
      consistent[s] = reds.length === 1 ? 1 : 0;
      if (reds.length === 1) defaultReduction[s] = reds[0]!.rule;
      for (const [t, st] of shifts) action[s * nT + t] = st + 1;
      continue;
    }

    // set_conflicts: resolve shift/reduce conflicts by precedence.
    const shiftSet = new Int32Array(W);
    for (const t of shifts.keys()) shiftSet[t >>> 5]! |= 1 << (t & 31);
    const errors: number[] = [];
    for (const red of reds) {
      const rprec = rules[red.rule]!.prec;
      if (!rprec) continue;
      for (let t = 0; t < nT; t++) {
        if (!has(red.la, t) || !has(shiftSet, t) || !g.tokenPrec[t]) continue;
        const tprec = g.tokenPrec[t]!;
        const flushShift = () => {
          shifts.delete(t);
          shiftSet[t >>> 5]! &= ~(1 << (t & 31));
        };
        const flushReduce = () => {
          red.la[t >>> 5]! &= ~(1 << (t & 31));
        };
        if (tprec < rprec) flushShift();
        else if (tprec > rprec) flushReduce();
        else {
          switch (g.tokenAssoc[t]) {
            case Assoc.Right:
              flushReduce();
              break;
            case Assoc.Left:
              flushShift();
              break;
            case Assoc.NonAssoc:
              flushShift();
              flushReduce();
              errors.push(t);
              break;
          }
        }
      }
    }
    // Count what is left unresolved.
    {
      const seen = shiftSet.slice();
      for (const red of reds) {
        for (let w = 0; w < W; w++) if (seen[w]! & red.la[w]!) conflicts++;
        for (let w = 0; w < W; w++) seen[w]! |= red.la[w]!;
      }
    }

    // action_row: reductions (first rule wins), then shifts, then errors.
    const row = new Int32Array(nT);
    for (let i = reds.length - 1; i >= 0; i--) for (let t = 0; t < nT; t++) if (has(reds[i]!.la, t)) row[t] = -(reds[i]!.rule + 1);
    for (const [t, st] of shifts) row[t] = st + 1;
    for (const t of errors) row[t] = ACTION_ERROR;
    // The most common reduction becomes the default.
    let def = -1;
    let max = 0;
    for (const red of reds) {
      let count = 0;
      for (let t = 0; t < nT; t++) if (row[t] === -(red.rule + 1)) count++;
      if (count > max) {
        max = count;
        def = red.rule;
      }
    }
    if (def >= 0) {
      for (let t = 0; t < nT; t++) if (row[t] === -(def + 1)) row[t] = 0;
    } else {
      for (let t = 0; t < nT; t++) if (row[t] === ACTION_ERROR) row[t] = 0;
    }
    defaultReduction[s] = def;
    // Like bison, decide without a lookahead when only the default is left.
    consistent[s] = def >= 0 && row.every((a) => a === 0) ? 1 : 0;
    action.set(row, s * nT);
  }

  return {
    nStates,
    nTerminals: nT,
    action,
    defaultReduction,
    consistent,
    gotoTable,
    finalState,
    conflicts,
  };
}

/** The tokens bison lists as expected in a state (at most `max`, else none). */
export function expectedTokens(tables: Tables, state: number, errorToken: number, max: number): number[] {
  const out: number[] = [];
  const base = state * tables.nTerminals;
  for (let t = 0; t < tables.nTerminals; t++) {
    if (t === errorToken) continue;
    const a = tables.action[base + t]!;
    if (a === 0 || a === ACTION_ERROR) continue;
    if (out.length === max) return [];
    out.push(t);
  }
  return out;
}

/**
 * A compact text form of the tables (JSON), so that a parser can ship them
 * prebuilt instead of building them at startup.
 */
export function serializeTables(t: Tables): string {
  const nN = t.gotoTable.length / t.nStates;
  const action: number[] = [];
  for (let i = 0; i < t.action.length; i++) if (t.action[i] !== 0) action.push(i, t.action[i]!);
  const gotos: number[] = [];
  for (let i = 0; i < t.gotoTable.length; i++) if (t.gotoTable[i] !== -1) gotos.push(i, t.gotoTable[i]!);
  return JSON.stringify({
    s: t.nStates,
    t: t.nTerminals,
    n: nN,
    f: t.finalState,
    d: [...t.defaultReduction],
    c: [...t.consistent],
    a: action,
    g: gotos,
  });
}

export function deserializeTables(text: string): Tables {
  const o = JSON.parse(text) as { s: number; t: number; n: number; f: number; d: number[]; c: number[]; a: number[]; g: number[] };
  const action = new Int32Array(o.s * o.t);
  for (let i = 0; i < o.a.length; i += 2) action[o.a[i]!] = o.a[i + 1]!;
  const gotoTable = new Int32Array(o.s * o.n).fill(-1);
  for (let i = 0; i < o.g.length; i += 2) gotoTable[o.g[i]!] = o.g[i + 1]!;
  return {
    nStates: o.s,
    nTerminals: o.t,
    action,
    defaultReduction: Int32Array.from(o.d),
    consistent: Uint8Array.from(o.c),
    gotoTable,
    finalState: o.f,
    conflicts: 0,
  };
}

/** A short fingerprint of a grammar, to tell whether prebuilt tables belong to it. */
export function grammarFingerprint(g: Grammar): string {
  const text = JSON.stringify([g.nTerminals, g.nNonterminals, g.rules, g.tokenPrec, g.tokenAssoc, g.eof, g.errorToken]);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0') + '-' + text.length;
}
