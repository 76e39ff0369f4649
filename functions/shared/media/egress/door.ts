/**
 * The egress door: a forward proxy on 127.0.0.1 that every tool reading a source goes through (ffprobe and
 * ffmpeg by `-http_proxy`, yt-dlp by `--proxy`, undici by a ProxyAgent). Each request or CONNECT tunnel
 * resolves its host once, checks every address, and connects to the checked one (through SOURCE_PROXY_URL
 * when set, which gets the name instead when this machine cannot resolve it); a redirect is a new request, so every hop is checked again. A door also caps the bytes read
 * and the time a source may take, and remembers the first refusal so the caller reports it, not the
 * tool's confused echo of it.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { InvalidSource, SourceUnreachable, type AudioSyncError } from '../../errors.js';
import type { PrivateSourcePolicy } from '../address-policy.js';
import { resolveAllowedHost, resolveForProxy, systemLookup, type LookupAll } from '../host-check.js';
import { openUpstream } from './upstream.js';

export interface DoorOptions {
  policy: PrivateSourcePolicy;
  lookup?: LookupAll;
  /** SOURCE_PROXY_URL: connections go through it (by name when this machine cannot resolve it). */
  upstream?: string;
  /** Bytes the source may send through this door, all requests together. */
  maxBytes?: number;
  /** Time from opening until the door shuts every connection. */
  deadlineMs?: number;
  /** Opens the connection to a checked address (or a name for the upstream); tests record where connections go. */
  connect?: (target: { address: string; port: number }) => Promise<Duplex>;
}

export interface EgressDoor {
  /** `http://127.0.0.1:<port>`: the proxy URL to hand to a tool. */
  readonly url: string;
  /** The first policy failure (refused address, too many bytes, deadline), if any. */
  readonly failure: AudioSyncError | undefined;
  /** Bytes the source sent through the door so far. */
  readonly bytesIn: number;
  /** The hosts:ports connected to: checked addresses, or names handed to the upstream (for logs and tests). */
  readonly connections: readonly string[];
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-authenticate',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function endToEnd(headers: IncomingMessage['headers']): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(key)) kept[key] = value;
  }
  return kept;
}

/** `host:port` of a CONNECT request line, IPv6 in brackets. */
function parseAuthority(authority: string): { hostname: string; port: number } | undefined {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(authority);
  if (!match) return undefined;
  const port = Number(match[2]);
  return port > 0 && port < 65536 ? { hostname: match[1]!, port } : undefined;
}

export async function openEgressDoor(options: DoorOptions): Promise<EgressDoor> {
  const lookup = options.lookup ?? systemLookup;
  const upstream = options.upstream ? new URL(options.upstream) : undefined;
  const connect = options.connect ?? ((target) => openUpstream(target, upstream));
  const sockets = new Set<Duplex>();
  const connections: string[] = [];
  let failure: AudioSyncError | undefined;
  let bytesIn = 0;
  let closed = false;

  const fail = (error: AudioSyncError) => {
    failure ??= error;
  };
  const shutAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  const track = <T extends Duplex>(socket: T): T => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    if (closed) socket.destroy();
    return socket;
  };
  const count = (bytes: number) => {
    bytesIn += bytes;
    if (options.maxBytes !== undefined && bytesIn > options.maxBytes) {
      fail(
        new InvalidSource(
          `The source sent more than ${Math.round(options.maxBytes / 1_048_576)} MB, the limit for one file`,
        ),
      );
      shutAll();
    }
  };

  /** Resolve once, check, connect to that address: the one place a source connection is made. */
  const dial = async (hostname: string, port: number): Promise<Duplex> => {
    if (failure) throw failure;
    let address: string;
    try {
      // Behind a source proxy a name this machine cannot resolve is the proxy's to resolve, in its network.
      address = upstream
        ? await resolveForProxy(hostname, options.policy, port, lookup)
        : (await resolveAllowedHost(hostname, options.policy, port, lookup)).address;
    } catch (error) {
      if (error instanceof InvalidSource) fail(error);
      throw error;
    }
    connections.push(`${address}:${port}`);
    try {
      return track(await connect({ address, port }));
    } catch (error) {
      throw new SourceUnreachable(`${hostname}:${port} could not be reached (${(error as Error).message})`, {
        cause: error,
      });
    }
  };

  const refuse = (res: ServerResponse, status: number, message: string) => {
    if (res.headersSent) return void res.destroy();
    res.writeHead(status, { 'content-type': 'text/plain', connection: 'close' }).end(`${message}\n`);
  };

  /** Absolute-URI requests (`GET http://host/path`): plain http, forwarded on a fresh checked connection. */
  const forward = async (req: IncomingMessage, res: ServerResponse) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      return refuse(res, 400, 'only absolute http:// URLs or CONNECT');
    }
    if (target.protocol !== 'http:') return refuse(res, 400, 'only absolute http:// URLs or CONNECT');
    let socket: Duplex;
    try {
      socket = await dial(target.hostname, Number(target.port || 80));
    } catch (error) {
      return refuse(res, error instanceof InvalidSource ? 403 : 502, (error as Error).message);
    }
    const outgoing = httpRequest({
      createConnection: () => socket as Socket,
      method: req.method,
      path: `${target.pathname}${target.search}`,
      headers: { ...endToEnd(req.headers), host: target.host },
    });
    outgoing.once('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
      answer.on('data', (chunk: Buffer) => count(chunk.length));
      answer.pipe(res);
      answer.once('error', () => res.destroy());
    });
    outgoing.once('error', (error) => refuse(res, 502, error.message));
    res.once('close', () => outgoing.destroy());
    req.pipe(outgoing);
  };

  /** CONNECT host:port (https, or anything a tool tunnels): a byte pipe to the checked address. */
  const tunnel = async (req: IncomingMessage, client: Duplex, head: Buffer) => {
    track(client);
    client.on('error', () => undefined);
    const authority = parseAuthority(req.url ?? '');
    if (!authority) return void client.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    let socket: Duplex;
    try {
      socket = await dial(authority.hostname, authority.port);
    } catch (error) {
      const status = error instanceof InvalidSource ? '403 Forbidden' : '502 Bad Gateway';
      return void client.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    }
    socket.on('error', () => client.destroy());
    client.on('close', () => socket.destroy());
    socket.on('close', () => client.destroy());
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) socket.write(head);
    socket.on('data', (chunk: Buffer) => count(chunk.length));
    socket.pipe(client);
    client.pipe(socket);
  };

  const server = createServer((req, res) => void forward(req, res));
  server.on(
    'connect',
    (req: IncomingMessage, client: Duplex, head: Buffer) => void tunnel(req, client, head),
  );
  server.on('connection', (socket: Socket) => track(socket));
  server.on('clientError', (_error, socket: Duplex) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // A door never keeps a process alive; its deadline shuts it even if nobody calls close().
  server.unref();
  const close = () =>
    new Promise<void>((resolve) => {
      closed = true;
      clearTimeout(deadline);
      shutAll();
      server.close(() => resolve());
    });
  const deadline = setTimeout(() => {
    const seconds = Math.round((options.deadlineMs ?? 0) / 1000);
    fail(new InvalidSource(`The source was too slow: it was not read within ${seconds} s`));
    void close();
  }, options.deadlineMs ?? 2_147_483_647);
  deadline.unref();

  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get failure() {
      return failure;
    },
    get bytesIn() {
      return bytesIn;
    },
    connections,
    close,
  };
}
