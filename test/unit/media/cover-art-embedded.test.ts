import { probePicture } from '../../support/probe-media.js';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { logger } from '../../../functions/shared/logger.js';
import {
  coverArtSource,
  prepareCoverArt,
  type CoverArtDeps,
} from '../../../functions/shared/media/cover-art.js';
import type { EgressDoor } from '../../../functions/shared/media/egress/door.js';
import { resolveSource } from '../../../functions/shared/media/resolve-source.js';
import { generateClip, startMediaServer, tempDirectory, type MediaServer } from '../../support/media.js';
import { generatePicture, generatePicturedClip } from '../../support/pictured-media.js';
import { mediaConfig } from '../../support/youtube-config.js';

async function side(path: string): Promise<{ width?: number; height?: number }> {
  const { width, height } = await probePicture(path);
  return { width, height };
}

const deps: CoverArtDeps = { ffmpegPath: 'ffmpeg', config: { ALLOW_PRIVATE_SOURCES: true } };
const files = mediaConfig({ ALLOW_FILE_SOURCES: true });
const http = mediaConfig({ ALLOW_PRIVATE_SOURCES: true });

let server: MediaServer;
const clips: Record<string, string> = {};

beforeAll(async () => {
  const directory = tempDirectory();
  const wide = await generatePicture(directory, 640, 360, 'jpg');
  const tall = await generatePicture(directory, 300, 500, 'png');
  clips.mp3 = await generatePicturedClip({ directory, ext: 'mp3', seconds: 2, picture: wide });
  clips.m4a = await generatePicturedClip({ directory, ext: 'm4a', seconds: 2, picture: wide });
  clips.flac = await generatePicturedClip({ directory, ext: 'flac', seconds: 2, picture: tall });
  clips.opus = await generatePicturedClip({ directory, ext: 'opus', seconds: 2, picture: wide });
  clips.plain = await generateClip({ seconds: 2, codec: 'mp3', directory });
  server = await startMediaServer();
  server.serveFile('/pictured.m4a', clips.m4a, 'audio/mp4');
  server.serveFile('/pictured.mp3', clips.mp3, 'audio/mpeg');
});
afterAll(() => server.close());
afterEach(() => void vi.restoreAllMocks());

/** The cover a job would get from a source, the way Extract asks for it. */
async function coverOf(url: string, config = files) {
  const source = resolveSource(url, config);
  const input = await source.openAudio();
  try {
    return await prepareCoverArt(coverArtSource(source.kind, {}, input), deps);
  } finally {
    if (input.type === 'url') await input.door?.close();
  }
}

describe("prepareCoverArt from a direct source's own picture", () => {
  it.each([
    ['mp3', 'an ID3 APIC', 360],
    ['m4a', 'a covr atom', 360],
    ['flac', 'a FLAC PICTURE block (PNG)', 300],
    ['opus', 'an Ogg METADATA_BLOCK_PICTURE comment', 360],
  ])('cuts the picture of a local %s (%s) to a square JPEG', async (ext, _what, expected) => {
    const cover = await coverOf(pathToFileURL(clips[ext]!).href);
    expect(cover).toBeDefined();
    await expect(side(cover!.path)).resolves.toEqual({ width: expected, height: expected });
    await cover!.cleanup();
  });

  it.each(['/pictured.m4a', '/pictured.mp3'])(
    'reads the picture of %s over http through its egress door',
    async (path) => {
      const source = resolveSource(server.url(path), http);
      const input = await source.openAudio();
      if (input.type !== 'url' || !input.door) throw new Error('expected a URL read through a door');
      // The http driver's door is an egress door, which counts what passed it.
      const door = input.door as EgressDoor;
      const [bytesBefore, hitsBefore] = [door.bytesIn, server.hits(path)];
      const cover = await prepareCoverArt(coverArtSource(source.kind, {}, input), deps);
      // Every byte of the picture came through the door the audio is read through.
      expect(door.bytesIn).toBeGreaterThan(bytesBefore);
      expect(server.hits(path)).toBeGreaterThan(hitsBefore);
      await input.door.close();
      await expect(side(cover!.path)).resolves.toEqual({ width: 360, height: 360 });
      await cover!.cleanup();
    },
  );

  it('answers undefined for a file without a picture, which is no cause for a warning', async () => {
    const warn = vi.spyOn(logger, 'warn');
    await expect(coverOf(pathToFileURL(clips.plain!).href)).resolves.toBeUndefined();
    expect(warn).not.toHaveBeenCalled();
  });

  it('answers undefined for a piped stream, which cannot be read twice', async () => {
    const warn = vi.spyOn(logger, 'warn');
    const input = { type: 'stream' as const, stream: new PassThrough() };
    await expect(prepareCoverArt({ kind: 'embedded', input }, deps)).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
    input.stream.destroy();
  });

  it('answers undefined, not an error, when no temp folder can be made', async () => {
    const previous = process.env.TMPDIR;
    // A file where the temp folder should be: mkdtemp fails as on a full or read-only disk.
    process.env.TMPDIR = clips.mp3!;
    try {
      const input = { type: 'url' as const, url: clips.mp3! };
      await expect(prepareCoverArt({ kind: 'embedded', input }, deps)).resolves.toBeUndefined();
    } finally {
      process.env.TMPDIR = previous;
    }
  });

  it('never reads an http URL without its egress door', async () => {
    const input = { type: 'url' as const, url: server.url('/pictured.mp3') };
    const before = server.hits('/pictured.mp3');
    await expect(prepareCoverArt({ kind: 'embedded', input }, deps)).resolves.toBeUndefined();
    expect(server.hits('/pictured.mp3')).toBe(before);
  });

  it("takes a YouTube video's cover from its thumbnail, and none when it has no thumbnail", () => {
    const input = { type: 'stream' as const, stream: new PassThrough() };
    expect(coverArtSource('youtube', { thumbnailUrl: 'https://i.ytimg.com/vi/x/hq.jpg' }, input)).toEqual({
      kind: 'thumbnail',
      url: 'https://i.ytimg.com/vi/x/hq.jpg',
    });
    expect(coverArtSource('youtube', {}, input)).toBeUndefined();
    input.stream.destroy();
  });
});
