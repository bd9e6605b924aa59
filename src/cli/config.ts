// Nix's configuration, as CppNix 2.26 reads it before the command line:
//
//   $NIX_CONF_DIR/nix.conf (default /etc/nix/nix.conf)
//   $NIX_USER_CONF_FILES (colon-separated), else nix/nix.conf under
//     $XDG_CONFIG_DIRS and $XDG_CONFIG_HOME (default ~/.config)
//   $NIX_CONFIG (the text of a configuration file)
//
// Each is lines of `name = value`, `#` comments, and `include FILE` /
// `!include FILE` (the latter ignores a missing file). A source is read
// whole (a bad line fails before any of its settings applies), then its
// experimental features are set, then the rest, in order: later settings
// win, `extra-NAME = ...` adds to a list setting.

import type { IO } from '../io/io.js';
import { ConfigError, type Settings, UsageError } from './settings.js';

export type ConfigEntry = [name: string, value: string];

function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '.' : slash === 0 ? '/' : path.slice(0, slash);
}

const tokens = (line: string): string[] => line.split(/[ \t\n\r]+/).filter((w) => w !== '');

/**
 * The settings of configuration text, includes read in place through `io`;
 * `origin` is the file's path (relative includes are found beside it) or
 * `NIX_CONFIG`.
 */
export function parseConfig(text: string, origin: string, io: IO, depth = 0): ConfigEntry[] {
  const out: ConfigEntry[] = [];
  for (const raw of text.split('\n')) {
    const hash = raw.indexOf('#');
    const line = hash < 0 ? raw : raw.slice(0, hash);
    const words = tokens(line);
    if (words.length === 0) continue;
    if (words.length < 2) throw new UsageError(`syntax error in configuration line '${line}' in '${origin}'`);
    if (words[0] === 'include' || words[0] === '!include') {
      if (words.length !== 2) throw new UsageError(`syntax error in configuration line '${line}' in '${origin}'`);
      const file = words[1]!.startsWith('/') ? words[1]! : `${dirOf(origin)}/${words[1]!}`;
      if (!file.startsWith('/')) throw new ConfigError(`not an absolute path: '${file}'`);
      if (io.fileType(file) !== null) {
        if (depth < 32) out.push(...parseConfig(io.readFile(file), file, io, depth + 1));
      } else if (words[0] === 'include') throw new ConfigError(`file '${file}' included from '${origin}' not found`);
      continue;
    }
    if (words[1] !== '=') throw new UsageError(`syntax error in configuration line '${line}' in '${origin}'`);
    out.push([words[0]!, words.slice(2).join(' ')]);
  }
  return out;
}

/** Applies one source's settings: the experimental features first, so that the settings they allow can be set. */
export function applyConfig(settings: Settings, entries: ConfigEntry[]): void {
  const isXp = ([name]: ConfigEntry) => name === 'experimental-features' || name === 'extra-experimental-features';
  for (const entry of entries) if (isXp(entry)) settings.set(...entry);
  for (const entry of entries) if (!isXp(entry)) settings.set(...entry);
}

function applyConfigFile(settings: Settings, path: string, io: IO): void {
  let text: string;
  try {
    if (io.fileType(path) === null) return;
    text = io.readFile(path);
  } catch {
    return; // an unreadable file is skipped, as CppNix skips it
  }
  applyConfig(settings, parseConfig(text, path, io));
}

/** Applies the configuration files and $NIX_CONFIG to `settings`. */
export function loadNixConfig(settings: Settings, io: IO): void {
  const confDir = io.getEnv('NIX_CONF_DIR') ?? '/etc/nix';
  applyConfigFile(settings, `${confDir}/nix.conf`, io);
  const userFiles = io.getEnv('NIX_USER_CONF_FILES');
  let files: string[];
  if (userFiles !== undefined) files = userFiles.split(':').filter((f) => f !== '');
  else {
    const home = io.getEnv('XDG_CONFIG_HOME') ?? (io.getEnv('HOME') !== undefined ? `${io.getEnv('HOME')}/.config` : null);
    const dirs = (io.getEnv('XDG_CONFIG_DIRS') ?? '/etc/xdg').split(':').filter((d) => d !== '');
    files = [...(home !== null ? [home] : []), ...dirs].map((d) => `${d}/nix/nix.conf`);
  }
  // The first file is the most important: it is applied last.
  for (const file of [...files].reverse()) applyConfigFile(settings, file, io);
  const inline = io.getEnv('NIX_CONFIG');
  if (inline !== undefined) applyConfig(settings, parseConfig(inline, 'NIX_CONFIG', io));
}
