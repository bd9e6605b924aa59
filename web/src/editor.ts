// The code editor: CodeMirror 6 with the Nix mode, bracket matching and
// the usual keys (basicSetup), colours from the page's CSS variables (so
// light and dark follow prefers-color-scheme), and a highlight the
// bytecode pane sets on the source an op came from.

import { basicSetup } from 'codemirror';
import { indentWithTab } from '@codemirror/commands';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorState, StateEffect, StateField } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView, keymap } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { nixLanguage } from './nix-mode.js';

const colours = HighlightStyle.define([
  { tag: [tags.keyword], color: 'var(--syntax-keyword)', fontWeight: '600' },
  { tag: [tags.string], color: 'var(--syntax-string)' },
  { tag: [tags.escape, tags.meta], color: 'var(--syntax-escape)' },
  { tag: [tags.lineComment, tags.blockComment], color: 'var(--syntax-comment)', fontStyle: 'italic' },
  { tag: [tags.number, tags.atom], color: 'var(--syntax-number)' },
  { tag: [tags.url], color: 'var(--syntax-path)' },
  { tag: [tags.propertyName], color: 'var(--syntax-attr)' },
  { tag: [tags.standard(tags.variableName)], color: 'var(--syntax-builtin)' },
  { tag: [tags.operator], color: 'var(--syntax-operator)' },
  { tag: [tags.invalid], color: 'var(--error)' },
]);

const theme = EditorView.theme({
  '&': { height: '100%', backgroundColor: 'var(--editor-bg)', color: 'var(--fg)' },
  '.cm-content': { fontFamily: 'var(--mono)', caretColor: 'var(--fg)' },
  '.cm-gutters': { backgroundColor: 'var(--editor-bg)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'var(--active-line)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--selection) !important' },
  '.cm-cursor': { borderLeftColor: 'var(--fg)' },
  '&.cm-focused .cm-matchingBracket': { backgroundColor: 'var(--bracket)', outline: '1px solid var(--accent)' },
  '.cm-op-source': { backgroundColor: 'var(--op-source)', outline: '1px solid var(--accent)', borderRadius: '2px' },
  '.cm-panels': { backgroundColor: 'var(--panel)', color: 'var(--fg)' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--fg)', border: '1px solid var(--border)' },
});

/** Sets (or, with null, clears) the source range an op came from. */
const setOpSource = StateEffect.define<{ from: number; to: number } | null>();

const opSource = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    marks = marks.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setOpSource)) continue;
      const r = e.value;
      const len = tr.state.doc.length;
      marks =
        r === null || r.from >= len || r.to <= r.from
          ? Decoration.none
          : Decoration.set([Decoration.mark({ class: 'cm-op-source' }).range(r.from, Math.min(r.to, len))]);
    }
    return marks;
  },
  provide: (f) => EditorView.decorations.from(f),
});

export interface Editor {
  /** The text being edited. */
  text(): string;
  /** Shows other text (another file): no change event. */
  load(text: string): void;
  /** Lights up a source range (from an op), or nothing. */
  highlight(range: { from: number; to: number } | null): void;
  focus(): void;
}

export function createEditor(parent: HTMLElement, text: string, onChange: (text: string) => void, label: string): Editor {
  let loading = false;
  const extensions = [
    basicSetup,
    keymap.of([indentWithTab]),
    nixLanguage,
    syntaxHighlighting(colours),
    theme,
    opSource,
    EditorView.lineWrapping,
    EditorView.contentAttributes.of({ 'aria-label': label }),
    EditorView.updateListener.of((u) => {
      if (u.docChanged && !loading) onChange(u.state.doc.toString());
    }),
  ];
  const view = new EditorView({ parent, state: EditorState.create({ doc: text, extensions }) });
  return {
    text: () => view.state.doc.toString(),
    load(next) {
      loading = true;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next }, effects: setOpSource.of(null) });
      loading = false;
    },
    highlight(range) {
      const effects = [setOpSource.of(range)];
      if (range !== null && range.from < view.state.doc.length) {
        view.dispatch({ effects: [...effects, EditorView.scrollIntoView(range.from, { y: 'nearest' })] });
      } else view.dispatch({ effects });
    },
    focus: () => view.focus(),
  };
}
