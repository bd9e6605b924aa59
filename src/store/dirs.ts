// Where CppNix's folders are, from the environment as CppNix 2.26 reads it
// (an empty variable counts as unset): the store (`NIX_STORE_DIR`, else
// `NIX_STORE`), the state folder (`NIX_STATE_DIR`: database, roots, locks),
// build logs (`NIX_LOG_DIR`), and the daemon's socket
// (`NIX_DAEMON_SOCKET_PATH`, else `<state>/daemon-socket/socket`).

import { canonicalisePath } from '../value/paths.js';

export interface NixDirs {
  storeDir: string;
  stateDir: string;
  logDir: string;
  daemonSocket: string;
}

export function nixDirs(getEnv: (name: string) => string | undefined): NixDirs {
  const env = (name: string): string | undefined => {
    const v = getEnv(name);
    return v === '' ? undefined : v;
  };
  const stateDir = canonicalisePath(env('NIX_STATE_DIR') ?? '/nix/var/nix');
  return {
    storeDir: canonicalisePath(env('NIX_STORE_DIR') ?? env('NIX_STORE') ?? '/nix/store'),
    stateDir,
    logDir: canonicalisePath(env('NIX_LOG_DIR') ?? '/nix/var/log/nix'),
    daemonSocket: env('NIX_DAEMON_SOCKET_PATH') ?? `${stateDir}/daemon-socket/socket`,
  };
}
