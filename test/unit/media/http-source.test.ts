import { execFile } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidSource,
  SourceUnreachable,
  VideoTooLong,
  VideoUnavailable,
} from '../../../functions/shared/errors.js';
import { preflightHttpSource } from '../../../functions/shared/media/http-preflight.js';
import type { LookupAll } from '../../../functions/shared/media/host-check.js';
import { resolveSource } from '../../../functions/shared/media/resolve-source.js';
import { generateClip, startMediaServer, tempDirectory, type MediaServer } from '../../support/media.js';
import { checkAcceptable } from '../../../functions/validate/validate-video.js';
import { mediaConfig } from '../../support/youtube-config.js';
import { generatePicture, generatePicturedClip } from '../../support/pictured-media.js';

const run = promisify(execFile);
const allowPrivate = mediaConfig({ ALLOW_PRIVATE_SOURCES: true });

describe('http driver', () => {
  let server: MediaServer;

  beforeAll(async () => {
    server = await startMediaServer();
    const directory = tempDirectory();
    const tagged = await generateClip({
      seconds: 3,
      codec: 'aac',
      title: 'Sine Song',
      artist: 'The Oscillators',
      directory,
    });
    const opus = join(directory, 'untitled.webm');
    await run('ffmpeg', [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'sine=duration=2',
      '-c:a',
      'libopus',
      '-map_metadata',
      '-1',
      opus,
    ]);
    // Ogg/Opus keeps its Vorbis comments on the stream; a video without sound has no audio track at all.
    const oggTags = ['-metadata', 'title=Ogg Song', '-metadata', 'artist=The Vorbis Comments'];
    const ogg = join(directory, 'tagged.opus');
    await run('ffmpeg', [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'sine=duration=2',
      '-c:a',
      'libopus',
      '-metadata',
      'title=Ogg Song',
      '-metadata',
      'artist=The Vorbis Comments',
      ogg,
    ]);
    // A server that ignores Range answers every request with the whole file and no Accept-Ranges.
    for (const codec of ['libopus', 'libvorbis']) {
      const file = join(directory, `long-${codec}.ogg`);
      await run('ffmpeg', [
        '-v',
        'error',
        '-f',
        'lavfi',
        '-i',
        'sine=duration=5',
        '-c:a',
        codec,
        ...oggTags,
        file,
      ]);
      server.route(`/norange-${codec}.ogg`, (_request, response) => {
        response.writeHead(200, { 'content-type': 'audio/ogg', 'content-length': statSync(file).size });
        createReadStream(file).pipe(response);
      });
    }
    const silentVideo = join(directory, 'silent.mp4');
    await run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=1:size=64x64', silentVideo]);
    const cover = await generatePicture(directory, 80, 60);
    const chaptered = await generatePicturedClip({
      directory,
      ext: 'm4a',
      seconds: 4,
      picture: cover,
      chapters: [
        { startSeconds: 0, title: 'One' },
        { startSeconds: 2, title: 'Two' },
      ],
    });
    server.serveFile('/chaptered.m4a', chaptered, 'audio/mp4');
    server.serveFile('/tagged.opus', ogg, 'audio/ogg');
    server.serveFile('/silent.mp4', silentVideo, 'video/mp4');
    server.serveFile('/tagged.m4a', tagged, 'audio/mp4');
    server.serveFile('/files/untitled.webm', opus, 'audio/webm');
    server.route(
      '/moved.m4a',
      (_request, response) => void response.writeHead(302, { location: '/tagged.m4a' }).end(),
    );
    server.route('/gone.mp3', (_request, response) => void response.writeHead(410).end('gone'));
    server.route('/broken.mp3', (_request, response) => void response.writeHead(503).end('down'));
    server.route(
      '/page.html',
      (_request, response) =>
        void response
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<html><body>not media</body></html>'),
    );
    server.route(
      '/playlist.m3u8',
      (_request, response) =>
        void response.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' }).end('#EXTM3U\n'),
    );
  });
  afterAll(() => server.close());

  it('probes title, author, duration and codec of a tagged clip', async () => {
    const source = resolveSource(server.url('/tagged.m4a'), allowPrivate);
    expect(source.kind).toBe('http');
    const info = await source.probe();
    expect(info).toMatchObject({
      id: source.videoId,
      title: 'Sine Song',
      author: 'The Oscillators',
      isLive: false,
      audioCodec: 'aac',
    });
    expect(info.durationSeconds).toBeGreaterThan(2.5);
    expect(info.durationSeconds).toBeLessThan(3.5);
  });

  it('reads the chapters of an m4a and notes its covr picture, through the door', async () => {
    const info = await resolveSource(server.url('/chaptered.m4a'), allowPrivate).probe();
    expect(info.embeddedPicture).toBe(true);
    expect(info.chapters).toEqual([
      { startSeconds: 0, title: 'One' },
      { startSeconds: 2, title: 'Two' },
    ]);
  });

  it('reads the title and artist of an Ogg/Opus file from its stream tags', async () => {
    const info = await resolveSource(server.url('/tagged.opus'), allowPrivate).probe();
    expect(info).toMatchObject({ title: 'Ogg Song', author: 'The Vorbis Comments', audioCodec: 'opus' });
  });

  it.each(['libopus', 'libvorbis'])(
    'reads the duration and tags of a %s Ogg file from a server without Range support',
    async (codec) => {
      const info = await resolveSource(server.url(`/norange-${codec}.ogg`), allowPrivate).probe();
      expect(info).toMatchObject({ title: 'Ogg Song', author: 'The Vorbis Comments', inputFormat: 'ogg' });
      expect(Math.abs(info.durationSeconds - 5)).toBeLessThan(0.2);
      // The duration limit still holds on that path.
      expect(() => checkAcceptable(info, 3)).toThrow(VideoTooLong);
      expect(() => checkAcceptable(info, 10)).not.toThrow();
    },
  );

  it('holds the packet scan to the byte cap of the same door', async () => {
    const url = server.url('/norange-libopus.ogg');
    const size = Number((await fetch(url)).headers.get('content-length'));
    // Room for the first probe's reads (about 2x the file here) but not for the scan's extra full pass.
    const capped = mediaConfig({ ALLOW_PRIVATE_SOURCES: true, SOURCE_MAX_BYTES: Math.round(size * 2.5) });
    await expect(resolveSource(url, capped).probe()).rejects.toThrow(/The source sent more than/);
  });

  it('rejects a video without sound as InvalidSource saying it has no audio track', async () => {
    const probing = resolveSource(server.url('/silent.mp4'), allowPrivate).probe();
    await expect(probing).rejects.toThrow(InvalidSource);
    await expect(probing).rejects.toThrow(/has no audio track/);
  });

  it('falls back to the file name and host when the media has no tags', async () => {
    const info = await resolveSource(server.url('/files/untitled.webm'), allowPrivate).probe();
    expect(info).toMatchObject({ title: 'untitled', author: '127.0.0.1', audioCodec: 'opus' });
    expect(Math.abs(info.durationSeconds - 2)).toBeLessThan(0.5);
  });

  it('hands ffmpeg the URL itself, after following redirects', async () => {
    const source = resolveSource(server.url('/moved.m4a'), allowPrivate);
    const input = await source.openAudio();
    expect(input).toMatchObject({ type: 'url', url: server.url('/tagged.m4a'), demuxer: 'mov' });
    // ffmpeg reads it through the egress door, which is still open for it.
    expect(input.type === 'url' && input.door?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    if (input.type === 'url') await input.door?.close();
  });

  it("opens with the demuxer Validate's probe found without running ffprobe again", async () => {
    // No ffprobe at all: only a source opened without probing can succeed.
    const noProbe = mediaConfig({ ALLOW_PRIVATE_SOURCES: true, FFPROBE_PATH: '/nonexistent/ffprobe' });
    const input = await resolveSource(server.url('/moved.m4a'), noProbe).openAudio(undefined, 'mp3', {
      inputFormat: 'mov',
    });
    // Redirects are still followed and checked hop by hop, and ffmpeg is held to that demuxer.
    expect(input).toMatchObject({ type: 'url', url: server.url('/tagged.m4a'), demuxer: 'mov' });
    if (input.type === 'url') await input.door?.close();
    // A demuxer outside the media list (one that opens further URLs) is not taken on trust: it probes.
    const opening = resolveSource(server.url('/tagged.m4a'), noProbe).openAudio(undefined, 'mp3', {
      inputFormat: 'hls',
    });
    await expect(opening).rejects.toThrow(/FFPROBE_PATH=\/nonexistent\/ffprobe is not an executable/);
  });

  it('reports a missing file as VideoUnavailable', async () => {
    await expect(resolveSource(server.url('/missing.mp3'), allowPrivate).probe()).rejects.toThrow(
      VideoUnavailable,
    );
    await expect(resolveSource(server.url('/gone.mp3'), allowPrivate).probe()).rejects.toThrow(
      VideoUnavailable,
    );
  });

  it('reports a 5xx as SourceUnreachable', async () => {
    await expect(resolveSource(server.url('/broken.mp3'), allowPrivate).probe()).rejects.toThrow(
      SourceUnreachable,
    );
  });

  it('reports a refused connection as SourceUnreachable', async () => {
    const closed = await startMediaServer();
    const url = closed.url('/a.mp3');
    await closed.close();
    await expect(resolveSource(url, allowPrivate).probe()).rejects.toThrow(SourceUnreachable);
  });

  it('rejects a page that is not media as InvalidSource', async () => {
    await expect(resolveSource(server.url('/page.html'), allowPrivate).probe()).rejects.toThrow(
      InvalidSource,
    );
  });

  it('rejects a streaming playlist as InvalidSource', async () => {
    await expect(resolveSource(server.url('/playlist.m3u8'), allowPrivate).probe()).rejects.toThrow(
      /playlist/,
    );
  });

  it('refuses a loopback URL unless private sources are allowed', () => {
    expect(() => resolveSource(server.url('/tagged.m4a'), mediaConfig())).toThrow(InvalidSource);
  });

  it('refuses a name that resolves to a private address, before any request', async () => {
    const lookup: LookupAll = async () => [{ address: '127.0.0.1', family: 4 }];
    const source = resolveSource('http://media.example.test/tagged.m4a', mediaConfig(), { lookup });
    await expect(source.probe()).rejects.toThrow(/resolves to a private or reserved address/);
    await expect(source.openAudio()).rejects.toThrow(InvalidSource);
  });
});

describe('preflightHttpSource', () => {
  const publicLookup: LookupAll = async (host) => [
    { address: host === 'internal.example.com' ? '10.0.0.9' : '93.184.216.34', family: 4 },
  ];
  const redirectTo = (location: string) => async () =>
    new Response(null, { status: 302, headers: { location } });

  it('refuses a redirect to the metadata address', async () => {
    const fetch = redirectTo('http://169.254.169.254/latest/meta-data/') as typeof globalThis.fetch;
    await expect(
      preflightHttpSource('https://media.example.com/a.mp3', {
        fetch,
        lookup: publicLookup,
        allowPrivate: false,
      }),
    ).rejects.toThrow(/private or reserved/);
  });

  it('refuses a redirect to a name that resolves privately', async () => {
    const fetch = redirectTo('https://internal.example.com/a.mp3') as typeof globalThis.fetch;
    await expect(
      preflightHttpSource('https://media.example.com/a.mp3', {
        fetch,
        lookup: publicLookup,
        allowPrivate: false,
      }),
    ).rejects.toThrow(/resolves to a private or reserved address \(10\.0\.0\.9\)/);
  });

  it('refuses a redirect to another scheme', async () => {
    const fetch = redirectTo('file:///etc/passwd') as typeof globalThis.fetch;
    await expect(
      preflightHttpSource('https://media.example.com/a.mp3', {
        fetch,
        lookup: publicLookup,
        allowPrivate: false,
      }),
    ).rejects.toThrow(/unsupported file: URL/);
  });

  it('gives up on a redirect loop', async () => {
    const fetch = redirectTo('https://media.example.com/a.mp3') as typeof globalThis.fetch;
    await expect(
      preflightHttpSource('https://media.example.com/a.mp3', {
        fetch,
        lookup: publicLookup,
        allowPrivate: false,
      }),
    ).rejects.toThrow(/redirects more than 5 times/);
  });
});
