#!/usr/bin/env node
// Runs nixpkgs lib's own test suite (../shared/tools/nixlib-suite.sh, on the
// pinned lib in ../shared/nixpkgs-lib) against bin/tsnix and checks the
// result against the checked-in baseline, test/nixlib/baseline.txt:
//   file NAME           a test file that passes (exit 0)
//   modules-pass N      how many of modules.sh's checks pass
//   modules-fail LINE   a modules.sh check (by its line) allowed to fail
//
//   npm run nixlib                 check; exit 1 if anything fell below the baseline
//   npm run nixlib -- --update     also rewrite the baseline with today's results
//   npm run nixlib -- --only misc.nix,modules.sh   (passed on to the runner; checks only those)
//
// As with the conformance baseline, results may only move up.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '../shared');
const runner = path.join(shared, 'tools/nixlib-suite.sh');
const baselineFile = path.join(root, 'test/nixlib/baseline.txt');

const args = process.argv.slice(2);
const update = args.includes('--update');
const passthrough = args.filter((a) => a !== '--update');
const onlyAt = passthrough.indexOf('--only');
const only = onlyAt >= 0 ? new Set(passthrough[onlyAt + 1].split(',')) : null;

if (!fs.existsSync(runner) || !fs.existsSync(path.join(shared, 'nixpkgs-lib/lib'))) {
  console.log(`nixlib: ${shared} has no nixpkgs lib suite; skipped`);
  process.exit(0);
}

const logs = fs.mkdtempSync(path.join(os.tmpdir(), 'tsnix-nixlib.'));
const run = spawnSync('bash', [runner, '--cmd', `${path.join(root, 'bin/tsnix')} instantiate`, '--logs', logs, ...passthrough], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
process.stdout.write(run.stdout ?? '');
const summary = /^NIXLIB files (\d+)\/(\d+) modules (\d+)\/(\d+)/m.exec(run.stdout ?? '');
if (!summary) {
  console.error('nixlib: the suite runner printed no summary');
  process.exit(1);
}

/** Today's results: the files that passed, and modules.sh's passing count and failing check lines. */
const files = new Set();
const ran = new Set();
for (const m of (run.stdout ?? '').matchAll(/^(PASS|FAIL|TIMEOUT)\s+(\S+)/gm)) {
  ran.add(m[2]);
  if (m[1] === 'PASS') files.add(m[2]);
}
const modulesPass = Number(summary[3]);
const modulesFail = new Set();
const modulesLog = path.join(logs, 'modules.sh.log');
if (fs.existsSync(modulesLog)) {
  // eslint-disable-next-line no-control-regex -- the log's colours
  const text = fs.readFileSync(modulesLog, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
  for (const m of text.matchAll(/^TEST FAILED at lib\/tests\/modules\.sh:(\d+)$/gm)) modulesFail.add(m[1]);
}

/** The baseline: the same three kinds of facts. */
const base = { files: new Set(), modulesPass: 0, modulesFail: new Set() };
if (fs.existsSync(baselineFile)) {
  for (const line of fs.readFileSync(baselineFile, 'utf8').split('\n')) {
    const [kind, value] = line.trim().split(/\s+/);
    if (kind === 'file') base.files.add(value);
    else if (kind === 'modules-pass') base.modulesPass = Number(value);
    else if (kind === 'modules-fail') base.modulesFail.add(value);
  }
}

const problems = [];
for (const f of base.files) if (ran.has(f) && !files.has(f)) problems.push(`${f} passed in the baseline and fails now`);
const checkedModules = ran.has('modules.sh');
if (checkedModules) {
  if (modulesPass < base.modulesPass) problems.push(`modules.sh: ${modulesPass} checks pass, the baseline has ${base.modulesPass}`);
  for (const line of modulesFail)
    if (!base.modulesFail.has(line)) problems.push(`modules.sh: the check at line ${line} passed in the baseline and fails now`);
}
const better = [...files].filter((f) => !base.files.has(f));
if (checkedModules && modulesPass > base.modulesPass) better.push(`modules.sh: ${modulesPass - base.modulesPass} more checks`);

if (update) {
  if (only !== null) {
    console.error('nixlib: --update needs the whole suite (no --only)');
    process.exit(1);
  }
  const lines = [
    '# nixpkgs lib test suite results that must not regress (test/nixlib.mjs)',
    ...[...files].sort().map((f) => `file ${f}`),
    `modules-pass ${modulesPass}`,
    ...[...modulesFail].sort((a, b) => a - b).map((l) => `modules-fail ${l}`),
  ];
  fs.writeFileSync(baselineFile, lines.join('\n') + '\n');
  console.log(`nixlib: baseline written (${files.size} files, ${modulesPass} module checks)`);
}
if (better.length > 0 && !update) console.log(`nixlib: better than the baseline: ${better.join('; ')} (raise it with --update)`);
if (problems.length > 0) {
  for (const p of problems) console.error(`nixlib: REGRESSION: ${p}`);
  process.exit(1);
}
console.log(`nixlib: no regressions (${summary[0]})`);
