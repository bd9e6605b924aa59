// The playground page: wires the editor, the file tree, the panes, the
// worker and the URL together. Every edit rewrites the URL and, after a
// pause in typing, evaluates again in the worker.

import { createEditor } from './editor.js';
import { FileTree } from './files.js';
import { Panes } from './panes.js';
import { Runner, type RunnerState } from './runner.js';
import { LIMITS, MAIN, PANES, type PaneName, readState, writeState } from './url-state.js';

/** The pause in typing after which the code is evaluated again. */
const DEBOUNCE_MS = 250;

const $ = <T extends HTMLElement = HTMLElement>(selector: string): T => {
  const el = document.querySelector<T>(selector);
  if (el === null) throw new Error(`the page has no ${selector}`);
  return el;
};

const state = readState(location.search);
const status = $('#status');
const stop = $<HTMLButtonElement>('#stop');

const tree = new FileTree(state.files, $('#files'), {
  changed: () => schedule(),
  opened: (name) => {
    editor.load(state.files.get(name) ?? '');
    $('#editor-title').textContent = name;
  },
});

const editor = createEditor(
  $('#editor'),
  state.files.get(MAIN) ?? '',
  (text) => {
    state.files.set(tree.active, text);
    schedule();
  },
  'Nix source',
);

const panes = new Panes((op) => editor.highlight(op !== null && op.file === '/' + tree.active ? op : null));

let ticking: ReturnType<typeof setInterval> | undefined;
const runner = new Runner(
  new URL('./worker.js', import.meta.url),
  (result) => panes.show(result),
  (compiled) => panes.showCompiled(compiled),
  showRunning,
);

function showRunning(s: RunnerState): void {
  clearInterval(ticking);
  stop.disabled = !s.running;
  document.body.classList.toggle('running', s.running);
  if (!s.running) {
    status.textContent = '';
    return;
  }
  const tick = (): void => {
    status.textContent = `evaluating… ${((performance.now() - s.since) / 1000).toFixed(1)} s`;
  };
  tick();
  ticking = setInterval(tick, 100);
}

function run(): void {
  const files: Record<string, string> = {};
  for (const [name, text] of state.files) files['/' + name] = text;
  runner.run({ files, main: '/' + MAIN, trace: state.panes.has('trace'), timeLimitMs: state.limit * 1000 });
}

let timer: ReturnType<typeof setTimeout> | undefined;
function schedule(): void {
  writeState(state);
  clearTimeout(timer);
  timer = setTimeout(run, DEBOUNCE_MS);
}

// The pane toggles.
for (const pane of PANES) {
  const box = $<HTMLInputElement>(`#show-${pane}`);
  const section = $(`section[data-pane="${pane}"]`);
  const apply = (): void => {
    section.hidden = !state.panes.has(pane);
  };
  box.checked = state.panes.has(pane);
  apply();
  box.addEventListener('change', () => {
    if (box.checked) state.panes.add(pane);
    else state.panes.delete(pane as PaneName);
    apply();
    writeState(state);
    if (pane === 'trace') run();
  });
}

const limit = $<HTMLSelectElement>('#limit');
for (const s of new Set([...LIMITS, state.limit].sort((a, b) => a - b)))
  limit.add(new Option(`${s} s`, String(s), false, s === state.limit));
limit.addEventListener('change', () => {
  state.limit = Number(limit.value);
  schedule();
});

stop.addEventListener('click', () => runner.stop());
$('#run').addEventListener('click', run);
$('#add-file').addEventListener('click', () => tree.add());
$('#copy-link').addEventListener('click', () => {
  void navigator.clipboard?.writeText(location.href).then(
    () => (status.textContent = 'link copied'),
    () => (status.textContent = 'the link is the address in the address bar'),
  );
});
document.addEventListener('keydown', (e) => {
  if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
    e.preventDefault();
    run();
  } else if (e.key === 'Escape' && !stop.disabled) runner.stop();
});

// Files and folders dropped from the desktop join the tree.
document.addEventListener('dragover', (e) => {
  e.preventDefault();
  document.body.classList.add('dropping');
});
document.addEventListener('dragleave', () => document.body.classList.remove('dropping'));
document.addEventListener('drop', (e) => {
  e.preventDefault();
  document.body.classList.remove('dropping');
  if (e.dataTransfer) void tree.drop(e.dataTransfer.items);
});

writeState(state);
run();
editor.focus();
