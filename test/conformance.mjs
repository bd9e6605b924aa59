#!/usr/bin/env node
// Runs the upstream Nix language conformance suite (../shared/nix-tests/lang)
// against bin/tsnix and checks the result against the checked-in baseline,
// test/conformance/baseline.txt: one line per test that passes, "NAME pass"
// (exact output) or "NAME exit" (right exit status, output differs).
//
//   npm run conformance             check; exit 1 if any test fell below its baseline
//   npm run conformance -- --update  also rewrite the baseline with today's results
//   npm run conformance -- --match REGEX --list-failures   (passed on to langsuite)
//
// A test may only move up: a regression fails the run, an improvement is
// reported so the baseline can be raised with --update.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '../shared');
const runner = path.join(shared, 'tools/langsuite.mjs');
const suite = path.join(shared, 'nix-tests/lang');
const baselineFile = path.join(root, 'test/conformance/baseline.txt');

const args = process.argv.slice(2);
const update = args.includes('--update');
const passthrough = args.filter((a) => a !== '--update');

if (!fs.existsSync(runner) || !fs.existsSync(suite)) {
  console.log(`conformance: ${shared} not found; skipped`);
  process.exit(0);
}

const jsonOut = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tsnix-conf.')), 'results.json');
const run = spawnSync(
  process.execPath,
  [
    runner,
    '--cmd',
    `${path.join(root, 'bin/tsnix')} instantiate`,
    '--suite',
    'nix',
    '--dir',
    suite,
    '--json',
    jsonOut,
    '--timeout',
    '30',
    ...passthrough,
  ],
  { stdio: 'inherit' },
);
if (run.status !== 0 || !fs.existsSync(jsonOut)) {
  console.error('conformance: the suite runner failed');
  process.exit(1);
}
const results = JSON.parse(fs.readFileSync(jsonOut, 'utf8')).tests;

const RANK = { fail: 0, exit: 1, pass: 2 };
const levelOf = (r) => (r.status === 'pass' ? 'pass' : r.status === 'exit-only' ? 'exit' : 'fail');

const baseline = new Map();
if (fs.existsSync(baselineFile)) {
  for (const line of fs.readFileSync(baselineFile, 'utf8').split('\n')) {
    const m = line.match(/^(\S+) (pass|exit)$/);
    if (m) baseline.set(m[1], m[2]);
  }
}

const partial = passthrough.some((a) => a === '--match' || a === '--only');
const seen = new Map(results.map((r) => [`${r.category}/${r.name}`, levelOf(r)]));
const regressions = [];
const improvements = [];
for (const [name, level] of seen) {
  const was = baseline.get(name) ?? 'fail';
  if (RANK[level] < RANK[was]) regressions.push(`${name}: was ${was}, now ${level}`);
  else if (RANK[level] > RANK[was]) improvements.push(`${name}: was ${was}, now ${level}`);
}
if (!partial) for (const name of baseline.keys()) if (!seen.has(name)) regressions.push(`${name}: no longer in the suite run`);

if (improvements.length)
  console.log(
    `\nconformance: ${improvements.length} test(s) above the baseline${update ? '' : ' (raise it with --update)'}:\n  ${improvements.join('\n  ')}`,
  );
if (regressions.length)
  console.log(`\nconformance: ${regressions.length} regression(s) against the baseline:\n  ${regressions.join('\n  ')}`);

if (update && !partial) {
  const lines = [...seen]
    .filter(([, l]) => l !== 'fail')
    .map(([n, l]) => `${n} ${l}`)
    .sort();
  fs.writeFileSync(baselineFile, lines.join('\n') + '\n');
  console.log(`conformance: baseline rewritten (${lines.length} tests)`);
}

const kept = [...seen].filter(([n, l]) => baseline.has(n) && RANK[l] >= RANK[baseline.get(n)]).length;
console.log(`conformance: ${kept} passed, ${regressions.length} failed`);
process.exit(regressions.length && !update ? 1 : 0);
