import { createReadStream, readFileSync } from 'node:fs';
import { CompleteMultipartUploadCommand, PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAudioExtractor } from '../../../functions/extract/extract-audio.js';
import { locateFfmpeg } from '../../../functions/shared/ffmpeg/locate.js';
import { resolveSource } from '../../../functions/shared/media/resolve-source.js';
import { mediaConfig } from '../../support/youtube-config.js';
import { audioPacketsHash } from '../../support/probe-media.js';
import {
  generateClip,
  probeAudioCodec,
  probeDuration,
  probeTags,
  startMediaServer,
  tempDirectory,
  type MediaServer,
} from '../../support/media.js';
import {
  capturingS3,
  extractRequest,
  lambdaContext,
  startIdempotencyStore,
  testDeps,
} from './extract-fixture.js';

let directory: string;
let aacClip: string;
let opusClip: string;
let server: MediaServer;
let store: Awaited<ReturnType<typeof startIdempotencyStore>>;
const context = lambdaContext(60_000);

beforeAll(async () => {
  directory = tempDirectory();
  [aacClip, opusClip] = await Promise.all([
    generateClip({ seconds: 6, codec: 'aac', directory, title: 'Source junk title' }),
    generateClip({ seconds: 6, codec: 'opus', directory }),
  ]);
  server = await startMediaServer();
  server.serveFile('/clip.m4a', aacClip, 'audio/mp4');
  server.serveFile('/clip.webm', opusClip, 'audio/webm');
  store = await startIdempotencyStore();
});
afterAll(async () => {
  await server.close();
  await store.stop();
});

function setup(open: Parameters<typeof testDeps>[2]) {
  const s3 = capturingS3();
  const deps = testDeps(s3.s3, store.persistenceStore(), open);
  return { s3, deps, extract: createAudioExtractor(deps) };
}

describe('extracting a rendition', () => {
  it('encodes an AAC source to a tagged mp3, uploads it and records it after the upload', async () => {
    const { s3, deps, extract } = setup(() => ({ type: 'url', url: server.url('/clip.m4a') }));
    const request = extractRequest('mp3', {
      title: 'Tone / "One"',
      author: 'The Testers',
      audioCodec: 'aac',
    });

    const rendition = await extract(request, context);

    const key = `audio/${request.video.videoId}/mp3.mp3`;
    expect(rendition).toEqual({
      s3Key: key,
      bytes: s3.stored()!.length,
      contentType: 'audio/mpeg',
      createdAt: '2026-01-02T03:04:05.000Z',
    });
    const [put] = s3.calls(PutObjectCommand);
    expect(put!.args[0].input).toMatchObject({
      Bucket: 'media-bucket',
      Key: key,
      ContentType: 'audio/mpeg',
      ContentDisposition: `attachment; filename="Tone One - The Testers.mp3"; filename*=UTF-8''Tone%20One%20-%20The%20Testers.mp3`,
    });
    const file = s3.saveTo(directory, 'stored.mp3');
    expect(await probeAudioCodec(file)).toBe('mp3');
    expect(Math.abs((await probeDuration(file)) - 6)).toBeLessThan(0.5);
    const tags = await probeTags(file);
    expect(tags).toMatchObject({ title: 'Tone / "One"', artist: 'The Testers' });
    expect(tags.title).not.toBe('Source junk title');
    expect(deps.updateJob).toHaveBeenCalledWith(request.jobId, 'EXTRACTING', {
      video_id: request.video.videoId,
    });
    expect(deps.recordRendition).toHaveBeenCalledWith(request.video.videoId, 'mp3', rendition);
  });

  it('reads a direct source with the demuxer Validate found: no second ffprobe before the encode', async () => {
    const s3 = capturingS3();
    // No ffprobe on this "machine": the extraction can only succeed without probing.
    const config = mediaConfig({ ALLOW_PRIVATE_SOURCES: true, FFPROBE_PATH: '/nonexistent/ffprobe' });
    const deps = { ...testDeps(s3.s3, store.persistenceStore(), () => ({ type: 'url', url: '' })) };
    deps.resolveSource = (url: string) => resolveSource(url, config);
    const request = {
      ...extractRequest('mp3', { audioCodec: 'aac', inputFormat: 'mov' }),
      url: server.url('/clip.m4a'),
    };

    await createAudioExtractor(deps)(request, context);

    expect(Math.abs((await probeDuration(s3.saveTo(directory, 'known.mp3'))) - 6)).toBeLessThan(0.5);
  });

  it('stores a trimmed rendition under its own name, its file named by the part it holds', async () => {
    const { s3, extract } = setup(() => ({ type: 'url', url: server.url('/clip.m4a') }));
    const request = {
      ...extractRequest('mp3', { title: 'Tone', author: 'The Testers', audioCodec: 'aac' }),
      options: { startSeconds: 1, endSeconds: 3.5, coverArt: true },
    };

    const rendition = await extract(request, context);

    expect(rendition.s3Key).toBe(`audio/${request.video.videoId}/mp3-from1-to3.5.mp3`);
    const [put] = s3.calls(PutObjectCommand);
    expect(put!.args[0].input.ContentDisposition).toContain('filename="Tone - The Testers (1s-3.5s).mp3"');
    expect(Math.abs((await probeDuration(s3.saveTo(directory, 'trimmed.mp3'))) - 2.5)).toBeLessThan(0.1);
  });

  it.each([
    { format: 'm4a', source: '/clip.m4a', codec: 'aac', expected: 'aac', copied: true },
    { format: 'm4a', source: '/clip.webm', codec: 'opus', expected: 'aac', copied: false },
    { format: 'opus', source: '/clip.webm', codec: 'opus', expected: 'opus', copied: true },
    { format: 'opus', source: '/clip.m4a', codec: 'aac', expected: 'opus', copied: false },
  ] as const)('$format from a $codec source: $expected, copied: $copied', async (row) => {
    const { s3, extract } = setup(() => ({ type: 'url', url: server.url(row.source) }));
    const request = extractRequest(row.format, { audioCodec: row.codec });

    const rendition = await extract(request, context);

    expect(rendition.s3Key).toBe(`audio/${request.video.videoId}/${row.format}.${row.format}`);
    const file = s3.saveTo(directory, `${request.video.videoId}.${row.format}`);
    expect(await probeAudioCodec(file)).toBe(row.expected);
    expect(Math.abs((await probeDuration(file)) - 6)).toBeLessThan(0.5);
    expect(await probeTags(file)).toMatchObject({ title: 'A Test Tone', artist: 'The Testers' });
    const sourceHash = await audioPacketsHash(row.codec === 'aac' ? aacClip : opusClip);
    expect((await audioPacketsHash(file)) === sourceHash).toBe(row.copied);
  });

  it('reads a source handed over as a stream', async () => {
    const { s3, extract } = setup(() => ({ type: 'stream', stream: createReadStream(opusClip) }));
    await extract(extractRequest('mp3'), context);
    const file = s3.saveTo(directory, 'from-stream.mp3');
    expect(Math.abs((await probeDuration(file)) - 6)).toBeLessThan(0.5);
  });
});

describe('when extraction fails', () => {
  it('fails with ExtractionFailed on a corrupt source and stores nothing', async () => {
    const { s3, deps, extract } = setup(() => ({
      type: 'stream',
      stream: createReadStream(aacClip, { start: 5000 }),
    }));
    await expect(extract(extractRequest('mp3'), context)).rejects.toMatchObject({ name: 'ExtractionFailed' });
    expect(s3.stored()).toBeUndefined();
    expect(deps.recordRendition).not.toHaveBeenCalled();
  });

  it('fails with SourceUnreachable and stores nothing when the source connection breaks mid-body', async () => {
    const mp3Clip = await generateClip({ seconds: 8, codec: 'mp3', directory });
    const bytes = readFileSync(mp3Clip);
    // Announces the whole file, sends half, then drops the connection, and every reconnect too.
    server.route('/cut.mp3', (request, response) => {
      if (request.headers.range && request.headers.range !== 'bytes=0-')
        return void response.socket?.destroy();
      response.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': bytes.length });
      response.write(bytes.subarray(0, bytes.length / 2), () => response.socket?.destroy());
    });
    const { s3, deps, extract } = setup(() => ({ type: 'url', url: server.url('/cut.mp3') }));

    await expect(extract(extractRequest('mp3', { durationSeconds: 8 }), context)).rejects.toMatchObject({
      name: 'SourceUnreachable',
    });
    expect(s3.calls(PutObjectCommand)).toHaveLength(0);
    expect(s3.calls(CompleteMultipartUploadCommand)).toHaveLength(0);
    expect(deps.recordRendition).not.toHaveBeenCalled();
  });

  it('fails with ToolMissing, saying how to install ffmpeg, when there is no ffmpeg', async () => {
    const { s3, deps, extract } = setup(() => ({ type: 'url', url: server.url('/clip.m4a') }));
    deps.ffmpegPath.mockImplementation(() => locateFfmpeg({ pathVariable: directory, useStatic: false }));
    await expect(extract(extractRequest('mp3'), context)).rejects.toMatchObject({
      name: 'ToolMissing',
      message: expect.stringMatching(/apt-get install ffmpeg/),
    });
    expect(s3.mock.calls()).toHaveLength(0);
  });

  it('fails with StorageUnavailable when S3 refuses the object, and records nothing', async () => {
    const { s3, deps, extract } = setup(() => ({ type: 'url', url: server.url('/clip.m4a') }));
    s3.mock
      .on(PutObjectCommand)
      .rejects(
        new S3ServiceException({ name: 'SlowDown', $fault: 'server', $metadata: { httpStatusCode: 503 } }),
      );
    await expect(extract(extractRequest('mp3'), context)).rejects.toMatchObject({
      name: 'StorageUnavailable',
      message: expect.stringContaining('SlowDown'),
    });
    expect(deps.recordRendition).not.toHaveBeenCalled();
    expect(s3.calls(CompleteMultipartUploadCommand)).toHaveLength(0);
  });
});
