// Writing to stdout and stderr. Nix strings are binary strings, so they are
// written as latin1: each char becomes the byte it stands for.

import { writeSync } from 'node:fs';
import { filterAnsiEscapes } from '../errors/ansi.js';

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
/**
 * CppNix's isTTY: whether the colours in messages are kept. Asked when the
 * first message is written: node:tty loads node:net and streams (~5 ms),
 * which a run that writes no message does without.
 */
let colours: boolean | undefined;
function keepColours(): boolean {
  if (colours === undefined) {
    const { isatty } = process.getBuiltinModule('node:tty');
    colours =
      isatty(2) &&
      isatty(1) &&
      (process.env.TERM ?? 'dumb') !== 'dumb' &&
      process.env.NO_COLOR === undefined &&
      process.env.NOCOLOR === undefined;
  }
  return colours;
}
/** Each message filtered as CppNix's logger filters it. */
export const stderr = (text: string): void => writeAll(2, filterAnsiEscapes(text, keepColours()));
