// The IO interface on Node: the real file system and environment.
// Paths and contents are binary strings, so file names with any bytes work.

import * as fs from 'node:fs';
import { type FileType, type IO, IOError } from './io.js';
import { useNativeBytesToBinary } from '../value/binary.js';

// Where NodeIO is, Node's latin1 decoding makes the core's binary strings (value/binary.ts).
useNativeBytesToBinary((bytes, length) => Buffer.from(bytes.buffer, bytes.byteOffset, length).toString('latin1'));

const bin = (p: string): Buffer => Buffer.from(p, 'latin1');

function typeOf(stats: fs.Stats): FileType {
  if (stats.isFile()) return 'regular';
  if (stats.isDirectory()) return 'directory';
  if (stats.isSymbolicLink()) return 'symlink';
  return 'unknown';
}

function fail(e: unknown, path: string, what: string): never {
  const code = (e as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT'
      ? 'No such file or directory'
      : code === 'EISDIR'
        ? 'Is a directory'
        : code === 'ENOTDIR'
          ? 'Not a directory'
          : code === 'EACCES' || code === 'EPERM'
            ? 'Permission denied'
            : code === 'EEXIST'
              ? 'File exists'
              : code === 'EROFS'
                ? 'Read-only file system'
                : code === 'ENOSPC'
                  ? 'No space left on device'
                  : String(code ?? e);
  throw new IOError(`${what} '${path}': ${reason}`);
}

/** V8's collector, exposed when first needed (collectGarbage). */
let gc: (() => void) | null = null;

export class NodeIO implements IO {
  readFile(path: string): string {
    try {
      return fs.readFileSync(bin(path)).toString('latin1');
    } catch (e) {
      fail(e, path, 'opening file');
    }
  }

  fileType(path: string): FileType | null {
    try {
      return typeOf(fs.lstatSync(bin(path)));
    } catch {
      return null;
    }
  }

  readDir(path: string): Array<[string, FileType]> {
    try {
      return fs.readdirSync(bin(path), { withFileTypes: true, encoding: 'buffer' }).map((d) => {
        const type: FileType = d.isFile() ? 'regular' : d.isDirectory() ? 'directory' : d.isSymbolicLink() ? 'symlink' : 'unknown';
        return [d.name.toString('latin1'), type];
      });
    } catch (e) {
      fail(e, path, 'opening directory');
    }
  }

  realPath(path: string): string | null {
    try {
      return fs.realpathSync(bin(path), { encoding: 'buffer' }).toString('latin1');
    } catch {
      return null;
    }
  }

  readLink(path: string): string | null {
    try {
      return fs.readlinkSync(bin(path), { encoding: 'buffer' }).toString('latin1');
    } catch {
      return null;
    }
  }

  isExecutable(path: string): boolean {
    try {
      return (fs.statSync(bin(path)).mode & 0o100) !== 0;
    } catch {
      return false;
    }
  }

  getEnv(name: string): string | undefined {
    const v = process.env[name];
    return v === undefined ? undefined : Buffer.from(v, 'utf8').toString('latin1');
  }

  currentTime(): number {
    return Math.floor(Date.now() / 1000);
  }

  /** Synchronous, so nothing is lost when the worker thread exits. */
  /** The JS heap in use, and the memory outside it that JS objects hold (buffers). */
  memoryInUse(): number {
    const heap = process.getBuiltinModule('node:v8').getHeapStatistics();
    return heap.used_heap_size + heap.external_memory;
  }

  /**
   * A full garbage collection, so that memoryInUse counts only what is
   * live: V8 lets garbage grow well past what is live before it collects.
   */
  collectGarbage(): void {
    if (gc === null) {
      process.getBuiltinModule('node:v8').setFlagsFromString('--expose-gc');
      gc = process.getBuiltinModule('node:vm').runInNewContext('gc') as () => void;
    }
    gc();
  }

  /**
   * Most of the least of: the machine's memory, the container's (cgroup)
   * limit and V8's heap limit (bin/tsnix raises it to far beyond the
   * machine's; a library user's process has V8's default). Past that V8
   * ends the process with no way to catch it, so the watchdog stops first.
   */
  memoryAvailable(): number {
    const constrained = process.constrainedMemory?.() ?? 0;
    const total = process.getBuiltinModule('node:os').totalmem();
    const machine = constrained > 0 ? Math.min(constrained, total) : total;
    return Math.floor(0.9 * Math.min(machine, process.getBuiltinModule('node:v8').getHeapStatistics().heap_size_limit));
  }

  printError(text: string): void {
    const buf = Buffer.from(text, 'latin1');
    for (let off = 0; off < buf.length;) {
      try {
        off += fs.writeSync(2, buf, off);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      }
    }
  }

  writeFile(path: string, contents: string, mode: number): void {
    try {
      fs.writeFileSync(bin(path), Buffer.from(contents, 'latin1'), { mode });
    } catch (e) {
      fail(e, path, 'writing to file');
    }
  }

  mkdir(path: string, mode: number, recursive = false): void {
    try {
      fs.mkdirSync(bin(path), { mode, recursive });
    } catch (e) {
      fail(e, path, 'creating directory');
    }
  }

  symlink(target: string, path: string): void {
    try {
      fs.symlinkSync(bin(target), bin(path));
    } catch (e) {
      fail(e, path, 'creating symlink');
    }
  }

  chmod(path: string, mode: number): void {
    try {
      fs.chmodSync(bin(path), mode);
    } catch (e) {
      fail(e, path, 'changing permissions of');
    }
  }

  utimes(path: string, atime: number, mtime: number): void {
    try {
      fs.lutimesSync(bin(path), atime, mtime);
    } catch (e) {
      fail(e, path, 'changing modification time of');
    }
  }

  rename(from: string, to: string): void {
    try {
      fs.renameSync(bin(from), bin(to));
    } catch (e) {
      fail(e, from, `renaming to '${to}'`);
    }
  }

  canWrite(path: string): boolean {
    try {
      fs.accessSync(bin(path), fs.constants.W_OK | fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  }

  remove(path: string): void {
    // Store folders are read-only: make each writable before emptying it.
    const walk = (p: Buffer): void => {
      // A missing path is the common case (a store path about to be written): no exception for it.
      const st = fs.lstatSync(p, { throwIfNoEntry: false });
      if (st === undefined) return;
      if (st.isDirectory()) {
        if ((st.mode & 0o700) !== 0o700) fs.chmodSync(p, st.mode | 0o700);
        for (const name of fs.readdirSync(p, { encoding: 'buffer' })) walk(Buffer.concat([p, Buffer.from('/'), name]));
        fs.rmdirSync(p);
      } else fs.unlinkSync(p);
    };
    try {
      walk(bin(path));
    } catch (e) {
      fail(e, path, 'deleting');
    }
  }

  runProgram(program: string, args: readonly string[], cwd: string): { status: number; stdout: string; stderr: string } {
    const text = (a: string): string => bin(a).toString('utf8');
    // Loaded here, not with this module: node:child_process costs ~5 ms at start-up.
    const { spawnSync } = process.getBuiltinModule('node:child_process');
    const r = spawnSync(program, args.map(text), { cwd: text(cwd), maxBuffer: 1 << 30 });
    if (r.error) fail(r.error, program, 'running');
    return { status: r.status ?? 1, stdout: r.stdout.toString('latin1'), stderr: r.stderr.toString('latin1') };
  }

  cwd(): string {
    return Buffer.from(process.cwd(), 'utf8').toString('latin1');
  }
}
