// Colours for an error as the REPL shows it on a terminal, as CppNix's
// are: `error:` in red, `at` in blue and the position in magenta, the
// caret under the code in red.

const RED = '\x1b[31;1m';
const BLUE = '\x1b[34;1m';
const MAGENTA = '\x1b[35;1m';
const NORMAL = '\x1b[0m';

/** A rendered error (errors/render.ts) with colours. */
export function paintError(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const error = /^(\s*)error:/.exec(line);
      if (error !== null) return `${error[1]}${RED}error:${NORMAL}${line.slice(error[0].length)}`;
      const at = /^(\s*)at (.*):$/.exec(line);
      if (at !== null) return `${at[1]}${BLUE}at ${MAGENTA}${at[2]}${NORMAL}:`;
      const caret = /^(\s*\|\s*)\^$/.exec(line);
      if (caret !== null) return `${caret[1]}${RED}^${NORMAL}`;
      return line;
    })
    .join('\n');
}
