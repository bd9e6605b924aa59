'use strict';
// What bin/tsnix runs. CommonJS, as node starts it ~4 ms faster than an ES module.
//
// `npm install` (the prepare script) or `npm run build` compiles the
// TypeScript to dist/ and bundles the CLI into one script, dist/tsnix.cjs,
// which loads faster than the separate modules; those are used when the
// bundle is missing or older (after a bare `tsc`).
//
// The command runs on this thread, with node's default stack; bin/tsnix's
// first line gives V8 the heap limits evaluation wants (see there).
//
// The bundle is compiled with V8's code cache, dist/tsnix.cjs.cache: a
// header naming the bundle it is for, then the cache twice. V8 trusts any
// cache of the right length (a damaged one can crash it), so the two copies
// must be equal: a native comparison, where a checksum in JS took ~2 ms.
// `npm run build` writes it by evaluating src/cli/warm-up.nix; a damaged,
// stale or rejected cache is ignored, and written again after the run (which
// compiled all the command needed).

const { existsSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { Script } = require('node:vm');

const dist = join(__dirname, '..', 'dist');
const bundle = join(dist, 'tsnix.cjs');
const cacheFile = `${bundle}.cache`;
const modules = join(dist, 'src', 'cli', 'entry.js');

/** The cache file's header: magic, format, bundle size, bundle mtime, length of one copy. */
const MAGIC = 0x54534e43; // "TSNC"
const HEADER = 24;

/** The V8 cache for the bundle as it is now (its size and mtime), if there is a sound one. */
function readCache(stat) {
  let file;
  try {
    file = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  if (file.length < HEADER) return undefined;
  const length = file.readUInt32BE(20);
  const sound =
    file.readUInt32BE(0) === MAGIC &&
    file.readUInt32BE(4) === 2 &&
    file.readUInt32BE(8) === stat.size &&
    file.readDoubleBE(12) === stat.mtimeMs &&
    file.length === HEADER + 2 * length &&
    file.subarray(HEADER, HEADER + length).equals(file.subarray(HEADER + length));
  return sound ? file.subarray(HEADER, HEADER + length) : undefined;
}

/** Writes the cache for `script`, whole or not at all; a read-only dist/ goes without. */
function writeCache(script, stat) {
  try {
    const data = script.createCachedData();
    const head = Buffer.alloc(HEADER);
    head.writeUInt32BE(MAGIC, 0);
    head.writeUInt32BE(2, 4);
    head.writeUInt32BE(stat.size, 8);
    head.writeDoubleBE(stat.mtimeMs, 12);
    head.writeUInt32BE(data.length, 20);
    const temp = `${cacheFile}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(temp, Buffer.concat([head, data, data]));
    renameSync(temp, cacheFile);
  } catch {
    // no cache: slower, not wrong
  }
}

/** Loads the bundle with the code cache: its exports, and a function writing a cache when there was no good one. */
function loadBundle() {
  const stat = statSync(bundle);
  const cached = readCache(stat);
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, 'utf8')}\n})`;
  const script = new Script(wrapped, { filename: bundle, cachedData: cached });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dist);
  const stale = cached === undefined || script.cachedDataRejected === true;
  return { exports: module.exports, saveCache: stale ? () => writeCache(script, stat) : () => {} };
}

const loadModules = async () => ({ exports: await import(pathToFileURL(modules).href), saveCache: () => {} });

/** Runs the command and exits with its status. */
async function run(argv) {
  if (!existsSync(modules) && !existsSync(bundle)) {
    process.stderr.write("error: tsnix is not built yet; run 'npm install' (or 'npm run build') in its folder\n");
    process.exit(1);
  }
  const fresh = existsSync(bundle) && (!existsSync(modules) || statSync(bundle).mtimeMs >= statSync(modules).mtimeMs);
  const loaded = fresh ? loadBundle() : await loadModules();
  let status;
  try {
    // The REPL's status comes when it ends; every other command's at once.
    status = await loaded.exports.run(argv);
  } catch (e) {
    // main reports every error itself: this is a bug.
    writeSync(2, `error: internal error in tsnix (this is a bug, please report it):\n${e?.stack ?? e}\n`);
    process.exit(1);
  }
  loaded.saveCache();
  // Exiting at once skips tearing down the heap (~3 ms on a large one).
  process.exit(status);
}

module.exports = { run };
