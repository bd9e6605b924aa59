#!/usr/bin/env node
// The browser builds, run by `npm run build` after tsc:
//
//   dist/browser/tsnix.js  the library's core (dist/src/browser.js) as one
//                          minified ES module, for pages and bundlers
//   dist/web/              the playground: index.html, style.css, the page's
//                          script and the Web Worker that evaluates
//
// Both are bundled for platform=browser, and the build fails when anything
// in them imports a Node built-in (`node:fs`, `fs`, ...) or names Node's
// `Buffer`: the core must run wherever JavaScript runs. It prints the
// core's size, minified and gzipped.

import * as esbuild from 'esbuild';
import { builtinModules } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Fails the build at any import of a Node built-in, naming the file that imports it. */
const noNodeBuiltins = {
  name: 'no-node-builtins',
  setup(build) {
    build.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
      if (!NODE_BUILTINS.has(args.path) && !args.path.startsWith('node:')) return undefined;
      return { errors: [{ text: `'${path.relative(root, args.importer)}' imports the Node built-in '${args.path}'` }] };
    });
  },
};

/** What a browser does not have, by name, in the bundled code. */
const FORBIDDEN = [/\bBuffer\b/, /\brequire\s*\(/];

function checkOutput(file) {
  const text = fs.readFileSync(file, 'utf8');
  for (const re of FORBIDDEN) {
    const at = text.search(re);
    if (at >= 0) {
      throw new Error(`${path.relative(root, file)} uses ${re.source} (…${text.slice(Math.max(0, at - 60), at + 40)}…): not in a browser`);
    }
  }
}

const common = {
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [noNodeBuiltins],
};

async function buildCore() {
  const outfile = path.join(dist, 'browser', 'tsnix.js');
  await esbuild.build({ ...common, entryPoints: [path.join(dist, 'src', 'browser.js')], outfile, sourcemap: true });
  checkOutput(outfile);
  const bytes = fs.readFileSync(outfile);
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`dist/browser/tsnix.js: ${kib(bytes.length)} minified, ${kib(gzipSync(bytes, { level: 9 }).length)} gzipped`);
}

async function buildPlayground() {
  const out = path.join(dist, 'web');
  fs.rmSync(out, { recursive: true, force: true });
  await esbuild.build({
    ...common,
    entryPoints: { main: path.join(root, 'web', 'src', 'main.ts'), worker: path.join(root, 'web', 'src', 'worker.ts') },
    outdir: out,
    // The page's own code imports the library by its package name, as an embedder would.
    alias: { tsnix: path.join(dist, 'src', 'browser.js') },
  });
  for (const name of ['main.js', 'worker.js']) checkOutput(path.join(out, name));
  for (const name of ['index.html', 'style.css', 'icon.svg']) fs.copyFileSync(path.join(root, 'web', name), path.join(out, name));
}

try {
  await Promise.all([buildCore(), buildPlayground()]);
} catch (e) {
  // esbuild has printed its errors already; say which build failed and why.
  console.error(`build:web failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
