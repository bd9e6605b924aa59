// Which store a command uses: store URIs read and chosen as CppNix 2.26
// reads and chooses them (the forms and messages checked against it).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { WritableIO } from '../../src/io/io.js';
import { NodeIO } from '../../src/io/node-io.js';
import { parseStoreReference, selectStore, type StoreOptions, StoreUsageError } from '../../src/store/open.js';
import { StoreError } from '../../src/store/store.js';
import { removeTree } from './store-helpers.js';

let root = '';
before(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tsnix-open-')));
});
after(() => removeTree(root));

const ref = (uri: string) => {
  const r = parseStoreReference(uri, '/work/dir');
  return [r.scheme, r.authority, Object.fromEntries(r.params)];
};

describe('store URIs', () => {
  it('are read as CppNix reads them', () => {
    assert.deepEqual(ref('auto'), ['auto', '', {}]);
    assert.deepEqual(ref(''), ['auto', '', {}]);
    assert.deepEqual(ref('auto?root=/r'), ['auto', '', { root: '/r' }]);
    assert.deepEqual(ref('daemon'), ['unix', '', {}]);
    assert.deepEqual(ref('local'), ['local', '', {}]);
    assert.deepEqual(ref('local?root=/a%20b&state=/s'), ['local', '', { root: '/a b', state: '/s' }]);
    assert.deepEqual(ref('/x/./y/../z'), ['local', '/x/z', {}]);
    assert.deepEqual(ref('./x?real=/r'), ['local', '/work/dir/x', { real: '/r' }]);
    assert.deepEqual(ref('unix:///run/s'), ['unix', '/run/s', {}]);
    assert.deepEqual(ref('unix://'), ['unix', '', {}]);
    assert.deepEqual(ref('local:///r'), ['local', '/r', {}]);
    assert.deepEqual(ref('dummy://'), ['dummy', '', {}]);
    assert.deepEqual(ref('dummy://?store=/s'), ['dummy', '', { store: '/s' }]);
    assert.deepEqual(ref('dummy://x'), ['dummy', 'x', {}]);
    assert.deepEqual(ref('foo:bar'), ['foo', 'bar', {}]);
    assert.deepEqual(ref('ssh://host'), ['ssh', 'host', {}]);
  });

  it('a word that is none of them is a usage error', () => {
    assert.throws(
      () => parseStoreReference('bogus', '/'),
      (e: unknown) => e instanceof StoreUsageError && e.message === "Cannot parse Nix store 'bogus'",
    );
    assert.throws(() => parseStoreReference('dummy', '/'), StoreUsageError);
  });

  it('a query part without `=` is warned about and left out', () => {
    const warnings: string[] = [];
    const r = parseStoreReference('local?x&root=/r', '/', (m) => warnings.push(m));
    assert.deepEqual(Object.fromEntries(r.params), { root: '/r' });
    assert.deepEqual(warnings, ["dubious URI query 'x' is missing equal sign '=', ignoring"]);
  });
});

/** Options for selectStore with this environment; the warnings given are collected in `warnings`. */
function options(uri: string, env: Record<string, string>, warnings: string[] = []): StoreOptions {
  return {
    uri,
    getEnv: (name) => env[name],
    cwd: root,
    settings: { fsyncMetadata: true, useSqliteWal: true, reservedSpace: 0, allowSymlinkedStore: false, experimentalFeatures: new Set() },
    io: new NodeIO() as NodeIO & WritableIO,
    warn: (m) => warnings.push(m),
    log: () => {},
  };
}

describe('choosing the store', () => {
  it('takes the store folder from the environment, or the `store` parameter', () => {
    assert.equal(selectStore(options('dummy://', {})).storeDir, '/nix/store');
    assert.equal(selectStore(options('dummy://', { NIX_STORE_DIR: '/a//b/' })).storeDir, '/a/b');
    assert.equal(selectStore(options('dummy://', { NIX_STORE: '/c' })).storeDir, '/c');
    assert.equal(selectStore(options('dummy://', { NIX_STORE_DIR: '', NIX_STORE: '/c' })).storeDir, '/c');
    assert.equal(selectStore(options('dummy://?store=/d', { NIX_STORE_DIR: '/a' })).storeDir, '/d');
    assert.equal(selectStore(options('local?root=/r', { NIX_STORE_DIR: '/a' })).storeDir, '/a');
    assert.throws(() => selectStore(options('dummy://?store=rel', {})), /not an absolute path: 'rel'/);
  });

  it('a dummy store computes paths, and in read-write mode refuses additions as CppNix’s does', () => {
    const s = selectStore(options('dummy://', {}));
    assert.equal(s.kind, 'dummy');
    assert.equal(
      s.open({ readWrite: false, now: true }).addTextToStore('t', 'hello', []).path,
      '/nix/store/vqpn17r03lqabwk0wksgpbgy620zwfd4-t',
    );
    const rw = s.open({ readWrite: true, now: true });
    assert.throws(
      () => rw.addTextToStore('t', 'hello', []),
      (e: unknown) => e instanceof StoreError && e.message === "operation 'addToStore' is not supported by store 'dummy'",
    );
    assert.equal(rw.addPermRoot('/nix/store/x', '/tmp/r'), '/nix/store/x');
    assert.throws(
      () => selectStore(options('dummy://x', {})),
      (e: unknown) => e instanceof StoreUsageError && e.message === '`dummy` store URIs must not contain an authority part x',
    );
  });

  it('rejects schemes it does not know, and those tsnix lacks', () => {
    assert.throws(
      () => selectStore(options('bogus://x', {})),
      (e: unknown) => e instanceof StoreError && e.message === "don't know how to open Nix store with scheme 'bogus'",
    );
    assert.throws(() => selectStore(options('ssh://host', {})), /tsnix does not support 'ssh' stores yet/);
  });

  it('warns about parameters the store does not have', () => {
    const warnings: string[] = [];
    selectStore(options('local?foo=1&root=/r', {}, warnings));
    assert.deepEqual(warnings, ["unknown setting 'foo'"]);
  });

  it('auto: the local store where the state folder can be written, else the daemon when its socket exists', () => {
    const state = path.join(root, 'state');
    fs.mkdirSync(state);
    assert.equal(selectStore(options('auto', { NIX_STATE_DIR: state })).kind, 'local');
    // A state folder that cannot be reached (a file in the way) cannot be written, even by root.
    fs.writeFileSync(path.join(root, 'file'), '');
    const socket = path.join(root, 'socket');
    fs.writeFileSync(socket, '');
    const unreachable = { NIX_STATE_DIR: path.join(root, 'file', 'var'), NIX_DAEMON_SOCKET_PATH: socket };
    assert.equal(selectStore(options('auto', unreachable)).kind, 'daemon');
    assert.equal(selectStore(options('', { ...unreachable, NIX_DAEMON_SOCKET_PATH: path.join(root, 'none') })).kind, 'local');
    assert.equal(selectStore(options('daemon', {})).kind, 'daemon');
    assert.equal(selectStore(options('unix:///x', {})).kind, 'daemon');
  });

  it('a chroot store keeps its files, state and database below its root', () => {
    const r = path.join(root, 'chroot');
    const store = selectStore(options(`local?root=${r}`, { NIX_STORE_DIR: '/nix/store' })).open({ readWrite: true, now: true });
    try {
      const info = store.addTextToStore('t', 'hello', []);
      assert.equal(info.path, '/nix/store/vqpn17r03lqabwk0wksgpbgy620zwfd4-t');
      assert.equal(fs.readFileSync(path.join(r, info.path), 'latin1'), 'hello');
      assert.ok(fs.existsSync(path.join(r, 'nix/var/nix/db/db.sqlite')));
      assert.ok(store.isValidPath(info.path));
    } finally {
      store.close();
    }
    // A path with a slash is one too.
    const bare = path.join(root, 'bare');
    const s2 = selectStore(options('./bare', {})).open({ readWrite: true, now: true });
    s2.close();
    assert.ok(fs.existsSync(path.join(bare, 'nix/var/nix/db/db.sqlite')));
  });
});
