// The IO interface on Node: the real file system and environment.
// Paths and contents are binary strings, so file names with any bytes work.

import * as fs from 'node:fs';
import { type FileType, type IO, IOError } from './io.js';

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
          : code === 'EACCES'
            ? 'Permission denied'
            : String(code ?? e);
  throw new IOError(`${what} '${path}': ${reason}`);
}

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

  cwd(): string {
    return Buffer.from(process.cwd(), 'utf8').toString('latin1');
  }
}
