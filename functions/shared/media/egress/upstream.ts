/**
 * Opens a TCP connection to an address the door already checked: directly, or through SOURCE_PROXY_URL
 * (HTTP CONNECT over http/https, or SOCKS5) to that same address; only a name this machine could not
 * resolve reaches the proxy as a name, for it to resolve.
 */
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { Duplex } from 'node:stream';

export interface UpstreamTarget {
  /** A checked IP address; a host name only when it goes to the upstream proxy. */
  address: string;
  port: number;
}

const CONNECT_TIMEOUT_MS = 15_000;

function connected(socket: Socket, event: 'connect' | 'secureConnect'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => socket.destroy(new Error('connect timed out')), CONNECT_TIMEOUT_MS);
    socket.once(event, () => {
      clearTimeout(timer);
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Reads from the socket until `done(buffer)` says how many bytes the handshake answer took. */
function readAnswer(socket: Socket, done: (buffer: Buffer) => number | undefined): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const length = done(buffer);
      if (length === undefined) {
        if (buffer.length > 16_384) finish(new Error('proxy answer too long'));
        return;
      }
      finish();
      // Anything after the handshake answer belongs to the tunnel.
      if (buffer.length > length) socket.unshift(buffer.subarray(length));
      resolve(buffer.subarray(0, length));
    };
    const onEnd = () => finish(new Error('proxy closed the connection'));
    const finish = (error?: Error) => {
      socket.off('data', onData).off('error', finish).off('end', onEnd);
      if (error) reject(error);
    };
    socket.on('data', onData).once('error', finish).once('end', onEnd);
  });
}

const hostPort = ({ address, port }: UpstreamTarget) =>
  isIP(address) === 6 ? `[${address}]:${port}` : `${address}:${port}`;

async function httpConnect(proxy: URL, target: UpstreamTarget): Promise<Socket> {
  const port = Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80));
  const socket =
    proxy.protocol === 'https:'
      ? await connected(
          tlsConnect({ host: proxy.hostname, port, servername: proxy.hostname }),
          'secureConnect',
        )
      : await connected(netConnect({ host: proxy.hostname, port }), 'connect');
  const auth = proxy.username
    ? `Proxy-Authorization: Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}\r\n`
    : '';
  socket.write(`CONNECT ${hostPort(target)} HTTP/1.1\r\nHost: ${hostPort(target)}\r\n${auth}\r\n`);
  const answer = await readAnswer(socket, (buffer) => {
    const end = buffer.indexOf('\r\n\r\n');
    return end < 0 ? undefined : end + 4;
  });
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(answer.toString('latin1'))?.[1];
  if (status !== '200') {
    socket.destroy();
    throw new Error(`the source proxy refused CONNECT (${status ?? 'no status'})`);
  }
  return socket;
}

function socksAddress(address: string): Buffer {
  if (isIP(address) === 0) {
    const name = Buffer.from(address, 'ascii');
    if (name.length > 255) throw new Error('host name too long for SOCKS5');
    return Buffer.concat([Buffer.from([0x03, name.length]), name]);
  }
  if (isIP(address) === 4) return Buffer.from([0x01, ...address.split('.').map(Number)]);
  const words = new URL(`http://[${address}]`).hostname.slice(1, -1);
  const full = words.includes('::')
    ? (() => {
        const [head = '', tail = ''] = words.split('::');
        const front = head ? head.split(':') : [];
        const back = tail ? tail.split(':') : [];
        return [...front, ...new Array<string>(8 - front.length - back.length).fill('0'), ...back];
      })()
    : words.split(':');
  const bytes = full.flatMap((word) => {
    const value = Number.parseInt(word, 16);
    return [value >> 8, value & 255];
  });
  return Buffer.from([0x04, ...bytes]);
}

/** SOCKS5 (RFC 1928) CONNECT to an address, with username/password auth (RFC 1929) when the URL has it. */
async function socksConnect(proxy: URL, target: UpstreamTarget): Promise<Socket> {
  const socket = await connected(
    netConnect({ host: proxy.hostname, port: Number(proxy.port || 1080) }),
    'connect',
  );
  const user = decodeURIComponent(proxy.username);
  const password = decodeURIComponent(proxy.password);
  socket.write(Buffer.from(user ? [0x05, 0x01, 0x02] : [0x05, 0x01, 0x00]));
  const method = await readAnswer(socket, (buffer) => (buffer.length >= 2 ? 2 : undefined));
  if (method[1] === 0x02) {
    socket.write(
      Buffer.concat([
        Buffer.from([0x01, user.length]),
        Buffer.from(user),
        Buffer.from([password.length]),
        Buffer.from(password),
      ]),
    );
    const auth = await readAnswer(socket, (buffer) => (buffer.length >= 2 ? 2 : undefined));
    if (auth[1] !== 0x00) throw new Error('the source proxy refused the credentials');
  } else if (method[1] !== 0x00) {
    throw new Error('the source proxy accepts no authentication method we offer');
  }
  const port = Buffer.from([target.port >> 8, target.port & 255]);
  socket.write(Buffer.concat([Buffer.from([0x05, 0x01, 0x00]), socksAddress(target.address), port]));
  const reply = await readAnswer(socket, (buffer) => {
    if (buffer.length < 5) return undefined;
    const length = buffer[3] === 0x01 ? 10 : buffer[3] === 0x04 ? 22 : 7 + buffer[4]!;
    return buffer.length >= length ? length : undefined;
  });
  if (reply[1] !== 0x00) {
    socket.destroy();
    throw new Error(`the source proxy refused the connection (SOCKS reply ${reply[1]})`);
  }
  return socket;
}

/** A connected socket to the checked address, through the upstream proxy when one is set. */
export async function openUpstream(target: UpstreamTarget, proxy?: URL): Promise<Duplex> {
  if (!proxy && isIP(target.address) === 0)
    throw new Error('a host name needs the source proxy to resolve it');
  if (!proxy) return connected(netConnect({ host: target.address, port: target.port }), 'connect');
  if (proxy.protocol === 'http:' || proxy.protocol === 'https:') return httpConnect(proxy, target);
  return socksConnect(proxy, target);
}
