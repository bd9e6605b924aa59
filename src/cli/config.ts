// Nix's configuration, as CppNix reads it before the command line:
//
//   $NIX_CONF_DIR/nix.conf (default /etc/nix/nix.conf)
//   $NIX_USER_CONF_FILES (colon-separated), else nix/nix.conf under
//     $XDG_CONFIG_DIRS and $XDG_CONFIG_HOME (default ~/.config)
//   $NIX_CONFIG (the text of a configuration file)
//
// Each is lines of `name = value`, `#` comments, and `include FILE` /
// `!include FILE` (the latter ignores a missing file). Later settings win;
// `extra-NAME = ...` adds to a list setting instead of replacing it.
// Settings are returned in order, for the caller to apply those it knows.

import type { IO } from '../io/io.js';

export type ConfigEntry = [name: string, value: string];

function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

/** Parses configuration text; `include`s are read through `io` relative to `dir`. */
export function parseConfig(text: string, dir: string, io: IO, depth = 0): ConfigEntry[] {
  const out: ConfigEntry[] = [];
  for (const raw of text.split('\n')) {
    const hash = raw.indexOf('#');
    const line = (hash < 0 ? raw : raw.slice(0, hash)).trim();
    if (line === '') continue;
    const words = line.split(/\s+/);
    if ((words[0] === 'include' || words[0] === '!include') && words.length === 2) {
      if (depth > 16) continue;
      const file = words[1]!.startsWith('/') ? words[1]! : `${dir}/${words[1]!}`;
      if (io.fileType(file) === null) continue;
      out.push(...parseConfig(io.readFile(file), dirOf(file), io, depth + 1));
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    out.push([line.slice(0, eq).trim(), line.slice(eq + 1).trim()]);
  }
  return out;
}

function readConfigFile(path: string, io: IO): ConfigEntry[] {
  if (io.fileType(path) === null) return [];
  try {
    return parseConfig(io.readFile(path), dirOf(path), io);
  } catch {
    return [];
  }
}

/** Every setting from the configuration files and $NIX_CONFIG, in the order they apply. */
export function loadNixConfig(io: IO): ConfigEntry[] {
  const out: ConfigEntry[] = [];
  const confDir = io.getEnv('NIX_CONF_DIR') ?? '/etc/nix';
  out.push(...readConfigFile(`${confDir}/nix.conf`, io));
  const userFiles = io.getEnv('NIX_USER_CONF_FILES');
  if (userFiles !== undefined) {
    for (const file of userFiles.split(':')) if (file !== '') out.push(...readConfigFile(file, io));
  } else {
    const dirs = (io.getEnv('XDG_CONFIG_DIRS') ?? '/etc/xdg').split(':').filter((d) => d !== '');
    const home = io.getEnv('XDG_CONFIG_HOME') ?? (io.getEnv('HOME') !== undefined ? `${io.getEnv('HOME')}/.config` : null);
    // Later files win: system folders first (the first listed is the most important), then the user's.
    for (const dir of dirs.reverse()) out.push(...readConfigFile(`${dir}/nix/nix.conf`, io));
    if (home !== null) out.push(...readConfigFile(`${home}/nix/nix.conf`, io));
  }
  const inline = io.getEnv('NIX_CONFIG');
  if (inline !== undefined) out.push(...parseConfig(inline, io.cwd(), io));
  return out;
}
