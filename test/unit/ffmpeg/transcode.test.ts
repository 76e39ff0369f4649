import { createReadStream, createWriteStream, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transcode, type Transcode } from '../../../functions/shared/ffmpeg/transcode.js';
import {
  generateClip,
  probeAudioCodec,
  probeDuration,
  probeTags,
  startMediaServer,
  tempDirectory,
  type MediaServer,
} from '../../support/media.js';
import { oggWithHole } from '../../support/faults-media.js';
import { cutOffMidStream } from '../../e2e/local-stack-helpers.js';

const FFMPEG = '/usr/bin/ffmpeg';

let directory: string;
let aacClip: string;
let server: MediaServer;

beforeAll(async () => {
  directory = tempDirectory();
  aacClip = await generateClip({ seconds: 6, codec: 'aac', directory, title: 'Source Title' });
  server = await startMediaServer();
  server.serveFile('/clip.m4a', aacClip, 'audio/mp4');
});
afterAll(async () => {
  await server.close();
  rmSync(directory, { recursive: true, force: true });
});

/** Writes the output to a file; resolves with its path, or rejects with the output's error. */
async function drain(running: Transcode, name: string): Promise<string> {
  const path = join(directory, name);
  await pipeline(running.output, createWriteStream(path));
  return path;
}

/** A stream of the file that fails after `limit` bytes, like a source connection reset mid-body. */
function failingAfter(path: string, limit: number): Readable {
  let seen = 0;
  const cut = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limit) return callback(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
      callback(null, chunk);
    },
  });
  return createReadStream(path).pipe(cut);
}

describe('transcode', () => {
  it('encodes an http source to mp3 with our tags, reporting progress up to the full duration', async () => {
    const progress: number[] = [];
    const running = transcode({
      ffmpegPath: FFMPEG,
      input: { type: 'url', url: server.url('/clip.m4a') },
      format: 'mp3',
      title: 'Ünïcode "Title"',
      artist: 'Some Artist',
      expectedDurationSeconds: 6,
      onProgress: (seconds) => progress.push(seconds),
    });
    const path = await drain(running, 'http.mp3');
    const result = await running.done;

    expect(await probeAudioCodec(path)).toBe('mp3');
    expect(Math.abs((await probeDuration(path)) - 6)).toBeLessThan(0.5);
    const tags = await probeTags(path);
    expect(tags.title).toBe('Ünïcode "Title"');
    expect(tags.artist).toBe('Some Artist');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(result.encodedSeconds).toBeGreaterThan(5.5);
    expect(running.outputBytes).toBe(statSync(path).size);
  });

  it('reads a stream input on stdin', async () => {
    const running = transcode({
      ffmpegPath: FFMPEG,
      input: { type: 'stream', stream: Readable.from([readFileSync(aacClip)]) },
      format: 'opus',
      expectedDurationSeconds: 6,
    });
    const path = await drain(running, 'stdin.opus');
    await running.done;
    expect(await probeAudioCodec(path)).toBe('opus');
    expect(Math.abs((await probeDuration(path)) - 6)).toBeLessThan(0.5);
  });

  it('fails with ExtractionFailed on input that is not media, and never ends the output cleanly', async () => {
    const junk = join(directory, 'junk.m4a');
    await pipeline(Readable.from([Buffer.alloc(20_000, 7)]), createWriteStream(junk));
    const running = transcode({ ffmpegPath: FFMPEG, input: { type: 'url', url: junk }, format: 'mp3' });
    await expect(drain(running, 'junk.mp3')).rejects.toMatchObject({ name: 'ExtractionFailed' });
    await expect(running.done).rejects.toThrow(/Invalid data found/);
  });

  it('fails with SourceUnreachable when the source refuses the connection', async () => {
    const closed = await startMediaServer();
    const url = closed.url('/gone.m4a');
    await closed.close();
    const running = transcode({ ffmpegPath: FFMPEG, input: { type: 'url', url }, format: 'mp3' });
    await expect(drain(running, 'refused.mp3')).rejects.toMatchObject({ name: 'SourceUnreachable' });
  });

  it('kills ffmpeg and fails with SourceUnreachable when the source stream errors', async () => {
    const running = transcode({
      ffmpegPath: FFMPEG,
      input: { type: 'stream', stream: failingAfter(aacClip, 30_000) },
      format: 'mp3',
    });
    await expect(drain(running, 'reset.mp3')).rejects.toMatchObject({ name: 'SourceUnreachable' });
    await expect(running.done).rejects.toThrow(/ECONNRESET/);
  });

  it('treats a source that ends early as broken even when ffmpeg exits cleanly', async () => {
    const mp3Clip = await generateClip({ seconds: 8, codec: 'mp3', directory });
    // Half the bytes of an mp3: ffmpeg decodes what it gets and exits 0.
    const half = createReadStream(mp3Clip, { end: Math.floor(statSync(mp3Clip).size / 2) });
    const running = transcode({
      ffmpegPath: FFMPEG,
      input: { type: 'stream', stream: half },
      format: 'mp3',
      expectedDurationSeconds: 8,
    });
    // The stream ended without an error: the source gave all it has, so reading it again cannot help.
    await expect(drain(running, 'short.mp3')).rejects.toMatchObject({ name: 'ExtractionFailed' });
    await expect(running.done).rejects.toThrow(/corrupt or cut short: .* of 8 s encoded/);
  });

  it('fails with ExtractionFailed, not a retryable fault, when a file with a hole decodes short and ffmpeg exits 0', async () => {
    const hole = await oggWithHole(directory, 30);
    // The announced duration is whole: ffprobe reads it from the last Ogg page.
    expect(await probeDuration(hole)).toBeCloseTo(30, 0);
    server.serveFile('/hole.opus', hole, 'audio/ogg');
    const running = transcode({
      ffmpegPath: FFMPEG,
      input: { type: 'url', url: server.url('/hole.opus') },
      format: 'mp3',
      expectedDurationSeconds: 30,
    });
    await expect(drain(running, 'hole.mp3')).rejects.toMatchObject({ name: 'ExtractionFailed' });
    await expect(running.done).rejects.toThrow(
      /corrupt or cut short: 1\d\.\d s of 30 s encoded.*Invalid data/,
    );
  });

  it('fails with SourceUnreachable when the server drops the connection halfway and refuses to resume', async () => {
    server.route(
      '/dropped.m4a',
      cutOffMidStream(aacClip, 'audio/mp4', () => true),
    );
    const running = transcode({
      ffmpegPath: FFMPEG,
      input: { type: 'url', url: server.url('/dropped.m4a') },
      format: 'mp3',
      expectedDurationSeconds: 6,
    });
    await expect(drain(running, 'dropped.mp3')).rejects.toMatchObject({ name: 'SourceUnreachable' });
  });

  it('reports a missing ffmpeg binary as ToolMissing', async () => {
    const running = transcode({
      ffmpegPath: join(directory, 'no-such-ffmpeg'),
      input: { type: 'url', url: aacClip },
      format: 'mp3',
    });
    await expect(drain(running, 'none.mp3')).rejects.toMatchObject({ name: 'ToolMissing' });
    await expect(running.done).rejects.toThrow(/Install ffmpeg/);
  });
});
