/**
 * A loopback forward proxy that terminates TLS for YouTube's hosts with a certificate from a CA made
 * here with openssl, and answers from the fake InnerTube/googlevideo. A process that trusts the CA
 * (NODE_EXTRA_CA_CERTS) and sets SOURCE_PROXY_URL to it talks to "YouTube" without leaving loopback.
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import { tempDirectory } from './media.js';

const run = promisify(execFile);

/** The hosts YouTube traffic goes to (i.ytimg.com: thumbnails, for cover art); CONNECTs elsewhere are refused. */
const HOSTS =
  /^(www\.youtube\.com|youtube\.com|youtubei\.googleapis\.com|[a-z0-9-]+\.googlevideo\.com|i\.ytimg\.com)$/;

export interface TlsProxy {
  /** http://127.0.0.1:port, for SOURCE_PROXY_URL. */
  url: string;
  /** The CA certificate file, for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  /** `host:port` of every CONNECT, in order (refused ones too). */
  connects: string[];
  close(): Promise<void>;
}

async function makeCertificates(directory: string): Promise<{ key: Buffer; cert: Buffer; caFile: string }> {
  const file = (name: string) => join(directory, name);
  const openssl = (args: string[]) => run('openssl', args);
  await openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=Audio Sync test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.crt'),
  ]);
  await openssl([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=www.youtube.com',
    '-keyout',
    file('leaf.key'),
    '-out',
    file('leaf.csr'),
  ]);
  writeFileSync(
    file('leaf.ext'),
    [
      'basicConstraints=CA:FALSE',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=DNS:www.youtube.com,DNS:youtube.com,DNS:youtubei.googleapis.com,DNS:*.googlevideo.com,DNS:i.ytimg.com',
    ].join('\n'),
  );
  await openssl([
    'x509',
    '-req',
    '-in',
    file('leaf.csr'),
    '-CA',
    file('ca.crt'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    file('leaf.ext'),
    '-out',
    file('leaf.crt'),
  ]);
  return {
    key: readFileSync(file('leaf.key')),
    cert: readFileSync(file('leaf.crt')),
    caFile: file('ca.crt'),
  };
}

export async function startTlsProxy(handler: RequestListener): Promise<TlsProxy> {
  const directory = tempDirectory('youtube-tls-proxy-');
  const { key, cert, caFile } = await makeCertificates(directory);
  const connects: string[] = [];
  const inner = createServer(handler);
  const proxy = createServer((_request, response) => {
    // Only CONNECT tunnels: plain-HTTP proxying would mean something skipped TLS.
    response.writeHead(405).end('CONNECT only');
  });
  proxy.on('connect', (request, socket, head) => {
    const target = request.url ?? '';
    connects.push(target);
    const [host, port] = target.split(':');
    if (!HOSTS.test(host ?? '') || port !== '443') {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n', () => {
      if (head.length > 0) socket.unshift(head);
      const tls = new TLSSocket(socket, { isServer: true, key, cert });
      tls.on('error', () => socket.destroy());
      inner.emit('connection', tls);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    caFile,
    connects,
    close: () =>
      new Promise<void>((resolve) => {
        proxy.closeAllConnections();
        inner.closeAllConnections();
        proxy.close(() => {
          rmSync(directory, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}
