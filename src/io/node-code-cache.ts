// The bytecode cache on Node: one file per entry in a folder, CppNix's
// convention for its own caches ($XDG_CACHE_HOME/tsnix, else
// ~/.cache/tsnix). An entry's name is the SHA-256 of everything it is keyed
// by; its contents start with a header that repeats that key and holds the
// SHA-256 of the rest, so a truncated, damaged or foreign file is ignored.
// Entries are written to a temporary name and renamed, so a reader never
// sees half of one, whatever other tsnix processes are doing.

import * as fs from 'node:fs';
import type { CodeCache } from './io.js';

/** node:crypto, loaded when first needed (as store/digest.ts does): a run without imports does without it. */
const createHash: typeof import('node:crypto').createHash = (algorithm) => process.getBuiltinModule('node:crypto').createHash(algorithm);

const MAGIC = 'TSNIXBC1';
/** Magic, the key and the SHA-256 of the payload, both in hex. */
const HEADER = MAGIC.length + 64 + 64;

/** The cache folder for this environment, or null when there is no home to put it in. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg !== undefined && xdg.startsWith('/')) return `${xdg}/tsnix/bytecode`;
  const home = env['HOME'];
  return home !== undefined && home !== '' ? `${home}/.cache/tsnix/bytecode` : null;
}

export class NodeCodeCache implements CodeCache {
  /** Counts, for tests and `--verbose`-style reports. */
  hits = 0;
  misses = 0;
  writes = 0;
  /** Whether the folder is known to be unusable (not writable): no more attempts. */
  private broken = false;
  private madeDir = false;
  private readonly salts = new Map<string, string>();

  constructor(
    /** The folder entries go in (made when first written to). */
    readonly dir: string,
    /** The identity of the running tsnix: entries of another build are never read. */
    private readonly build: string,
  ) {}

  private key(path: string, text: string, salt: string): string {
    let s = this.salts.get(salt);
    if (s === undefined) {
      s = createHash('sha256').update(this.build).update('\0').update(salt).digest('hex');
      this.salts.set(salt, s);
    }
    return createHash('sha256').update(s).update('\0').update(path, 'latin1').update('\0').update(text, 'latin1').digest('hex');
  }

  load(path: string, text: string, salt: string): string | null {
    const key = this.key(path, text, salt);
    let data: string;
    try {
      data = fs.readFileSync(`${this.dir}/${key}`, 'latin1');
    } catch {
      this.misses++;
      return null;
    }
    const sound =
      data.length >= HEADER &&
      data.startsWith(MAGIC) &&
      data.slice(MAGIC.length, MAGIC.length + 64) === key &&
      createHash('sha256').update(data.slice(HEADER), 'latin1').digest('hex') === data.slice(MAGIC.length + 64, HEADER);
    if (!sound) {
      this.misses++;
      return null;
    }
    this.hits++;
    return data.slice(HEADER);
  }

  store(path: string, text: string, salt: string, entry: Uint8Array): void {
    if (this.broken) return;
    const key = this.key(path, text, salt);
    const file = `${this.dir}/${key}`;
    const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    try {
      if (!this.madeDir) {
        fs.mkdirSync(this.dir, { recursive: true, mode: 0o755 });
        this.madeDir = true;
      }
      const digest = createHash('sha256').update(entry).digest('hex');
      fs.writeFileSync(temp, Buffer.concat([Buffer.from(MAGIC + key + digest, 'latin1'), entry]));
      fs.renameSync(temp, file);
      this.writes++;
    } catch {
      // Not writable (or full): evaluation goes on uncached, and stops trying.
      this.broken = true;
      try {
        fs.rmSync(temp, { force: true });
      } catch {
        // nothing was written
      }
    }
  }
}
