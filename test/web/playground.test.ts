// The playground in a real browser: `tsnix playground` serves it, headless
// Chromium (Debian's, /usr/bin/chromium) driven by playwright-core opens
// it. Skipped, saying so, where Chromium is not installed.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '../../../bin/tsnix');
const CHROMIUM = '/usr/bin/chromium';
const skip = fs.existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is missing (apt-get install chromium): the playground is not tested in a browser`;

/** The flags this machine's Chromium needs to start headless without reaching for a network. */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const FIB = 'let f = n: if n < 2 then n else f (n - 1) + f (n - 2); in f 20';
/** CPU-bound for hours: 2^40 calls, 40 frames deep. */
const RUNAWAY = 'let f = n: if n == 0 then 0 else f (n - 1) + f (n - 1); in f 40';

describe('the playground', { skip, timeout: 90_000 }, () => {
  let server: ChildProcess | null = null;
  let base = '';
  let context: BrowserContext | null = null;
  let profile = '';

  before(async () => {
    server = spawn(bin, ['playground', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    base = await new Promise<string>((resolve, reject) => {
      let out = '';
      server!.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
        if (url) resolve(url[0]);
      });
      server!.on('exit', (code) => reject(new Error(`tsnix playground exited (${code}): ${out}`)));
    });
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tsnix-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS });
  });

  after(async () => {
    await context?.close();
    server?.kill('SIGTERM');
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  const open = async (query: string): Promise<Page> => {
    const page = await context!.newPage();
    await page.goto(base + query);
    return page;
  };
  const codeQuery = (code: string, extra = ''): string => `?code=${encodeURIComponent(code)}${extra}`;
  const textOf = (page: Page, selector: string, wanted: string | RegExp): Promise<void> =>
    page
      .waitForFunction(
        ([sel, w, isRe]) => {
          // Runs in the page: its document, typed here without the DOM's types.
          const doc = (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document;
          const t = doc.querySelector(sel)?.textContent ?? '';
          return isRe ? new RegExp(w).test(t) : t.includes(w);
        },
        [selector, typeof wanted === 'string' ? wanted : wanted.source, typeof wanted !== 'string'] as const,
        { timeout: 15_000 },
      )
      .then(() => undefined);

  it('serves the page and evaluates the code in the URL', async () => {
    const page = await open(`?code=${FIB.replace(/ /g, '%20').replace(/=/g, '%3D').replace(/\+/g, '%2B')}`);
    await textOf(page, '#value', /^6765$/);
    assert.match((await page.textContent('#timings')) ?? '', /eval \d/);
    await page.close();
  });

  it('shows errors as the CLI prints them, with the code frame', async () => {
    const page = await open(codeQuery('1 + "a"'));
    await textOf(page, '#error', 'error: cannot add a string to an integer');
    const error = (await page.textContent('#error')) ?? '';
    assert.match(error, /at \/main\.nix:1:5:\n +1\| 1 \+ "a"\n +\| +\^/);
    await page.close();
  });

  it('lists the bytecode, each op lighting up its source, and the syntax tree', async () => {
    const page = await open(codeQuery('x: x + 1'));
    await page.waitForSelector('#bytecode .op[data-op="Add"]', { timeout: 15_000 });
    await page.hover('#bytecode .op[data-op="Add"]');
    await page.waitForSelector('#editor .cm-op-source', { timeout: 5000 });
    await page.goto(base + codeQuery('{ a.b = 1; }'));
    await textOf(page, '#ast', '{ a = { b = 1; }; }');
    await page.close();
  });

  it('evaluates again as you type, and the URL then reopens the edited code', async () => {
    const page = await open(codeQuery('1'));
    await textOf(page, '#value', /^1$/);
    await page.click('#editor .cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('[ (2 * 21) "é" ]');
    await textOf(page, '#value', '[ 42 "é" ]');
    const url = page.url();
    assert.match(url, /code=/);
    const again = await open(url.slice(base.length));
    await textOf(again, '#value', '[ 42 "é" ]');
    assert.match((await again.textContent('#editor .cm-content')) ?? '', /\[ \(2 \* 21\) "é" \]/);
    await page.close();
    await again.close();
  });

  it('imports the other files of the tree', async () => {
    const page = await open(codeQuery('(import ./lib.nix).x', `&file.lib.nix=${encodeURIComponent('{ x = "from lib"; }')}`));
    await textOf(page, '#value', '"from lib"');
    await page.close();
  });

  it('keeps the page answering while a runaway evaluation runs, and stops it at the limit or on Stop', async () => {
    const page = await open(codeQuery(RUNAWAY, '&limit=2'));
    await page.waitForSelector('#stop:not([disabled])', { timeout: 10_000 });
    // The page answers meanwhile: a script runs at once, and a toggle hides its pane.
    const t0 = Date.now();
    assert.equal(await page.evaluate(() => 1 + 1), 2);
    await page.click('#show-ast');
    assert.equal(await page.isHidden('section[data-pane="ast"]'), true);
    assert.ok(Date.now() - t0 < 2000, `the page took ${Date.now() - t0} ms to answer`);
    await textOf(page, '#error', 'error: evaluation stopped: it ran longer than the time limit of 2 s');
    // Stopped by the evaluator's own watchdog, not by ending the worker.
    assert.doesNotMatch((await page.textContent('#error')) ?? '', /did not yield/);
    // With a long limit, Stop ends it.
    await page.selectOption('#limit', '30');
    await page.waitForSelector('#stop:not([disabled])', { timeout: 10_000 });
    await page.click('#stop');
    await textOf(page, '#error', 'error: evaluation aborted');
    await page.close();
  });
});
