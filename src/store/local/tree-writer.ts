// Writes what is added to the store as CppNix's local store lays it out:
// the tree exactly as its NAR describes it, then canonicalised: files 0444
// (0555 when executable), folders 0555, every modification time 1
// (symlinks too).

import type { WritableIO } from '../../io/io.js';
import type { NarVisitor } from '../nar.js';

/** Modification time of everything in the store (CppNix's mtimeStore). */
export const STORE_MTIME = 1;

type Written = { rel: string; kind: 'file' | 'exec' | 'symlink' | 'directory' };

/** Writes NAR events as a tree at `root`, remembering what it wrote (in creation order). */
export class TreeWriter implements NarVisitor {
  readonly written: Written[] = [];

  constructor(
    private readonly io: WritableIO,
    private readonly root: string,
  ) {}

  file(rel: string, contents: string, executable: boolean): void {
    this.io.writeFile(this.root + rel, contents, 0o600);
    this.written.push({ rel, kind: executable ? 'exec' : 'file' });
  }

  symlink(rel: string, target: string): void {
    this.io.symlink(target, this.root + rel);
    this.written.push({ rel, kind: 'symlink' });
  }

  enterDirectory(rel: string): void {
    this.io.mkdir(this.root + rel, 0o700);
    this.written.push({ rel, kind: 'directory' });
  }

  leaveDirectory(): void {}

  /** Read-only permissions and mtime 1 (atime `now`), children before their folder, of the tree now at `root`. */
  canonicalise(now: number, root = this.root): void {
    for (let i = this.written.length - 1; i >= 0; i--) {
      const { rel, kind } = this.written[i]!;
      const p = root + rel;
      if (kind !== 'symlink') this.io.chmod(p, kind === 'file' ? 0o444 : 0o555);
      this.io.utimes(p, now, STORE_MTIME);
    }
  }
}
