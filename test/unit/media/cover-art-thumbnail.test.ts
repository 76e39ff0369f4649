import { execFile } from 'node:child_process';
import { probePicture } from '../../support/probe-media.js';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Duplex } from 'node:stream';
import { createServer } from 'node:http';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { logger } from '../../../functions/shared/logger.js';
import { prepareCoverArt, type CoverArtDeps } from '../../../functions/shared/media/cover-art.js';
import { thumbnailCandidates } from '../../../functions/shared/media/cover-art/thumbnail.js';
import { youtubeiDriver } from '../../../functions/shared/media/youtube/youtubei-driver.js';
import { startMediaServer, tempDirectory, type MediaServer } from '../../support/media.js';
import { generatePicture } from '../../support/pictured-media.js';
import { startFakeYoutube } from '../../support/youtube-fake.js';
import { CASES } from '../../support/youtube-recorded.js';

const run = promisify(execFile);

const pictureShape = probePicture;

let server: MediaServer;
let other: MediaServer;
const connections: string[] = [];
/** Records every connection the door makes, then makes it. */
const connect = async ({ address, port }: { address: string; port: number }): Promise<Duplex> => {
  connections.push(`${address}:${port}`);
  const socket = netConnect({ host: address, port });
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return socket;
};

const deps = (overrides: Partial<CoverArtDeps> = {}): CoverArtDeps => ({
  ffmpegPath: 'ffmpeg',
  config: { ALLOW_PRIVATE_SOURCES: true },
  connect,
  ...overrides,
});

beforeAll(async () => {
  server = await startMediaServer();
  other = await startMediaServer();
  const directory = tempDirectory();
  server.serveFile('/wide.jpg', await generatePicture(directory, 640, 360, 'jpg'), 'image/jpeg');
  // Black sides, a white middle third: only a centred square is all white.
  const banded = `${directory}/banded.png`;
  await run('ffmpeg', [
    ...['-v', 'error', '-f', 'lavfi', '-i', 'color=black:size=300x100'],
    ...['-vf', 'drawbox=x=100:y=0:w=100:h=100:color=white:t=fill', '-frames:v', '1', banded],
  ]);
  server.serveFile('/banded.png', banded, 'image/png');
  server.serveFile('/private.jpg', await generatePicture(directory, 32, 32, 'jpg'), 'image/jpeg');
  server.serveFile('/big.png', await generatePicture(directory, 1600, 1200, 'png'), 'image/png');
  server.serveFile('/tall.webp', await generatePicture(directory, 301, 500, 'webp'), 'image/webp');
  other.serveFile('/elsewhere.jpg', await generatePicture(directory, 64, 64, 'jpg'), 'image/jpeg');
  server.route('/page', (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' }).end('<html>not a picture</html>');
  });
  server.route('/lying.jpg', (_request, response) => {
    response.writeHead(200, { 'content-type': 'image/jpeg' }).end('<html>not a picture</html>');
  });
  server.route('/huge.jpg', (_request, response) => {
    // No Content-Length: the cap must hold while reading, not only on the header.
    response.writeHead(200, { 'content-type': 'image/jpeg' });
    response.end(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(3 * 1024 * 1024)]));
  });
  server.route('/gone.jpg', (_request, response) => void response.writeHead(404).end());
  server.route('/slow.jpg', () => undefined);
  server.route('/away.jpg', (_request, response) => {
    response.writeHead(302, { location: other.url('/elsewhere.jpg') }).end();
  });
});
afterAll(async () => {
  await server.close();
  await other.close();
});
afterEach(() => {
  connections.splice(0);
  vi.restoreAllMocks();
});

describe('prepareCoverArt from a thumbnail URL', () => {
  it.each([
    ['/wide.jpg', 'a 640×360 JPEG', 360],
    ['/big.png', 'a 1600×1200 PNG, shrunk to the largest cover', 1000],
    ['/tall.webp', 'a 301×500 WebP, cut to even sides', 300],
  ])('cuts %s (%s) to a centred square JPEG', async (path, _what, side) => {
    const cover = await prepareCoverArt({ kind: 'thumbnail', url: server.url(path) }, deps());
    expect(cover).toBeDefined();
    await expect(pictureShape(cover!.path)).resolves.toEqual({
      codec_name: 'mjpeg',
      width: side,
      height: side,
    });
    // A JPEG on disk, alone in a private folder that cleanup removes.
    expect(readFileSync(cover!.path).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    await cover!.cleanup();
    expect(existsSync(dirname(cover!.path))).toBe(false);
  });

  it('keeps the centre of a wide picture', async () => {
    const cover = await prepareCoverArt({ kind: 'thumbnail', url: server.url('/banded.png') }, deps());
    const { stdout } = await run(
      'ffmpeg',
      [
        '-v',
        'error',
        '-i',
        cover!.path,
        '-vf',
        'scale=1:1:flags=area',
        '-f',
        'rawvideo',
        '-pix_fmt',
        'gray',
        '-',
      ],
      { encoding: 'buffer' },
    );
    await cover!.cleanup();
    // The mean of the whole cover: white throughout (a left-aligned crop would be two-thirds black).
    expect(stdout[0]).toBeGreaterThan(240);
  });

  it('fetches through the egress door, which connects to the checked address', async () => {
    const cover = await prepareCoverArt({ kind: 'thumbnail', url: server.url('/wide.jpg') }, deps());
    await cover?.cleanup();
    expect(connections).toEqual([new URL(server.url('/')).host]);
  });

  it('goes through SOURCE_PROXY_URL when one is set, asking it for the checked address', async () => {
    const tunnels: string[] = [];
    const proxy = createServer((_request, response) => void response.writeHead(405).end());
    proxy.on('connect', (request, client, head) => {
      tunnels.push(request.url ?? '');
      const [host, port] = (request.url ?? '').split(':');
      const upstream = netConnect({ host, port: Number(port) }, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length) upstream.write(head);
        upstream.pipe(client).pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const through = deps({
        config: { ALLOW_PRIVATE_SOURCES: true, SOURCE_PROXY_URL: proxyUrl },
        connect: undefined,
      });
      const cover = await prepareCoverArt({ kind: 'thumbnail', url: server.url('/wide.jpg') }, through);
      expect(cover).toBeDefined();
      await cover!.cleanup();
      expect(tunnels).toEqual([new URL(server.url('/')).host]);
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('refuses a private address the policy refuses, before any request, and logs no URL', async () => {
    const warn = vi.spyOn(logger, 'warn');
    const url = `${server.url('/private.jpg')}?token=secret-signature`;
    const cover = await prepareCoverArt(
      { kind: 'thumbnail', url },
      deps({ config: { ALLOW_PRIVATE_SOURCES: false } }),
    );
    expect(cover).toBeUndefined();
    expect(connections).toEqual([]);
    expect(server.hits('/private.jpg')).toBe(0);
    expect(warn).toHaveBeenCalledTimes(1);
    const logged = JSON.stringify(warn.mock.calls[0]);
    expect(logged).toMatch(/private or reserved address|local and not accepted/);
    expect(logged).not.toContain('secret-signature');
    expect(logged).not.toContain('/private.jpg');
  });

  it('checks every redirect hop: a redirect to a server the policy does not list is refused', async () => {
    const listed = deps({ config: { ALLOW_PRIVATE_SOURCES: [new URL(server.url('/')).host] } });
    const cover = await prepareCoverArt({ kind: 'thumbnail', url: server.url('/away.jpg') }, listed);
    expect(cover).toBeUndefined();
    expect(server.hits('/away.jpg')).toBe(1);
    expect(other.hits('/elsewhere.jpg')).toBe(0);
  });

  it.each([
    ['/page', 'an HTML page'],
    ['/lying.jpg', 'HTML served as image/jpeg'],
    ['/huge.jpg', 'an answer past the byte cap'],
    ['/gone.jpg', 'a 404'],
  ])('answers undefined for %s (%s)', async (path) => {
    const warn = vi.spyOn(logger, 'warn');
    const limited = deps({ maxBytes: 1024 * 1024 });
    await expect(
      prepareCoverArt({ kind: 'thumbnail', url: server.url(path) }, limited),
    ).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('gives up on a server that never answers, at the timeout', async () => {
    const quick = deps({ timeoutMs: 500 });
    await expect(
      prepareCoverArt({ kind: 'thumbnail', url: server.url('/slow.jpg') }, quick),
    ).resolves.toBeUndefined();
  });

  it('refuses a URL that is not http(s) without reading it', async () => {
    const file = `file://${tempDirectory()}/x.jpg`;
    await expect(prepareCoverArt({ kind: 'thumbnail', url: file }, deps())).resolves.toBeUndefined();
    expect(connections).toEqual([]);
  });
});

describe('prepareCoverArt for a YouTube video', () => {
  it('cuts the cover from the largest thumbnail of the recorded answer (hq720, 1280×720)', async () => {
    const youtube = await startFakeYoutube();
    try {
      const driver = youtubeiDriver({ fetch: youtube.fetch, playerCacheDir: tempDirectory('player-cache-') });
      const { thumbnailUrl } = await driver.probe(CASES.cclicensed);
      const cover = await prepareCoverArt(
        { kind: 'thumbnail', url: thumbnailUrl! },
        deps({ fetch: youtube.fetch }),
      );
      await expect(pictureShape(cover!.path)).resolves.toEqual({
        codec_name: 'mjpeg',
        width: 720,
        height: 720,
      });
      await cover!.cleanup();
      expect(youtube.requests.filter((request) => request.host === 'i.ytimg.com').map((r) => r.path)).toEqual(
        [`/vi/${CASES.cclicensed}/hq720.jpg`],
      );
    } finally {
      await youtube.close();
    }
  });
});

describe('thumbnailCandidates', () => {
  it("falls back from YouTube's maxresdefault, which many videos lack, to hqdefault", () => {
    expect(thumbnailCandidates('https://i.ytimg.com/vi/dQw4w9WgXcQ/maxresdefault.jpg')).toEqual([
      'https://i.ytimg.com/vi/dQw4w9WgXcQ/maxresdefault.jpg',
      'https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg',
    ]);
    expect(thumbnailCandidates('https://i.ytimg.com/vi_webp/dQw4w9WgXcQ/maxresdefault.webp')[1]).toBe(
      'https://i.ytimg.com/vi_webp/dQw4w9WgXcQ/hqdefault.webp',
    );
    expect(thumbnailCandidates('https://i.ytimg.com/vi/M4gD1WSo5mA/hq720.jpg?sqp=x')).toEqual([
      'https://i.ytimg.com/vi/M4gD1WSo5mA/hq720.jpg?sqp=x',
    ]);
  });
});
