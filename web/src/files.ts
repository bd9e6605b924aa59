// The virtual file tree: the files the code can import, by path relative
// to `/` (`lib.nix`, `pkgs/default.nix`). main.nix is the one evaluated;
// others are added, renamed and deleted here, or dropped from the
// desktop (a folder keeps its structure).

import { MAIN } from './url-state.js';

export interface FileTreeEvents {
  /** The set of files or a name changed. */
  changed(): void;
  /** Another file is open in the editor. */
  opened(name: string): void;
}

/** Dropped files larger than this are left out (a playground is for source, not data). */
const MAX_DROPPED_BYTES = 1 << 20;

const validName = (name: string): boolean =>
  name !== '' && !name.startsWith('/') && !name.endsWith('/') && name.split('/').every((p) => p !== '' && p !== '.' && p !== '..');

export class FileTree {
  active = MAIN;
  private renaming: string | null = null;

  constructor(
    readonly files: Map<string, string>,
    private readonly list: HTMLElement,
    private readonly events: FileTreeEvents,
  ) {
    this.render();
  }

  open(name: string): void {
    if (!this.files.has(name)) return;
    this.active = name;
    this.render();
    this.events.opened(name);
  }

  add(): void {
    let n = 1;
    while (this.files.has(`file${n}.nix`)) n++;
    const name = `file${n}.nix`;
    this.files.set(name, '{ }\n');
    this.renaming = name;
    this.active = name;
    this.events.changed();
    this.render();
    this.events.opened(name);
  }

  private remove(name: string): void {
    if (name === MAIN) return;
    this.files.delete(name);
    if (this.active === name) this.active = MAIN;
    this.events.changed();
    this.render();
    this.events.opened(this.active);
  }

  private rename(from: string, to: string): void {
    this.renaming = null;
    to = to.trim().replace(/^\.\//, '');
    if (to !== from && validName(to) && !this.files.has(to) && from !== MAIN) {
      // Keep the order of the tree: rebuild the map with the new name in place.
      const entries = [...this.files].map(([k, v]): [string, string] => [k === from ? to : k, v]);
      this.files.clear();
      for (const [k, v] of entries) this.files.set(k, v);
      if (this.active === from) this.active = to;
      this.events.changed();
    }
    this.render();
  }

  /** Adds what was dropped: files, and folders with everything in them. */
  async drop(items: DataTransferItemList): Promise<void> {
    const entries = [...items].map((i) => i.webkitGetAsEntry()).filter((e): e is FileSystemEntry => e !== null);
    for (const entry of entries) await this.addEntry(entry, '');
    this.events.changed();
    this.render();
  }

  private async addEntry(entry: FileSystemEntry, prefix: string): Promise<void> {
    const path = prefix + entry.name;
    if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      // readEntries answers in batches until it answers with none.
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
        if (batch.length === 0) break;
        for (const child of batch) await this.addEntry(child, path + '/');
      }
      return;
    }
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    if (file.size <= MAX_DROPPED_BYTES && validName(path)) this.files.set(path, await file.text());
  }

  private render(): void {
    const rows = [...this.files.keys()].map((name) => this.row(name));
    this.list.replaceChildren(...rows);
    const input = this.list.querySelector('input');
    if (input) {
      input.focus();
      input.select();
    }
  }

  private row(name: string): HTMLLIElement {
    const li = document.createElement('li');
    li.classList.toggle('active', name === this.active);
    if (this.renaming === name) {
      const input = document.createElement('input');
      input.value = name;
      input.setAttribute('aria-label', `new name for ${name}`);
      let done = false;
      const finish = (commit: boolean): void => {
        if (done) return;
        done = true;
        if (commit) this.rename(name, input.value);
        else {
          this.renaming = null;
          this.render();
        }
      };
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') finish(true);
        if (e.key === 'Escape') finish(false);
      });
      input.addEventListener('blur', () => finish(true));
      li.append(input);
      return li;
    }
    const open = button(name, `open ${name}`, () => this.open(name), 'file-name');
    if (name === this.active) open.setAttribute('aria-current', 'true');
    li.append(open);
    if (name !== MAIN) {
      li.append(
        button('✎', `rename ${name}`, () => {
          this.renaming = name;
          this.render();
        }),
        button('×', `delete ${name}`, () => this.remove(name)),
      );
    }
    return li;
  }
}

function button(text: string, label: string, onClick: () => void, className = 'icon'): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = className;
  b.textContent = text;
  b.title = label;
  b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}
