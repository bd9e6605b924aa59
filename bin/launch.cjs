'use strict';
// What bin/tsnix runs, in both of its threads. CommonJS, as a worker starts
// from a CommonJS file faster than from an ES module (~5 ms less CPU).
//
// `npm install` (the prepare script) or `npm run build` compiles the
// TypeScript to dist/ and bundles the CLI into one script, dist/tsnix.cjs,
// which loads faster than the separate modules; those are used when the
// bundle is missing or older (after a bare `tsc`).
//
// The CLI's home is a worker thread whose stack is large enough for deeply
// nested evaluation; it writes to stdout and stderr itself. Its young
// generation is larger than V8's default: evaluation allocates many
// short-lived objects (json: 1.20 -> 0.93 s). The worker takes ~17 ms to
// start, more than most commands take, so a command runs speculatively on
// the main thread first, and is handed to the worker only when that run
// cannot be kept (too long, too deep; see src/cli/entry.ts).
//
// The bundle is compiled with V8's code cache, dist/tsnix.cjs.cache: a
// header naming the bundle it is for, then the cache twice. V8 trusts any
// cache of the right length (a damaged one can crash it), so the two copies
// must be equal: a native comparison, where a checksum in JS took ~2 ms.
// `npm run build` writes it by evaluating src/cli/warm-up.nix; a damaged,
// stale or rejected cache is ignored, and written again by the run (by the
// thread that ran the command to its end, which compiled all it needed).

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

/** The main thread: runs the command speculatively, and hands it to a worker if need be. */
async function run(argv) {
  if (!existsSync(modules) && !existsSync(bundle)) {
    process.stderr.write("error: tsnix is not built yet; run 'npm install' (or 'npm run build') in its folder\n");
    process.exit(1);
  }
  const fresh = existsSync(bundle) && (!existsSync(modules) || statSync(bundle).mtimeMs >= statSync(modules).mtimeMs);
  // Loaded before the speculative run, though only a run handed over needs
  // it: the time limit may stop that run inside node's loading of a module
  // (node:crypto for a hash), leaving it, and a module it shares with
  // worker_threads (stream), half-made for the rest of this thread.
  const { Worker } = require('node:worker_threads');
  const loaded = fresh ? loadBundle() : await loadModules();
  const status = loaded.exports.speculate(argv);
  if (status !== null) {
    loaded.saveCache();
    process.exit(status);
  }
  // Started only now: a worker starting alongside the speculative run takes
  // CPU from it and time to end (eval --expr 1: 55 -> 70 ms on a loaded
  // machine), and a run handed over starts as early either way.
  // A worker that ends while V8 optimises its code on a helper thread can
  // abort the process (node 20's `ForIsolate` assertion, seen in over half
  // of the runs of some lib tests): the worker optimises on its own thread.
  require('node:v8').setFlagsFromString('--no-concurrent-recompilation');
  // The heap may grow to most of the machine's memory, as CppNix's does
  // (V8's own limit is a few GiB); running out of it is CppNix's error.
  const heapMb = Math.floor((require('node:os').totalmem() / 2 ** 20) * 0.85);
  const limits = { stackSizeMb: 512, maxYoungGenerationSizeMb: 64, maxOldGenerationSizeMb: heapMb };
  const worker = new Worker(__filename, { workerData: fresh, resourceLimits: limits });
  worker.on('error', (e) => {
    // Not process.stderr: a stream, perhaps half-made (see above).
    if (e?.code === 'ERR_WORKER_OUT_OF_MEMORY') writeSync(2, 'error: out of memory\n');
    else writeSync(2, `error: internal error in tsnix (this is a bug, please report it):\n${e?.stack ?? e}\n`);
    process.exitCode = 1;
  });
  // Exiting at once skips tearing down this thread's heap, which holds the
  // speculative run (a natural end took ~3 ms longer).
  worker.on('exit', (code) => process.exit(process.exitCode ?? code));
  worker.postMessage(argv);
  // This thread has nothing else to do while the worker runs: it keeps what
  // the speculative run compiled (the bytecode cache). The code cache is the
  // worker's to write: this thread compiled only what ran before the time
  // limit, which would leave the rest for every later run to compile.
  loaded.exports.writeHeldEntries();
}

// The worker runs this file itself; the main thread requires it from bin/tsnix.
if (require.main === module) {
  // The worker: waits for the command line, runs it, and ends with its status.
  const { parentPort, workerData } = require('node:worker_threads');
  const ready = workerData ? Promise.resolve(loadBundle()) : loadModules();
  ready.then(({ exports, saveCache }) =>
    parentPort.once('message', (argv) => {
      const status = exports.main(argv);
      saveCache();
      process.exit(status);
    }),
  );
}

module.exports = { run };
