// The CLI's bytecode cache: the Node one, in the user's cache folder, for
// the tsnix build that is running. TSNIX_BYTECODE_CACHE=0 (or off, false,
// no) turns it off. Unbundled runs (dist/ after a bare `tsc`, no
// dist/tsnix.cjs) have no build identity to key entries by and run uncached.

import { statSync } from 'node:fs';
import type { CodeCache } from '../io/io.js';
import { defaultCacheDir, NodeCodeCache } from '../io/node-code-cache.js';

const OFF = new Set(['0', 'off', 'false', 'no']);

/** The running bundle's size and mtime, or null when tsnix runs from its separate modules. */
function buildIdentity(): string | null {
  // The bundle is CommonJS: there, and only there, __filename is defined.
  if (typeof __filename !== 'string' || !__filename.endsWith('.cjs')) return null;
  try {
    const st = statSync(__filename);
    return `${__filename} ${st.size} ${st.mtimeMs}`;
  } catch {
    return null;
  }
}

/** The cache for this process, or undefined when it is off or has no folder. */
export function cliCodeCache(env: NodeJS.ProcessEnv = process.env): CodeCache | undefined {
  const setting = env['TSNIX_BYTECODE_CACHE'];
  if (setting !== undefined && OFF.has(setting.toLowerCase())) return undefined;
  const dir = defaultCacheDir(env);
  const build = buildIdentity();
  if (dir === null || build === null) return undefined;
  const cache = new NodeCodeCache(dir, build);
  return {
    load: (path, text, salt) => cache.load(path, text, salt),
    store: (path, text, salt, entry) => cache.store(path, text, salt, entry),
  };
}
