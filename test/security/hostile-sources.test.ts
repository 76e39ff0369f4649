// The hostile-source suite: on loopback only, an allowed origin (127.0.0.2) scripted like an attacker's
// server, and an "internal" one (127.0.0.3) that must never receive a request, whatever the source does.
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InvalidSource, VideoTooLong } from '../../functions/shared/errors.js';
import { transcode } from '../../functions/shared/ffmpeg/transcode.js';
import { openEgressDoor } from '../../functions/shared/media/egress/door.js';
import { sourceFetch } from '../../functions/shared/media/proxy-fetch.js';
import { resolveSource, type ResolveSourceDeps } from '../../functions/shared/media/resolve-source.js';
import type { AudioInput, MediaSourceConfig } from '../../functions/shared/media/types.js';
import { generateClip, tempDirectory } from '../support/media.js';
import { mediaConfig } from '../support/youtube-config.js';
import {
  namesResolver,
  rebindingResolver,
  run,
  sendBytes,
  startLoopbackServer,
  type LoopbackServer,
} from './hostile-servers.js';

type Script = (
  request: import('node:http').IncomingMessage,
  response: import('node:http').ServerResponse,
) => void;

describe('hostile sources', () => {
  const directory = tempDirectory('audio-sync-hostile-');
  let internal: LoopbackServer;
  let origin: LoopbackServer;
  let script: Script = (_request, response) => void response.writeHead(404).end();
  let clip: Buffer;
  let config: MediaSourceConfig;
  let deps: ResolveSourceDeps;

  beforeAll(async () => {
    internal = await startLoopbackServer('127.0.0.3');
    origin = await startLoopbackServer('127.0.0.2', (request, response) => script(request, response));
    clip = await readFile(await generateClip({ seconds: 3, codec: 'aac', directory }));
    // Only the origin is allowed although private; the internal server is private and not listed.
    config = mediaConfig({ ALLOW_PRIVATE_SOURCES: [origin.endpoint] });
    deps = { lookup: namesResolver({ 'media.test': '127.0.0.2', 'internal.test': '127.0.0.3' }) };
  });
  afterEach(() => {
    // The one promise of the whole suite: nothing a source says reaches the internal address.
    expect(internal.requests).toBe(0);
  });
  afterAll(async () => {
    await origin?.close();
    await internal?.close();
  });

  const mediaUrl = (path: string) => `http://media.test:${origin.port}${path}`;
  const serveClip: Script = (request, response) => sendBytes(request, response, clip, 'audio/mp4');
  const extract = async (
    url: string,
    extra: Partial<MediaSourceConfig> = {},
    maxDurationSeconds?: number,
  ) => {
    const input = await resolveSource(url, { ...config, ...extra }, deps).openAudio();
    const running = transcode({ ffmpegPath: 'ffmpeg', input, format: 'mp3', maxDurationSeconds });
    running.output.on('error', () => undefined).resume();
    return running.done;
  };

  it('refuses a 302 to an internal address that only ffprobe and ffmpeg (Lavf) are sent, at probe and at extract', async () => {
    script = (request, response) => {
      if (/^Lavf/.test(request.headers['user-agent'] ?? '')) {
        return void response.writeHead(302, { location: internal.url('/secret.m4a') }).end();
      }
      serveClip(request, response);
    };
    const source = resolveSource(mediaUrl('/song.m4a'), config, deps);
    await expect(source.probe()).rejects.toThrow(/private or reserved address \(127\.0\.0\.3\)/);
    await expect(source.openAudio()).rejects.toThrow(InvalidSource);

    // ffmpeg itself, handed a door and a URL whose server redirects it inside.
    const door = await openEgressDoor({ policy: config.ALLOW_PRIVATE_SOURCES, lookup: deps.lookup });
    const input: AudioInput = { type: 'url', url: mediaUrl('/song.m4a'), demuxer: 'mov', door };
    const running = transcode({ ffmpegPath: 'ffmpeg', input, format: 'mp3' });
    running.output.on('error', () => undefined).resume();
    await expect(running.done).rejects.toThrow(InvalidSource);
  });

  it.each([
    [
      'an HLS playlist',
      `#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nhttp://internal.test:PORT/seg.ts?x=.ts\n#EXTINF:10,\nhttp://127.0.0.3:PORT/seg2.ts?x=.ts\n#EXT-X-ENDLIST\n`,
    ],
    [
      'a DASH manifest',
      `<?xml version="1.0"?><MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT10S"><Period><AdaptationSet mimeType="audio/mp4"><Representation id="a" bandwidth="1000"><BaseURL>http://127.0.0.3:PORT/a.m4a</BaseURL></Representation></AdaptationSet></Period></MPD>`,
    ],
  ])('refuses %s served as video/mp4 whose segments are internal', async (_name, body) => {
    script = (_request, response) =>
      void response
        .writeHead(200, { 'content-type': 'video/mp4' })
        .end(body.replaceAll('PORT', String(internal.port)));
    // Refused as a playlist (or, where this ffmpeg has no demuxer for it, as unreadable): never followed.
    await expect(resolveSource(mediaUrl('/video.mp4'), config, deps).probe()).rejects.toThrow(InvalidSource);
  });

  it('holds extraction to the probed demuxer when the source turns into a playlist after probing', async () => {
    let mode: 'media' | 'playlist' = 'media';
    const playlist = `#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n${internal.url('/seg.ts?x=.ts')}\n#EXT-X-ENDLIST\n`;
    script = (request, response) =>
      mode === 'media'
        ? serveClip(request, response)
        : void response.writeHead(200, { 'content-type': 'video/mp4' }).end(playlist);
    const input = await resolveSource(mediaUrl('/switch.m4a'), config, deps).openAudio();
    expect(input).toMatchObject({ demuxer: 'mov' });
    mode = 'playlist';
    const running = transcode({ ffmpegPath: 'ffmpeg', input, format: 'mp3' });
    running.output.on('error', () => undefined).resume();
    await expect(running.done).rejects.toThrow();
  });

  it('connects to the address it checked, not to what DNS says a moment later (rebinding)', async () => {
    script = serveClip;
    // Allowed for the check, internal for any second lookup: a door that resolved twice would go inside.
    const lookup = rebindingResolver('127.0.0.2', '127.0.0.3');
    const door = await openEgressDoor({ policy: config.ALLOW_PRIVATE_SOURCES, lookup });
    try {
      const { stdout } = await run('ffprobe', [
        ...['-v', 'error', '-http_proxy', door.url, '-show_entries', 'format=duration', '-of', 'csv=p=0'],
        `http://rebind.test:${origin.port}/clip.m4a`,
      ]);
      expect(Number(stdout)).toBeGreaterThan(2);
      expect(new Set(door.connections)).toEqual(new Set([origin.endpoint]));
      expect(lookup.calls).toBe(1);
    } finally {
      await door.close();
    }
  });

  it('pins a public answer too: the connection goes to the checked public address, never the loopback one', async () => {
    const lookup = rebindingResolver('93.184.216.34', '127.0.0.3');
    const dialled: string[] = [];
    // Nothing leaves loopback: the connector records where the door dials and refuses it.
    const connect = async ({ address, port }: { address: string; port: number }) => {
      dialled.push(`${address}:${port}`);
      throw new Error('not leaving loopback in a test');
    };
    const door = await openEgressDoor({ policy: config.ALLOW_PRIVATE_SOURCES, lookup, connect });
    try {
      const answer = await sourceFetch(door.url)(`http://rebind.test:${origin.port}/clip.m4a`).catch(
        (error: Error) => error,
      );
      expect(answer).toBeInstanceOf(Error);
      expect(dialled).toEqual([`93.184.216.34:${origin.port}`]);
      expect(lookup.calls).toBe(1);
    } finally {
      await door.close();
    }
  });

  it.each([
    ['unresolvable.example', undefined],
    ['localhost', /local and not accepted/],
    ['127.0.0.3', /private or reserved address/],
    ['2130706433', /private or reserved address \(127\.0\.0\.1\)/],
  ])(
    'behind SOURCE_PROXY_URL with no local DNS, %s goes to the proxy only if it is a name',
    async (host, refusal) => {
      const noDns = async () => {
        throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
      };
      const dialled: string[] = [];
      const connect = async ({ address, port }: { address: string; port: number }) => {
        dialled.push(`${address}:${port}`);
        throw new Error('not leaving loopback in a test');
      };
      const upstream = 'http://127.0.0.4:9';
      const door = await openEgressDoor({ policy: false, lookup: noDns, upstream, connect });
      try {
        await expect(sourceFetch(door.url)(`http://${host}/clip.m4a`)).rejects.toThrow();
        if (refusal) {
          expect(door.failure?.message).toMatch(refusal);
          expect(dialled).toEqual([]);
        } else {
          expect(door.failure).toBeUndefined();
          expect(dialled).toEqual([`${host}:80`]);
        }
      } finally {
        await door.close();
      }
    },
  );

  it("sends extract's ffmpeg through SOURCE_PROXY_URL, to the checked address", async () => {
    script = serveClip;
    const tunnels: string[] = [];
    const upstream = await startLoopbackServer('127.0.0.4');
    upstream.server.removeAllListeners('connect');
    upstream.server.on('connect', (request, socket) => {
      tunnels.push(request.url ?? '');
      const [host, port] = (request.url ?? '').split(':');
      void import('node:net').then(({ connect }) => {
        const target = connect(Number(port), host!, () => {
          socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          target.pipe(socket);
          socket.pipe(target);
        });
        target.on('error', () => socket.destroy());
        socket.on('error', () => target.destroy());
      });
    });
    try {
      const result = await extract(mediaUrl('/proxied.m4a'), {
        SOURCE_PROXY_URL: `http://${upstream.endpoint}`,
      });
      expect(result.encodedSeconds).toBeGreaterThan(2);
      expect(tunnels.length).toBeGreaterThan(0);
      expect(new Set(tunnels)).toEqual(new Set([origin.endpoint]));
    } finally {
      await upstream.close();
    }
  });

  it('cuts an mp3 whose Xing header claims 10 s but carries 20 minutes of frames, and refuses it', async () => {
    const short = join(directory, 'short.mp3');
    const long = join(directory, 'long.mp3');
    const lame = ['-ar', '8000', '-ac', '1', '-c:a', 'libmp3lame', '-b:a', '8k'];
    await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=d=10', ...lame, short]);
    await run('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'sine=d=1200',
      ...lame,
      '-write_xing',
      '0',
      long,
    ]);
    const liar = Buffer.concat([await readFile(short), await readFile(long)]);
    // The Info header's byte count is made to match the whole file, so ffprobe trusts its 10 s frame count.
    const tag = Math.max(liar.indexOf('Info'), liar.indexOf('Xing'));
    const flags = liar.readUInt32BE(tag + 4);
    expect(flags & 2).toBe(2);
    liar.writeUInt32BE(liar.length, tag + 8 + (flags & 1 ? 4 : 0));
    script = (request, response) => sendBytes(request, response, liar, 'audio/mpeg');
    const info = await resolveSource(mediaUrl('/liar.mp3'), config, deps).probe();
    expect(info.durationSeconds).toBeLessThan(11);
    await expect(extract(mediaUrl('/liar.mp3'), {}, 60)).rejects.toThrow(VideoTooLong);
  });

  it('ends a slow-drip source at the read deadline, with a reason', async () => {
    let mode: 'media' | 'drip' = 'media';
    const timers = new Set<NodeJS.Timeout>();
    script = (request, response) => {
      if (mode === 'media') return serveClip(request, response);
      response.writeHead(200, { 'content-type': 'audio/mp4', 'content-length': clip.length });
      let sent = 0;
      const timer = setInterval(() => response.write(clip.subarray(sent, ++sent)), 20_000);
      timers.add(timer);
      response.write(clip.subarray(0, 64));
      response.once('close', () => clearInterval(timer));
    };
    const input = await resolveSource(
      mediaUrl('/drip.m4a'),
      { ...config, SOURCE_READ_TIMEOUT_SECONDS: 3 },
      deps,
    ).openAudio();
    mode = 'drip';
    const running = transcode({ ffmpegPath: 'ffmpeg', input, format: 'mp3' });
    running.output.on('error', () => undefined).resume();
    await expect(running.done).rejects.toThrow(/too slow: it was not read within 3 s/);
    for (const timer of timers) clearInterval(timer);
  });

  it('stops a source at the byte cap', async () => {
    script = serveClip;
    const input = await resolveSource(mediaUrl('/big.m4a'), { ...config, SOURCE_MAX_BYTES: 20_000 }, deps)
      .openAudio()
      .catch((error: Error) => error);
    const failure =
      input instanceof Error
        ? input
        : await (() => {
            const running = transcode({ ffmpegPath: 'ffmpeg', input, format: 'mp3' });
            running.output.on('error', () => undefined).resume();
            return running.done.then(
              () => undefined,
              (error: Error) => error,
            );
          })();
    expect(failure).toBeInstanceOf(InvalidSource);
    expect(failure?.message).toMatch(/sent more than/);
  });

  it('cleans a 300 KB title tag full of terminal escapes and bidi controls, and extracts with it', async () => {
    const meta = join(directory, 'meta.txt');
    const evil = `\u001b]52;c;ZXZpbA==\u0007\u202eTitle\u001b[2J${'x'.repeat(300_000)}`;
    writeFileSync(meta, `;FFMETADATA1\ntitle=${evil}\nartist=\u202eevil\u0007\n`);
    const tagged = join(directory, 'huge-title.m4a');
    const source = await generateClip({ seconds: 2, codec: 'aac', directory });
    await run('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-i',
      source,
      '-i',
      meta,
      '-map_metadata',
      '1',
      '-c',
      'copy',
      tagged,
    ]);
    const bytes = await readFile(tagged);
    script = (request, response) => sendBytes(request, response, bytes, 'audio/mp4');
    const info = await resolveSource(mediaUrl('/huge-title.m4a'), config, deps).probe();
    expect(Array.from(info.title).length).toBeLessThanOrEqual(200);
    expect(info.title).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    expect(info.title.startsWith(']52;c;ZXZpbA== Title [2Jxxx')).toBe(true);
    expect(info.author).toBe('evil');
    const input = await resolveSource(mediaUrl('/huge-title.m4a'), config, deps).openAudio();
    const running = transcode({
      ffmpegPath: 'ffmpeg',
      input,
      format: 'mp3',
      title: info.title,
      artist: info.author,
    });
    running.output.on('error', () => undefined).resume();
    await expect(running.done).resolves.toMatchObject({ encodedSeconds: expect.any(Number) });
  });

  it.each([
    '[::ffff:0:127.0.0.3]',
    '[::ffff:127.0.0.3]',
    '[64:ff9b::7f00:3]',
    '[64:ff9b:1::7f00:3]',
    '[2002:7f00:3::1]',
    '[2001:0:4136:e378:8000:63bf:80ff:fffc]',
  ])('refuses the IPv6 form %s, at submission and in the door', async (host) => {
    expect(() => resolveSource(`http://${host}:${internal.port}/a.m4a`, config, deps)).toThrow(InvalidSource);
    const door = await openEgressDoor({ policy: config.ALLOW_PRIVATE_SOURCES, lookup: deps.lookup });
    try {
      const { stderr } = await run('ffprobe', [
        '-v',
        'error',
        '-http_proxy',
        door.url,
        `http://${host}:${internal.port}/a.m4a`,
      ]).catch((error: { stderr: string }) => error);
      expect(stderr).toMatch(/403/);
      expect(door.failure).toBeInstanceOf(InvalidSource);
    } finally {
      await door.close();
    }
  });
});
