// The output panes: the value and its JSON, the error (with warnings), the
// bytecode (each op lights up its source in the editor when hovered or
// chosen with the arrow keys), the trace, the syntax tree, and timings.

import type { CompiledResult, ListedChunkData, ListedOp, RunResult, Timings } from './protocol.js';

/** Ops shown in the bytecode pane at most (a big file has tens of thousands). */
const OPS_SHOWN = 20000;

const byId = (id: string): HTMLElement => {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`the page has no #${id}`);
  return el;
};

const ms = (t: number): string => (t < 10 ? t.toFixed(1) : t.toFixed(0)) + ' ms';

export class Panes {
  private readonly value = byId('value');
  private readonly json = byId('json');
  private readonly error = byId('error');
  private readonly bytecode = byId('bytecode');
  private readonly trace = byId('trace');
  private readonly ast = byId('ast');
  private readonly timings = byId('timings');
  private ops: ListedOp[] = [];
  private current = -1;

  /** `onOp` is told which op is pointed at (null: none), to light up its source. */
  constructor(private readonly onOp: (op: ListedOp | null) => void) {
    this.bytecode.addEventListener('mouseover', (e) => this.point(opIndex(e.target)));
    this.bytecode.addEventListener('mouseleave', () => this.point(this.current));
    this.bytecode.addEventListener('keydown', (e) => this.key(e));
    this.bytecode.addEventListener('click', (e) => this.choose(opIndex(e.target)));
  }

  show(result: RunResult): void {
    this.value.textContent = result.value ?? '';
    this.value.classList.toggle('empty', result.value === null);
    this.json.textContent = result.json ?? '';
    const problems = [result.log.trimEnd(), result.error ?? ''].filter((s) => s !== '').join('\n');
    this.error.textContent = problems;
    this.error.closest('section')!.hidden = problems === '';
    this.error.classList.toggle('warning-only', result.error === null);
    if (result.ast !== null || result.error === null) this.ast.textContent = result.ast ?? '';
    if (result.bytecode !== null) this.showBytecode(result.bytecode);
    this.showTrace(result);
    this.showTimings(result.bytecode ? result.timings : null, result.value !== null);
  }

  /** The tree and the bytecode, while the value is still being computed. */
  showCompiled(result: CompiledResult): void {
    this.ast.textContent = result.ast;
    this.showBytecode(result.bytecode);
    this.showTimings(result.timings, false);
  }

  private showTimings(t: Timings | null, printed: boolean): void {
    if (t === null) {
      this.timings.textContent = '';
      return;
    }
    const parts = [`parse ${ms(t.parseMs)}`, `compile ${ms(t.compileMs)}`];
    if (t.evalMs > 0) parts.push(`eval ${ms(t.evalMs)}`);
    if (printed) parts.push(`print ${ms(t.printMs)}`);
    this.timings.textContent = parts.join(' · ');
  }

  private showTrace(result: RunResult): void {
    if (result.trace === null) {
      this.trace.textContent = 'Tracing is off: turn on "Trace" to record every executed instruction.';
      return;
    }
    const more = result.traceTruncated ? `\n… (the first ${result.trace.length} instructions are shown)` : '';
    this.trace.textContent = result.trace.join('\n') + more;
  }

  private showBytecode(chunks: ListedChunkData[]): void {
    this.ops = [];
    this.current = -1;
    const out = document.createDocumentFragment();
    for (const chunk of chunks) {
      const head = document.createElement('div');
      head.className = 'chunk';
      head.textContent = chunk.header;
      out.append(head);
      for (const op of chunk.ops) {
        if (this.ops.length >= OPS_SHOWN) break;
        const line = document.createElement('div');
        line.className = 'op';
        line.dataset['i'] = String(this.ops.length);
        line.dataset['op'] = op.op;
        line.textContent = op.text;
        this.ops.push(op);
        out.append(line);
      }
    }
    if (this.ops.length >= OPS_SHOWN) out.append(`… (the first ${OPS_SHOWN} instructions are shown)`);
    this.bytecode.replaceChildren(out);
    this.onOp(null);
  }

  /** Lights up op `i`'s source (none when -1). */
  private point(i: number): void {
    this.onOp(i >= 0 ? (this.ops[i] ?? null) : null);
  }

  private choose(i: number): void {
    this.bytecode.querySelector('.op.current')?.classList.remove('current');
    this.current = i;
    const line = this.bytecode.querySelector(`.op[data-i="${i}"]`);
    line?.classList.add('current');
    line?.scrollIntoView({ block: 'nearest' });
    this.point(i);
  }

  private key(e: KeyboardEvent): void {
    const step = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
    if (step === 0 || this.ops.length === 0) return;
    e.preventDefault();
    this.choose(Math.max(0, Math.min(this.ops.length - 1, this.current + step)));
  }
}

function opIndex(target: EventTarget | null): number {
  const line = target instanceof Element ? target.closest<HTMLElement>('.op') : null;
  return line ? Number(line.dataset['i']) : -1;
}
