// The package as npm publishes it: `npm pack` gives a tarball that
// installs into an empty project, offline, and works there: the library
// from an ES module (the Node entry) and the `tsnix` command. The native
// store modules are optional dependencies, left out here (--omit=optional):
// neither the library nor `--eval` needs them.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('the npm package', { timeout: 120_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsnix-pack-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const run = (cmd: string, args: string[], cwd: string): string =>
    execFileSync(cmd, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, npm_config_update_notifier: 'false' },
    });

  it('packs, installs into an empty project offline, and evaluates there', () => {
    // The build is what `npm test` just ran: pack what it made, without building again.
    const packed = JSON.parse(run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], root)) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    const files = packed[0]!.files.map((f) => f.path);
    for (const wanted of [
      'bin/tsnix',
      'bin/launch.cjs',
      'dist/tsnix.cjs',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/src/browser.d.ts',
    ]) {
      assert.ok(files.includes(wanted), `the package lacks ${wanted}`);
    }
    for (const wanted of ['dist/browser/tsnix.js', 'dist/web/index.html', 'dist/web/worker.js'])
      assert.ok(files.includes(wanted), `the package lacks ${wanted}`);
    assert.ok(
      !files.some((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('dist/test/')),
      'the package ships sources or tests',
    );

    const project = path.join(dir, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'empty', version: '1.0.0', private: true }));
    // Offline, npm has the dependencies' tarballs in its cache but not the registry's documents about them: the
    // runtime dependencies are installed from the copies this project has (packed the same way).
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const dependencies = Object.keys(manifest.dependencies).map((name) => {
      const packedDependency = JSON.parse(
        run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir, path.join(root, 'node_modules', name)], root),
      ) as Array<{ filename: string }>;
      return packedDependency[0]!.filename;
    });
    const tarballs = [packed[0]!.filename, ...dependencies].map((f) => path.join(dir, f));
    run(npm, ['install', '--offline', '--no-audit', '--no-fund', '--omit=optional', ...tarballs], project);

    fs.writeFileSync(
      path.join(project, 'try.mjs'),
      [
        "import { evaluate, evaluateAsync, printValue, parse, printExpr, disassemble, MemoryIO } from 'tsnix';",
        "console.log(printValue(evaluate('{ a = 1 + 2; }', { strict: true })));",
        "console.log(printExpr(parse('{ a.b = 1; }')));",
        "console.log(/Add/.test(disassemble('x: x + 1')));",
        "console.log(printValue(await evaluateAsync('import ./x.nix', { io: new MemoryIO({ files: { '/x.nix': '[ 42 ]' } }), strict: true })));",
      ].join('\n'),
    );
    assert.equal(run(process.execPath, ['try.mjs'], project), '{ a = 3; }\n{ a = { b = 1; }; }\ntrue\n[ 42 ]\n');
    const tsnix = path.join(project, 'node_modules', '.bin', 'tsnix');
    assert.equal(run(tsnix, ['eval', '--expr', 'builtins.map (x: x * 2) [ 1 2 ]'], project), '[ 2 4 ]\n');
  });
});
