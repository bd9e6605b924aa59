#!/usr/bin/env node
// Benchmark driver: evaluates each workload of ../shared/bench as one whole
// process (start-up included), checks its output against the expected one,
// and prints the median wall time and the peak resident memory. When the
// CppNix reference is installed (../shared/tools/reference-nix.sh install),
// it runs it side by side and prints the ratio.
//
//   npm run bench                      all workloads, 3 runs each
//   npm run bench -- --runs 5 fib sort  selected workloads
//   npm run bench -- --no-ref          tsnix only
//   npm run bench -- --parse           also the parser throughput on a generated file
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.resolve(root, '../shared/bench');
const refScript = path.resolve(root, '../shared/tools/reference-nix.sh');
const tsnix = path.join(root, 'bin/tsnix');

const args = process.argv.slice(2);
let runs = 3;
let useRef = true;
let parseBench = false;
const selected = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else if (args[i] === '--no-ref') useRef = false;
  else if (args[i] === '--parse') parseBench = true;
  else selected.push(args[i]);
}

const haveTime = fs.existsSync('/usr/bin/time');
const haveRef = useRef && fs.existsSync(refScript) && fs.existsSync(process.env.NIX_REF_ROOT ?? '/opt/nix-ref/usr/bin/nix-instantiate');

/** Runs a command once; returns wall seconds, peak RSS in MiB (or null) and stdout. */
function measure(cmd, cmdArgs, cwd) {
  const statFile = path.join(os.tmpdir(), `tsnix-bench-${process.pid}.time`);
  const argv = haveTime ? ['/usr/bin/time', ['-f', '%M', '-o', statFile, cmd, ...cmdArgs]] : [cmd, cmdArgs];
  const t0 = performance.now();
  const r = spawnSync(argv[0], argv[1], { cwd, encoding: 'latin1', maxBuffer: 1 << 30 });
  const wall = (performance.now() - t0) / 1000;
  let peak = null;
  if (haveTime && fs.existsSync(statFile)) {
    const kb = Number(fs.readFileSync(statFile, 'utf8').trim().split('\n').pop());
    peak = kb / 1024;
    fs.rmSync(statFile, { force: true });
  }
  return { wall, peak, stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status };
}

/** One run of `cmd`, checked against the expected output: its wall time, or why it failed. */
function runChecked(cmd, cmdArgs, cwd, expected) {
  const r = measure(cmd, cmdArgs, cwd);
  if (r.status !== 0 || (expected !== null && r.stdout.trimEnd() !== expected.trimEnd())) {
    const detail =
      r.status !== 0
        ? (r.stderr.split('\n').find((l) => l.startsWith('error:')) ?? r.stderr.slice(0, 200))
        : `got ${r.stdout.trim().slice(0, 60)}`;
    return { ok: false, detail };
  }
  return { ok: true, wall: r.wall, peak: r.peak };
}

/**
 * Runs each command, [cmd, args, cwd], `runs` times, the commands taking turns, so that a
 * machine getting busier or quieter weighs on all of them alike (the ratio
 * is what matters): for each, the median wall time and the peak RSS.
 */
function bench(commands, expected) {
  const results = commands.map(() => ({ ok: true, detail: '', times: [], peak: 0 }));
  for (let i = 0; i < runs; i++) {
    commands.forEach(([cmd, cmdArgs, cwd], c) => {
      const res = results[c];
      if (!res.ok) return;
      const r = runChecked(cmd, cmdArgs, cwd, expected);
      if (!r.ok) {
        res.ok = false;
        res.detail = r.detail;
        return;
      }
      res.times.push(r.wall);
      if (r.peak !== null) res.peak = Math.max(res.peak, r.peak);
    });
  }
  return results.map(({ ok, detail, times, peak }) => {
    times.sort((a, b) => a - b);
    return { ok, detail, wall: ok ? times[Math.floor(times.length / 2)] : null, peak: ok && haveTime ? peak : null };
  });
}

const fmt = (x, d = 2) => (x === null || x === undefined ? 'n/a' : x.toFixed(d));

if (!fs.existsSync(benchDir)) {
  console.error(`bench: ${benchDir} not found`);
  process.exit(1);
}
const workloads = fs
  .readdirSync(path.join(benchDir, 'nix'))
  .filter((f) => f.endsWith('.nix'))
  .map((f) => f.slice(0, -4))
  .filter((n) => selected.length === 0 || selected.includes(n));

console.log(`tsnix benchmarks: ${runs} run(s) each, median wall time, peak RSS${haveRef ? ', CppNix 2.26 side by side' : ''}`);
// tsnix runs as users run it, with its bytecode cache (warm after the first run of each workload).
if (process.env.TSNIX_BYTECODE_CACHE !== undefined) console.log(`(TSNIX_BYTECODE_CACHE=${process.env.TSNIX_BYTECODE_CACHE})`);
const header = ['workload', 'tsnix s', 'tsnix MiB'];
if (haveRef) header.push('cppnix s', 'cppnix MiB', 'time ratio', 'mem ratio');
const rows = [header];
let failures = 0;
for (const name of workloads) {
  const file = path.join(benchDir, 'nix', `${name}.nix`);
  const expected = fs.readFileSync(path.join(benchDir, 'expected', `${name}.out`), 'latin1');
  const commands = [[tsnix, ['instantiate', '--eval', '--strict', file], root]];
  if (haveRef) commands.push([refScript, ['nix-instantiate', '--eval', '--strict', file], root]);
  const [ours, ref] = bench(commands, expected);
  const row = [name, ours.ok ? fmt(ours.wall) : `FAIL (${ours.detail})`, fmt(ours.peak, 0)];
  if (!ours.ok) failures++;
  if (ref) {
    row.push(ref.ok ? fmt(ref.wall) : 'FAIL', fmt(ref.peak, 0));
    row.push(ours.ok && ref.ok ? `${fmt(ours.wall / ref.wall)}x` : 'n/a');
    row.push(ours.peak && ref.peak ? `${fmt(ours.peak / ref.peak)}x` : 'n/a');
  }
  rows.push(row);
  process.stderr.write('.');
}
process.stderr.write('\n');

if (parseBench) {
  // A large generated file: many attribute sets, lists, strings and lambdas.
  const parts = ['let a0 = 0; a1 = 1; a2 = 2; a3 = 3; a4 = 4; a5 = 5; a6 = 6; b = 7; c = 8; x = 9; in ['];
  for (let i = 0; i < 120000; i++) {
    parts.push(
      `  { name = "pkg-${i}"; version = "1.${i % 100}"; deps = [ a${i % 7} b c ]; f = x: x + ${i}; s = ''\n    text ${'$'}{x} here\n  ''; }`,
    );
  }
  parts.push(']');
  const text = parts.join('\n');
  const file = path.join(os.tmpdir(), 'tsnix-parse-bench.nix');
  fs.writeFileSync(file, text);
  const mb = text.length / 1e6;
  const commands = [[tsnix, ['instantiate', '--parse', file], root]];
  if (haveRef) commands.push([refScript, ['nix-instantiate', '--parse', file], path.dirname(file)]);
  const [ours, ref] = bench(commands, null);
  const row = [
    `parse ${fmt(mb, 1)} MB`,
    ours.ok ? `${fmt(ours.wall)} (${fmt(mb / ours.wall, 1)} MB/s)` : `FAIL (${ours.detail})`,
    fmt(ours.peak, 0),
  ];
  if (ref) {
    row.push(ref.ok ? `${fmt(ref.wall)} (${fmt(mb / ref.wall, 1)} MB/s)` : 'FAIL', fmt(ref.peak, 0));
    row.push(ours.ok && ref.ok ? `${fmt(ours.wall / ref.wall)}x` : 'n/a', ours.peak && ref.peak ? `${fmt(ours.peak / ref.peak)}x` : 'n/a');
  }
  rows.push(row);
  fs.rmSync(file, { force: true });
}

const widths = header.map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length)));
for (const r of rows) console.log(r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  '));
if (!haveTime) console.log('(peak memory needs GNU time at /usr/bin/time: apt-get install time)');
process.exit(failures > 0 ? 1 : 0);
