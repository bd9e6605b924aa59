// The daemon store against a fake daemon (daemon-fake.ts, in a worker):
// the handshake at each protocol version, what each operation sends, the
// daemon's errors and a socket that is missing or wrong turned into
// `error:` messages. Paths of trees are CppNix 2.26's for the same files,
// so the NAR sent is CppNix's byte for byte.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { NodeIO } from '../../src/io/node-io.js';
import { dumpPath } from '../../src/store/nar.js';
import { makeTextPath } from '../../src/store/paths.js';
import { DaemonError, type DaemonStore, openDaemonStore } from '../../src/store/daemon/index.js';
import { evalError, evalNix } from '../helpers.js';
import type { FakeConnection, FakeMessage, FakeRequest, FakeScenario } from './daemon-fake.js';

const STORE = '/nix/store';
const io = new NodeIO();
let root: string;
let fixtures: string;
let sockets = 0;

before(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tsnix-daemon-')));
  fixtures = path.join(root, 'fx');
  // The tree CppNix copies to /nix/store/q6jc31rlg4mildxcr0bpg9imnfdx4703-tree.
  fs.mkdirSync(path.join(fixtures, 'tree', 'sub'), { recursive: true });
  fs.mkdirSync(path.join(fixtures, 'tree', 'empty'));
  fs.writeFileSync(path.join(fixtures, 'tree', 'a'), 'a\n');
  fs.symlinkSync('a', path.join(fixtures, 'tree', 'l'));
  fs.writeFileSync(path.join(fixtures, 'tree', 'sub', 'x'), '#!/bin/sh\n', { mode: 0o755 });
  fs.writeFileSync(path.join(fixtures, 'foo'), 'hi\n');
});

after(() => fs.rmSync(root, { recursive: true, force: true }));

interface Fake {
  socketPath: string;
  /** The next connection the fake saw, once it has closed. */
  connection(): Promise<FakeConnection>;
  stop(): Promise<void>;
}

async function startFake(scenario: Partial<FakeScenario> = {}): Promise<Fake> {
  const socketPath = path.join(root, `daemon${sockets++}.sock`);
  const worker = new Worker(new URL('./daemon-fake.js', import.meta.url), {
    workerData: { socketPath, storeDir: STORE, ...scenario } satisfies FakeScenario,
  });
  const connections: FakeConnection[] = [];
  const waiting: Array<(c: FakeConnection) => void> = [];
  const failures: string[] = [];
  await new Promise<void>((resolve, reject) => {
    worker.on('error', reject);
    worker.on('message', (m: FakeMessage) => {
      if (m.type === 'listening') resolve();
      else if (m.type === 'failure') failures.push(m.message);
      else {
        const w = waiting.shift();
        if (w) w(m);
        else connections.push(m);
      }
    });
  });
  return {
    socketPath,
    connection: () => {
      if (failures.length > 0) throw new Error(`the fake daemon failed: ${failures.join('; ')}`);
      const c = connections.shift();
      return c ? Promise.resolve(c) : new Promise((resolve) => waiting.push(resolve));
    },
    stop: async () => {
      worker.postMessage({ type: 'stop' });
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

const open = (fake: Fake, extra: Partial<Parameters<typeof openDaemonStore>[0]> = {}): DaemonStore =>
  openDaemonStore({ socketPath: fake.socketPath, storeDir: STORE, ...extra });

const le = (n: number): string => {
  const b = Buffer.alloc(8);
  b.writeUInt32LE(n, 0);
  return b.toString('hex');
};

const ops = (c: FakeConnection): string[] => c.requests.map((r) => r.op);
const tree = (): ((v: Parameters<typeof dumpPath>[3]) => void) => (v) => dumpPath(io, path.join(fixtures, 'tree'), null, v);

describe('the handshake', () => {
  it('is nix-instantiate’s, byte for byte, with a CppNix 2.26 daemon (1.38)', async () => {
    const fake = await startFake();
    const store = open(fake, { settings: { buildCores: 2 } });
    assert.deepEqual(store.daemonInfo(), { protocolMinor: 38, nixVersion: '2.26.3', trusted: true });
    store.close();
    const c = await fake.connection();
    // Magic and version; no features; no CPU affinity; reserveSpace false; then SetOptions.
    const handshake = [0x6e697863, 0x126, 0, 0, 0].map(le).join('');
    const setOptions = [19, 0, 0, 0, 3, 1, 0, 1, 0, 0, 0, 2, 1, 0].map(le).join('');
    assert.equal(Buffer.from(c.received).toString('hex'), handshake + setOptions);
    await fake.stop();
  });

  it('sends the settings it is given, overrides sorted by name', async () => {
    const fake = await startFake();
    const store = open(fake, {
      settings: {
        keepFailed: true,
        verbosity: 5,
        buildCores: 4,
        useSubstitutes: false,
        overrides: [
          ['sandbox', 'false'],
          ['builders', ''],
        ],
      },
    });
    store.isValidPath(`${STORE}/00000000000000000000000000000000-x`);
    store.close();
    const [setOptions] = (await fake.connection()).requests;
    assert.deepEqual(setOptions, {
      op: 'SetOptions',
      fields: [1, 0, 0, 5, 1, 0, 1, 0, 0, 0, 4, 0],
      overrides: [
        ['builders', ''],
        ['sandbox', 'false'],
      ],
    });
    await fake.stop();
  });

  for (const [minor, nixVersion, trusted] of [
    [37, '2.25.0', false],
    [35, '2.18.1', null],
    [33, '2.15.0', null],
    [32, null, null],
    [25, null, null],
  ] as const) {
    it(`speaks 1.${minor}`, async () => {
      const fake = await startFake({ version: (1 << 8) | minor, nixVersion: nixVersion ?? '', trusted: trusted === false ? 2 : 0 });
      const store = open(fake);
      assert.deepEqual(store.daemonInfo(), { protocolMinor: minor, nixVersion, trusted });
      const t = store.addTextToStore('t', 'hello', []);
      assert.equal(t.path, '/nix/store/vqpn17r03lqabwk0wksgpbgy620zwfd4-t');
      assert.ok(store.isValidPath(t.path));
      store.close();
      const c = await fake.connection();
      assert.deepEqual(ops(c), ['SetOptions', 'AddToStore']);
      await fake.stop();
    });
  }

  it('fails with CppNix’s words when the daemon is too old or of another major version', async () => {
    for (const [version, message] of [
      [(1 << 8) | 20, 'the Nix daemon version is too old'],
      [(2 << 8) | 38, 'Nix daemon protocol version not supported'],
    ] as const) {
      const fake = await startFake({ version });
      const store = open(fake);
      assert.throws(() => store.isValidPath(`${STORE}/00000000000000000000000000000000-x`), {
        message: `cannot open connection to remote store 'daemon': error: ${message}`,
      });
      assert.throws(() => store.isValidPath(`${STORE}/00000000000000000000000000000000-x`), {
        message: "opening a connection to remote store 'daemon' previously failed",
      });
      store.close();
      await fake.stop();
    }
  });

  it('shows what answered when it is no daemon', async () => {
    const fake = await startFake({ garbage: 'HTTP/1.0 400 Bad Request\r\n\r\n' });
    const store = open(fake, { uri: `unix://${fake.socketPath}` });
    assert.throws(() => store.addTextToStore('t', 'x', []), {
      message: `cannot open connection to remote store 'unix://${fake.socketPath}': error: protocol mismatch, got 'HTTP/1.0 400 Bad Request'`,
    });
    store.close();
    await fake.stop();
  });
});

describe('a missing or refused socket', () => {
  it('is an error at the first operation, as CppNix reports it', () => {
    const socketPath = path.join(root, 'no-such.sock');
    const store = openDaemonStore({ socketPath, storeDir: STORE });
    assert.throws(() => store.addTextToStore('t', 'x', []), {
      message: `cannot connect to socket at '${socketPath}': No such file or directory`,
    });
    assert.throws(() => store.addTextToStore('t', 'x', []), { message: "opening a connection to remote store 'daemon' previously failed" });
    store.close();
    const file = path.join(fixtures, 'foo');
    const refused = openDaemonStore({ socketPath: file, storeDir: STORE });
    assert.throws(() => refused.isValidPath(`${STORE}/00000000000000000000000000000000-x`), {
      message: `cannot connect to socket at '${file}': Connection refused`,
    });
    refused.close();
  });

  it('is not an error for an evaluation that adds nothing', () => {
    const store = openDaemonStore({ socketPath: path.join(root, 'no-such.sock'), storeDir: STORE });
    assert.equal(evalNix('1 + 2', { store, settings: { readOnly: false } }), '3');
    store.close();
  });

  it('makes an evaluation that adds something fail with the message', () => {
    const socketPath = path.join(root, 'no-such.sock');
    const store = openDaemonStore({ socketPath, storeDir: STORE });
    assert.equal(
      evalError('builtins.toFile "t" "x"', { store, settings: { readOnly: false } }),
      `cannot connect to socket at '${socketPath}': No such file or directory`,
    );
    store.close();
  });
});

describe('additions', () => {
  it('send a tree’s NAR in frames, as CppNix makes it, with the method and references', async () => {
    const fake = await startFake();
    const store = open(fake);
    const info = store.addToStore('tree', { method: 'nar', dump: tree() });
    assert.equal(info.path, '/nix/store/q6jc31rlg4mildxcr0bpg9imnfdx4703-tree');
    const foo = store.addToStore('foo', { method: 'nar', dump: (v) => dumpPath(io, path.join(fixtures, 'foo'), null, v) });
    assert.equal(foo.path, '/nix/store/6mlv4zpsh5r2q4nb94lpkma95g744zvi-foo');
    const flat = store.addToStore('flat', { method: 'flat', contents: 'hi\n' });
    assert.equal(flat.path, '/nix/store/gc4mdv0vikcb0hqyn0mf97grgs1aaf0p-flat');
    const text = store.addTextToStore('t', `hello ${foo.path}`, [foo.path]);
    assert.equal(text.path, '/nix/store/iiz11kdxxl1sl4scy4wwgr8r70b3lwl2-t');
    store.close();
    const [, ...adds] = (await fake.connection()).requests as Array<FakeRequest & { op: 'AddToStore' }>;
    assert.deepEqual(
      adds.map((r) => [r.name, r.method, r.references, r.path]),
      [
        ['tree', 'fixed:r:sha256', [], info.path],
        ['foo', 'fixed:r:sha256', [], foo.path],
        ['flat', 'fixed:sha256', [], flat.path],
        ['t', 'text:sha256', [foo.path], text.path],
      ],
    );
    // A flat file and a text go as their bytes, not as NARs.
    assert.equal(Buffer.from(adds[2]!.data).toString(), 'hi\n');
    assert.equal(Buffer.from(adds[3]!.data).toString(), `hello ${foo.path}`);
    assert.equal(adds[1]!.data.length, foo.narSize);
    await fake.stop();
  });

  it('stream a large file in frames of 64 KiB', async () => {
    const fake = await startFake();
    const big = path.join(root, 'big');
    fs.writeFileSync(big, Buffer.alloc(200_000, 0x61));
    const store = open(fake);
    const info = store.addToStore('big', { method: 'nar', dump: (v) => dumpPath(io, big, null, v) });
    store.close();
    const add = (await fake.connection()).requests[1] as FakeRequest & { op: 'AddToStore' };
    assert.deepEqual(add.frames, [65536, 65536, 65536, info.narSize - 3 * 65536]);
    assert.equal(add.path, info.path);
    await fake.stop();
  });

  it('are sent once each per session', async () => {
    const fake = await startFake();
    const store = open(fake);
    store.addTextToStore('t', 'same', []);
    store.addTextToStore('t', 'same', []);
    store.addToStore('f', { method: 'flat', contents: 'x' });
    store.addToStore('f', { method: 'flat', contents: 'x' });
    store.close();
    assert.deepEqual(ops(await fake.connection()), ['SetOptions', 'AddToStore', 'AddToStore']);
    await fake.stop();
  });

  for (const minor of [24, 21]) {
    it(`use AddTextToStore and bare NARs with a daemon before 1.25 (1.${minor})`, async () => {
      const fake = await startFake({ version: (1 << 8) | minor });
      const store = open(fake);
      const tree1 = store.addToStore('tree', { method: 'nar', dump: tree() });
      const flat = store.addToStore('flat', { method: 'flat', contents: 'hi\n' });
      const text = store.addTextToStore('t', 'hello', []);
      assert.equal(tree1.path, '/nix/store/q6jc31rlg4mildxcr0bpg9imnfdx4703-tree');
      assert.equal(flat.path, '/nix/store/gc4mdv0vikcb0hqyn0mf97grgs1aaf0p-flat');
      store.close();
      const [, a, b, c] = (await fake.connection()).requests;
      assert.deepEqual(
        [a, b].map((r) => r as FakeRequest & { op: 'AddToStoreOld' }).map((r) => [r.op, r.name, r.fixed, r.recursive, r.algo, r.path]),
        [
          ['AddToStoreOld', 'tree', 0, 1, 'sha256', tree1.path],
          ['AddToStoreOld', 'flat', 1, 0, 'sha256', flat.path],
        ],
      );
      assert.deepEqual(c, { op: 'AddTextToStore', name: 't', text: 'hello', references: [], path: text.path });
      await fake.stop();
    });
  }

  it('show the daemon’s messages and activities while it works', async () => {
    const fake = await startFake({ chatter: true });
    const lines: string[] = [];
    const store = open(fake, { log: (t) => lines.push(t) });
    store.addTextToStore('t', 'x', []);
    store.close();
    assert.deepEqual(lines, ['copying something\n', 'doing a thing...\n']);
    await fake.stop();
  });
});

describe('the daemon’s errors', () => {
  it('are the daemon’s message, at once when not pipelined', async () => {
    const fake = await startFake({
      fail: { op: 7, message: "path '\x1b[35;1m/nix/store/x\x1b[0m' is not valid", traces: ['while adding'] },
    });
    const store = open(fake, { pipeline: false });
    assert.throws(
      () => store.addTextToStore('t', 'x', []),
      (e: unknown) =>
        e instanceof DaemonError && e.message === "path '\x1b[35;1m/nix/store/x\x1b[0m' is not valid" && e.traces[0] === 'while adding',
    );
    // The session goes on in a new connection.
    assert.equal(store.addTextToStore('u', 'y', []).path, makeTextPath(STORE, 'u', 'y', []));
    assert.equal(store.isValidPath(makeTextPath(STORE, 'u', 'y', [])), true);
    store.close();
    await fake.stop();
  });

  it('in the older form (< 1.26) too', async () => {
    const fake = await startFake({ version: (1 << 8) | 25, fail: { op: 1, message: 'no database' } });
    const store = open(fake);
    assert.throws(() => store.isValidPath(`${STORE}/00000000000000000000000000000000-x`), new DaemonError('no database'));
    store.close();
    await fake.stop();
  });

  it('for a pipelined addition, come at the latest when the session closes', async () => {
    const fake = await startFake({ fail: { op: 7, message: 'disk full' } });
    const store = open(fake);
    store.addTextToStore('t', 'x', []);
    assert.throws(() => store.close(), new DaemonError('disk full'));
    await fake.stop();
  });

  it('fail an evaluation with `error:` and the daemon’s message', async () => {
    const fake = await startFake({ fail: { op: 7, message: 'cannot add path: disk full' }, version: (1 << 8) | 37 });
    const store = open(fake, { pipeline: false });
    assert.equal(evalError('builtins.toFile "t" "x"', { store, settings: { readOnly: false } }), 'cannot add path: disk full');
    store.close();
    await fake.stop();
  });
});

describe('queries and roots', () => {
  it('ask whether a path is valid, and what the daemon knows of it', async () => {
    const known = `${STORE}/11111111111111111111111111111111-known`;
    const fake = await startFake({ valid: [known] });
    const store = open(fake);
    assert.equal(store.isValidPath(known), true);
    assert.equal(store.isValidPath(`${STORE}/00000000000000000000000000000000-x`), false);
    const t = store.addTextToStore('t', 'hello', []);
    assert.equal(store.isValidPath(t.path), true);
    assert.equal(store.queryPathInfo(`${STORE}/00000000000000000000000000000000-x`), null);
    const info = store.queryPathInfo(t.path)!;
    assert.equal(info.path, t.path);
    assert.deepEqual(info.references, []);
    store.close();
    // Paths this session added or found valid are not asked about again.
    assert.deepEqual(ops(await fake.connection()), [
      'SetOptions',
      'IsValidPath',
      'IsValidPath',
      'AddToStore',
      'QueryPathInfo',
      'QueryPathInfo',
    ]);
    await fake.stop();
  });

  it('make a permanent root as CppNix does: a temporary root, the link, an indirect root', async () => {
    const fake = await startFake();
    const store = open(fake);
    const t = store.addTextToStore('t', 'hello', []);
    const link = path.join(root, 'result');
    assert.equal(store.addPermRoot(t.path, link), link);
    assert.equal(fs.readlinkSync(link), t.path);
    // A link into the store may be replaced; anything else may not.
    store.addPermRoot(t.path, link);
    assert.throws(() => store.addPermRoot(t.path, path.join(fixtures, 'foo')), {
      message: `cannot create symlink '${path.join(fixtures, 'foo')}'; already exists`,
    });
    assert.throws(() => store.addPermRoot(t.path, `${STORE}/foo`), {
      message: `creating a garbage collector root (${STORE}/foo) in the Nix store is forbidden (are you running nix-build inside the store?)`,
    });
    store.addTempRoot(t.path);
    store.close();
    const c = await fake.connection();
    assert.deepEqual(c.requests.slice(2), [
      { op: 'AddTempRoot', path: t.path },
      { op: 'AddIndirectRoot', path: link },
      { op: 'AddTempRoot', path: t.path },
      { op: 'AddIndirectRoot', path: link },
      { op: 'AddTempRoot', path: t.path },
      { op: 'AddTempRoot', path: t.path },
    ]);
    await fake.stop();
  });
});

describe('the thread evaluating', () => {
  it('may be cut off mid-operation (the CLI’s speculative run) without the process hanging at exit', async () => {
    const fake = await startFake({ mute: true });
    const module = new URL('../../src/store/daemon/index.js', import.meta.url).href;
    const script = `
      const vm = require('node:vm');
      import(${JSON.stringify(module)}).then(({ openDaemonStore }) => {
        globalThis.store = openDaemonStore({ socketPath: ${JSON.stringify(fake.socketPath)}, storeDir: '/nix/store' });
        try {
          new vm.Script("store.addTextToStore('t', 'x', []); store.addTextToStore('u', 'y', []); store.isValidPath('/nix/store/00000000000000000000000000000000-x')").runInThisContext({ timeout: 300 });
        } catch (e) {
          console.log(e.message);
        }
      });`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const status = await new Promise((resolve) => {
      const timer = setTimeout(() => child.kill(), 20000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    assert.equal(status, 0);
    assert.equal(out, 'Script execution timed out after 300ms\n');
    await fake.stop();
  });

  it('may be a worker thread', async () => {
    const fake = await startFake();
    const module = new URL('../../src/store/daemon/index.js', import.meta.url).href;
    const worker = new Worker(
      `import(${JSON.stringify(module)}).then(({ openDaemonStore }) => {
        const store = openDaemonStore({ socketPath: ${JSON.stringify(fake.socketPath)}, storeDir: '/nix/store' });
        const p = store.addTextToStore('t', 'hello', []).path;
        require('node:worker_threads').parentPort.postMessage(p);
        process.exit(0);
      });`,
      { eval: true },
    );
    const [posted] = (await new Promise((resolve) => worker.once('message', (m) => resolve([m])))) as [string];
    assert.equal(posted, '/nix/store/vqpn17r03lqabwk0wksgpbgy620zwfd4-t');
    // Ended without close(): the addition was still seen through.
    assert.deepEqual(ops(await fake.connection()), ['SetOptions', 'AddToStore']);
    await fake.stop();
  });
});
