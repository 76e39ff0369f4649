/** Loopback servers for the hostile-source suite: an allowed origin the test scripts, and an internal one that must stay untouched. */
import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { promisify } from 'node:util';
import type { LookupAll } from '../../functions/shared/media/host-check.js';

export const run = promisify(execFile);

export interface LoopbackServer {
  host: string;
  port: number;
  /** `host:port`, as ALLOW_PRIVATE_SOURCES lists it. */
  endpoint: string;
  url(path: string): string;
  /** Requests (and CONNECTs) received. */
  readonly requests: number;
  close(): Promise<void>;
}

export async function startLoopbackServer(
  host: string,
  handler: (request: IncomingMessage, response: ServerResponse) => void = (_q, response) =>
    void response.writeHead(200, { 'content-type': 'audio/mp4' }).end('internal secret'),
): Promise<LoopbackServer & { server: Server }> {
  let requests = 0;
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    requests++;
    handler(request, response);
  });
  server.on('connect', (_request, socket: Socket) => {
    requests++;
    socket.destroy();
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    host,
    port,
    endpoint: `${host}:${port}`,
    url: (path) => `http://${host}:${port}${path}`,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A fixed name → address map: what DNS would say for the suite's made-up names. */
export function namesResolver(names: Record<string, string>): LookupAll {
  return async (hostname) => {
    const address = names[hostname];
    if (!address) throw Object.assign(new Error(`${hostname} not found`), { code: 'ENOTFOUND' });
    return [{ address, family: address.includes(':') ? 6 : 4 }];
  };
}

/** Answers `first` once, then `later` for ever: the DNS-rebinding attacker's resolver. */
export function rebindingResolver(first: string, later: string): LookupAll & { calls: number } {
  const resolver = Object.assign(
    async () => {
      resolver.calls++;
      return [{ address: resolver.calls === 1 ? first : later, family: 4 }];
    },
    { calls: 0 },
  );
  return resolver;
}

/** Sends a file's bytes (with Range support), as a plain static server would. */
export function sendBytes(
  request: IncomingMessage,
  response: ServerResponse,
  bytes: Buffer,
  type: string,
): void {
  const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
  if (range) {
    const start = Number(range[1]);
    const end = range[2] ? Math.min(Number(range[2]), bytes.length - 1) : bytes.length - 1;
    if (start >= bytes.length) return void response.writeHead(416).end();
    response.writeHead(206, {
      'content-type': type,
      'content-length': end - start + 1,
      'content-range': `bytes ${start}-${end}/${bytes.length}`,
      'accept-ranges': 'bytes',
    });
    return void response.end(bytes.subarray(start, end + 1));
  }
  response.writeHead(200, { 'content-type': type, 'content-length': bytes.length, 'accept-ranges': 'bytes' });
  response.end(bytes);
}
