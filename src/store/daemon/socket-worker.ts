// The thread that owns the daemon's socket. Node has no blocking socket
// calls, and evaluation is synchronous, so the socket lives in a worker
// thread, whose event loop does the reading and writing, while the
// evaluating thread blocks on a shared counter until the worker has
// something for it (see channel.ts).
//
// The worker runs from the source text of `socketWorkerMain`, so that it
// needs no file of its own: that works from the compiled modules and from
// the CLI's single-file bundle alike. The function must therefore stand
// alone: no imports, no names from outside it.

/** Indices into the shared control array. */
export const SIGNAL = 0;
export const QUEUED = 1;
export const WRITTEN = 2;

/** What the worker tells the evaluating thread. */
export type FromWorker =
  | { type: 'open' }
  | { type: 'data'; bytes: Uint8Array }
  | { type: 'end' }
  | { type: 'error'; code: string; errno: number; message: string };

/** What the evaluating thread asks of the worker. */
export type ToWorker = { type: 'connect' } | { type: 'write'; bytes: Uint8Array } | { type: 'end' };

export interface WorkerSetup {
  socketPath: string;
  /**
   * [SIGNAL]: bumped (and notified) after each message posted; [QUEUED]:
   * bytes handed over, not yet written; [WRITTEN]: bumped (and notified)
   * after each write, for a writer waiting for QUEUED to go down.
   */
  control: Int32Array;
  port: import('node:worker_threads').MessagePort;
}

/** The worker's whole program: connects when asked, then relays bytes both ways until either side ends. */
export function socketWorkerMain(): void {
  // The builtin modules, without `import` (the function runs from its text).
  const host = process as unknown as { getBuiltinModule?: (id: string) => unknown };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- Node < 20.16 has no getBuiltinModule
  const load = (id: string): unknown => (host.getBuiltinModule ? host.getBuiltinModule(id) : require(id));
  const threads = load('node:worker_threads') as typeof import('node:worker_threads');
  const net = load('node:net') as typeof import('node:net');
  const { socketPath, control, port } = threads.workerData as WorkerSetup;
  const SIGNAL_AT = 0;
  const QUEUED_AT = 1;
  const WRITTEN_AT = 2;

  const signal = (): void => {
    Atomics.add(control, SIGNAL_AT, 1);
    Atomics.notify(control, SIGNAL_AT);
  };
  const post = (message: FromWorker, transfer: ArrayBuffer[] = []): void => {
    port.postMessage(message, transfer);
    signal();
  };

  // Connected only when asked: a daemon logs an error for a connection that ends before its handshake.
  let socket: import('node:net').Socket | null = null;
  // What the socket gave in one turn of the event loop goes as one message:
  // the daemon writes each reply on its own, and a burst of them is common.
  let chunks: Buffer[] = [];
  let size = 0;
  const flush = (): void => {
    if (size === 0) return;
    // A copy of just these bytes, moved rather than cloned (a chunk is a view into a larger buffer).
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    chunks = [];
    size = 0;
    post({ type: 'data', bytes }, [bytes.buffer as ArrayBuffer]);
  };
  const connect = (): import('node:net').Socket => {
    const s = net.connect(socketPath);
    s.on('connect', () => post({ type: 'open' }));
    s.on('data', (chunk: Buffer) => {
      if (size === 0) setImmediate(flush);
      chunks.push(chunk);
      size += chunk.length;
    });
    s.on('end', () => {
      flush();
      post({ type: 'end' });
    });
    s.on('error', (e: Error & { code?: string; errno?: number }) => {
      flush();
      post({ type: 'error', code: e.code ?? '', errno: e.errno ?? 0, message: e.message });
    });
    s.on('close', () => port.close());
    return s;
  };
  port.on('message', (message: ToWorker) => {
    if (message.type === 'connect') {
      socket ??= connect();
      return;
    }
    if (socket === null) return;
    if (message.type === 'end') {
      socket.end();
      return;
    }
    const n = message.bytes.length;
    socket.write(message.bytes, () => {
      Atomics.sub(control, QUEUED_AT, n);
      Atomics.add(control, WRITTEN_AT, 1);
      Atomics.notify(control, WRITTEN_AT);
    });
  });
}

/** The worker's program as source text. */
export const SOCKET_WORKER_SOURCE = `(${socketWorkerMain.toString()})();`;
