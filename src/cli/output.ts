// Writing to stdout and stderr. Nix strings are binary strings, so they are
// written as latin1: each char becomes the byte it stands for.

import { writeSync } from 'node:fs';

function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text, 'latin1');
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A non-blocking pipe that is full: try again.
      if (code === 'EAGAIN') continue;
      // The reader went away (`tsnix ... | head`): nothing more to say, as with SIGPIPE.
      if (code === 'EPIPE') process.exit(0);
      throw e;
    }
  }
}

export const stdout = (text: string): void => writeAll(1, text);
export const stderr = (text: string): void => writeAll(2, text);
