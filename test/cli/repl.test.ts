// `tsnix repl` on a real terminal: a tmux pane (a pseudo-terminal, as a
// person's terminal is), driven with send-keys and read back with
// capture-pane, so line editing, Tab, Ctrl-C and Ctrl-D go through the
// terminal driver as they do for a user. Skipped, with a message, where
// tmux is missing (.ci/run installs it).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { removeTree } from '../store/store-helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '../../../bin/tsnix');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const skip = hasTmux ? false : 'tmux is not installed: the REPL is not tested on a terminal';

let dir = '';
let serial = 0;

/** A REPL in its own tmux server and pane. */
class Pane {
  readonly socket: string;
  constructor(args: string[] = []) {
    this.socket = path.join(dir, `tmux-${++serial}`);
    const env = [`HOME=${dir}`, `XDG_DATA_HOME=${dir}/data`, `XDG_CACHE_HOME=${dir}/cache`, 'TERM=xterm-256color', 'NIX_PATH='];
    // bash, not sh, around it: Ctrl-C signals the whole foreground group, and bash (unlike dash) goes on when its child survives it.
    const script = `cd ${dir} && env ${env.join(' ')} ${bin} repl --store dummy:// ${args.join(' ')}; echo "[exited $?]"; sleep 60`;
    this.tmux('new-session', '-d', '-x', '200', '-y', '50', `exec bash -c '${script}'`);
  }

  tmux(...args: string[]): string {
    const r = spawnSync('tmux', ['-S', this.socket, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  }

  /** Types text (a `;` at its end is escaped from tmux's own command parser). */
  type(text: string): void {
    this.tmux('send-keys', '-l', '--', text.replace(/;$/, '\\;'));
  }

  keys(...keys: string[]): void {
    this.tmux('send-keys', ...keys);
  }

  /** Types a line and presses Enter. */
  line(text: string): void {
    this.type(text);
    this.keys('Enter');
  }

  /** What the pane shows (with its scrollback), without trailing blanks (tmux drops a prompt's trailing space too). */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-S', '-200')
      .split('\n')
      .map((l) => l.trimEnd())
      .join('\n')
      .trimEnd();
  }

  /** Waits until the screen matches (the text after `from` screen characters, when given). */
  async waitFor(pattern: RegExp, timeoutMs = 15000, from = 0): Promise<string> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const text = this.screen().slice(from);
      if (pattern.test(text)) return text;
      if (Date.now() > end) throw new Error(`timed out waiting for ${pattern}; the screen:\n${this.screen()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The screen's length now: later waits look only at what comes after it. */
  mark(): number {
    return this.screen().length;
  }

  close(): void {
    spawnSync('tmux', ['-S', this.socket, 'kill-server']);
  }
}

before(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tsnix-repl-')));
  fs.writeFileSync(path.join(dir, 'file.nix'), '{ y = 40; }\n');
});

after(() => {
  if (dir !== '') removeTree(dir);
});

describe('tsnix repl on a terminal', { skip }, () => {
  it('evaluates, binds, continues unfinished input, loads files, completes and documents', async () => {
    const p = new Pane();
    try {
      await p.waitFor(/Type :\? for help\.\nnix-repl>$/);
      p.line('x = 1 + 2');
      await p.waitFor(/nix-repl> x = 1 \+ 2\n\nnix-repl>$/);
      p.line('x * 2');
      await p.waitFor(/nix-repl> x \* 2\n6\n/);
      p.line(':t x');
      await p.waitFor(/nix-repl> :t x\nan integer\n/);
      p.line(':p { a = [ 1 2 ]; b = "s"; }');
      await p.waitFor(/\{\n {2}a = \[\n {4}1\n {4}2\n {2}\];\n {2}b = "s";\n\}\n/);
      p.line('{ a = 1;');
      await p.waitFor(/nix-repl> \{ a = 1;$/);
      p.line('b = 2; }');
      await p.waitFor(/\{\n {2}a = 1;\n {2}b = 2;\n\}\n/);
      let m = p.mark();
      p.type('builtins.toJS');
      p.keys('Tab');
      await p.waitFor(/nix-repl> builtins\.toJSON$/);
      p.keys('C-u');
      p.line(':doc builtins.map');
      await p.waitFor(/Synopsis: builtins\.map f list/);
      p.line(':l file.nix');
      await p.waitFor(/Added 1 variables\./);
      m = p.mark();
      p.line('y + 2');
      await p.waitFor(/y \+ 2\n42\n/, 15000, m);
      p.line('1 + "a"');
      await p.waitFor(/error: cannot add a string to an integer\n\s+at «string»:1:5:/);
      m = p.mark();
      p.line('x + 1');
      await p.waitFor(/x \+ 1\n4\n/, 15000, m);
      p.line(':q');
      await p.waitFor(/\[exited 0\]/);
    } finally {
      p.close();
    }
  });

  it('Ctrl-C stops an evaluation and keeps the session; at the prompt it clears the line; Ctrl-D quits', async () => {
    const p = new Pane();
    try {
      await p.waitFor(/nix-repl>$/);
      p.line('keep = 41');
      await p.waitFor(/keep = 41\n\nnix-repl>$/);
      p.line("let f = n: if n == 0 then 0 else 1 + f (n - 1); in builtins.foldl' (a: x: a + f 5000) 0 (builtins.genList (x: x) 1000000)");
      await new Promise((r) => setTimeout(r, 1000));
      const sent = Date.now();
      p.keys('C-c');
      await p.waitFor(/error: interrupted by the user\n\nnix-repl>$/, 5000);
      assert.ok(Date.now() - sent < 2000, `back at the prompt ${Date.now() - sent} ms after Ctrl-C`);
      let m = p.mark();
      p.line('keep + 1');
      await p.waitFor(/keep \+ 1\n42\n/, 15000, m);
      p.type('half typed');
      await p.waitFor(/nix-repl> half typed$/);
      p.keys('C-c');
      await p.waitFor(/nix-repl> half typed\nnix-repl>$/);
      p.type('x');
      await p.waitFor(/nix-repl> half typed\nnix-repl> x$/);
      p.keys('BSpace');
      m = p.mark();
      p.line('keep');
      await p.waitFor(/keep\n41\n/, 15000, m);
      p.keys('C-d');
      await p.waitFor(/\[exited 0\]/);
    } finally {
      p.close();
    }
  });

  it('keeps the history across sessions', async () => {
    const first = new Pane();
    try {
      await first.waitFor(/nix-repl>$/);
      first.line('"remembered" + "!"');
      await first.waitFor(/"remembered!"\n\nnix-repl>$/);
      await first.waitFor(/"remembered!"/);
      first.line(':q');
      await first.waitFor(/\[exited 0\]/);
    } finally {
      first.close();
    }
    const second = new Pane();
    try {
      await second.waitFor(/nix-repl>$/);
      second.keys('Up', 'Up');
      await second.waitFor(/nix-repl> "remembered" \+ "!"$/m);
    } finally {
      second.close();
    }
  });
});
