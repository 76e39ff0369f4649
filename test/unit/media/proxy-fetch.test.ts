import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceFetch } from '../../../functions/shared/media/proxy-fetch.js';
import { startMediaServer, type MediaServer } from '../../support/media.js';

/** A minimal CONNECT proxy on loopback that records the targets it tunnelled to. */
async function startConnectProxy(): Promise<{ url: string; targets: string[]; server: Server }> {
  const targets: string[] = [];
  const server = createServer((_request, response) => void response.writeHead(405).end());
  server.on('connect', (request, client, head) => {
    targets.push(request.url ?? '');
    const [host, port] = (request.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).on('error', () => undefined);
      client.pipe(upstream).on('error', () => undefined);
    });
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, targets, server };
}

describe('sourceFetch', () => {
  let media: MediaServer;
  let proxy: Awaited<ReturnType<typeof startConnectProxy>>;

  beforeAll(async () => {
    media = await startMediaServer();
    media.route(
      '/echo',
      (request, response) =>
        void response.writeHead(200).end(`${request.method} ${request.headers['x-test'] ?? ''}`),
    );
    proxy = await startConnectProxy();
  });
  afterAll(async () => {
    await media.close();
    proxy.server.closeAllConnections();
    await new Promise((resolve) => proxy.server.close(resolve));
  });

  it('uses the global fetch when no proxy is set', () => {
    expect(sourceFetch(undefined)).toBe(globalThis.fetch);
    expect(sourceFetch('socks5://proxy.example:1080')).toBe(globalThis.fetch);
  });

  it('sends requests, including youtubei.js-style Request objects, through an http proxy', async () => {
    const fetch = sourceFetch(proxy.url);
    const request = new Request(media.url('/echo'), { method: 'POST' });
    // youtubei.js passes the method on the Request and the body and headers in init.
    const response = await fetch(request, { body: 'x', headers: { 'x-test': 'kept' }, redirect: 'follow' });
    expect(await response.text()).toBe('POST kept');
    expect(proxy.targets).toEqual([new URL(media.url('/')).host]);
  });
});
