// `tsnix playground [--port N]`: serves the playground (dist/web, built by
// `npm run build`) on 127.0.0.1 and prints its URL. A small static file
// server: GET and HEAD of the folder's files, nothing else. The page
// evaluates in the browser; the server only hands out files. The command
// ends (status 0) when the server is closed: Ctrl-C or SIGTERM.

import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stderr, stdout } from './output.js';
import { UsageError } from './args.js';

const USAGE = `usage: tsnix playground [--port N]

Serves the tsnix playground on http://127.0.0.1:N/ (8080 by default; 0
picks a free port) and prints its URL. Ctrl-C stops it.
`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.json': 'application/json',
};

/**
 * The built page: beside the bundled CLI (dist/tsnix.cjs: dist/web) or two
 * folders up from this module (dist/src/cli: dist/web).
 */
function webRoot(): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const dir of [path.join(here, 'web'), path.join(here, '..', '..', 'web')]) {
    if (fs.existsSync(path.join(dir, 'index.html'))) return dir;
  }
  return null;
}

function parsePort(args: string[]): number | 'help' {
  let port = 8080;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    const value = arg === '--port' ? args[++i] : arg.startsWith('--port=') ? arg.slice('--port='.length) : undefined;
    if (value === undefined) {
      throw new UsageError(arg === '--port' ? "flag '--port' requires 1 argument" : `unrecognised flag '${arg}'`);
    }
    port = Number(value);
    if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`'${value}' is not a port number`);
  }
  return port;
}

/** The file a request path names, inside `root`; null for anything outside it or not a file. */
function fileFor(root: string, url: string): string | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url, 'http://localhost').pathname);
  } catch {
    return null;
  }
  const file = path.join(root, path.normalize(pathname.endsWith('/') ? pathname + 'index.html' : pathname));
  if (!file.startsWith(root + path.sep)) return null;
  try {
    return fs.statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

function serve(root: string, req: http.IncomingMessage, res: http.ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const file = fileFor(root, req.url ?? '/');
  if (file === null) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
    return;
  }
  const body = fs.readFileSync(file);
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Content-Length': body.length,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

export function runPlayground(args: string[]): Promise<number> {
  const port = parsePort(args);
  if (port === 'help') {
    stdout(USAGE);
    return Promise.resolve(0);
  }
  const root = webRoot();
  if (root === null) {
    stderr("error: the playground is not built: run 'npm run build' in tsnix's folder\n");
    return Promise.resolve(1);
  }
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => serve(root, req, res));
    const close = (): void => {
      server.close();
      server.closeAllConnections();
    };
    server.on('error', (e: NodeJS.ErrnoException) => {
      stderr(`error: cannot serve the playground on 127.0.0.1:${port}: ${e.code === 'EADDRINUSE' ? 'the port is in use' : e.message}\n`);
      resolve(1);
    });
    server.on('close', () => {
      process.off('SIGINT', close);
      process.off('SIGTERM', close);
      resolve(0);
    });
    server.listen(port, '127.0.0.1', () => {
      const { port: actual } = server.address() as AddressInfo;
      stdout(`tsnix playground: http://127.0.0.1:${actual}/\n`);
      process.on('SIGINT', close);
      process.on('SIGTERM', close);
    });
  });
}
