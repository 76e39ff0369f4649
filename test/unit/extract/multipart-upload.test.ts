// Renditions over one 5 MiB part go through a real multipart upload: a 7-minute source makes ~10 MB of mp3.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  PutObjectCommand,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAudioExtractor } from '../../../functions/extract/extract-audio.js';
import { DEFAULT_SEGMENT_SECONDS } from '../../../functions/shared/ffmpeg/parallel-mp3.js';
import { segmentPlan } from '../../../functions/shared/ffmpeg/parallel-plan.js';
import {
  generateClip,
  probeDuration,
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

const SECONDS = 420;
let directory: string;
let longClip: string;
let server: MediaServer;
let store: Awaited<ReturnType<typeof startIdempotencyStore>>;

beforeAll(async () => {
  directory = tempDirectory();
  longClip = await generateClip({ seconds: SECONDS, codec: 'mp3', directory });
  server = await startMediaServer();
  server.serveFile('/long.mp3', longClip, 'audio/mpeg');
  store = await startIdempotencyStore();
});
afterAll(async () => {
  await server.close();
  await store.stop();
});

function setup(path: string) {
  const s3 = capturingS3();
  const deps = testDeps(s3.s3, store.persistenceStore(), () => ({ type: 'url', url: server.url(path) }));
  return { s3, deps, extract: createAudioExtractor(deps) };
}

const longRequest = () => extractRequest('mp3', { durationSeconds: SECONDS });

describe('multipart upload of a long rendition', () => {
  it('uploads 5 MiB parts, the smallest S3 allows, and completes them into the whole file', async () => {
    const { s3, deps, extract } = setup('/long.mp3');
    const rendition = await extract(longRequest(), lambdaContext(60_000));

    const parts = s3.calls(UploadPartCommand);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect((parts[0]!.args[0].input.Body as Uint8Array).length).toBe(5 * 1024 * 1024);
    expect(s3.calls(PutObjectCommand)).toHaveLength(0);
    expect(s3.calls(CompleteMultipartUploadCommand)).toHaveLength(1);
    expect(rendition.bytes).toBe(s3.stored()!.length);
    const file = s3.saveTo(directory, 'long.mp3');
    expect(Math.abs((await probeDuration(file)) - SECONDS)).toBeLessThan(0.5);
    expect(deps.recordRendition).toHaveBeenCalledOnce();
  });

  it('aborts the multipart upload and records nothing when the source is cut off mid-stream', async () => {
    const bytes = readFileSync(longClip);
    const cutAt = Math.floor(bytes.length * 0.95);
    // Sends 95% of the file under a full Content-Length, then drops the connection, and every resume by range.
    server.route('/cut.mp3', (request, response) => {
      if (request.headers.range && request.headers.range !== 'bytes=0-')
        return void response.socket?.destroy();
      response.writeHead(200, {
        'content-type': 'audio/mpeg',
        'content-length': bytes.length,
        'accept-ranges': 'bytes',
      });
      response.write(bytes.subarray(0, cutAt), () => response.socket?.destroy());
    });
    const { s3, deps, extract } = setup('/cut.mp3');

    await expect(extract(longRequest(), lambdaContext(60_000))).rejects.toMatchObject({
      name: 'SourceUnreachable',
    });
    expect(s3.calls(UploadPartCommand).length).toBeGreaterThanOrEqual(1);
    expect(s3.calls(AbortMultipartUploadCommand).map((call) => call.args[0].input)).toEqual([
      { Bucket: 'media-bucket', Key: expect.stringMatching(/\/mp3\.mp3$/), UploadId: 'upload-1' },
    ]);
    expect(s3.calls(CompleteMultipartUploadCommand)).toHaveLength(0);
    expect(deps.recordRendition).not.toHaveBeenCalled();
  });

  it('aborts the multipart upload with StorageUnavailable when S3 keeps failing a part', async () => {
    const { s3, deps, extract } = setup('/long.mp3');
    s3.mock.on(UploadPartCommand).rejects(
      new S3ServiceException({
        name: 'InternalError',
        $fault: 'server',
        $metadata: { httpStatusCode: 500 },
      }),
    );

    await expect(extract(longRequest(), lambdaContext(60_000))).rejects.toMatchObject({
      name: 'StorageUnavailable',
    });
    expect(s3.calls(AbortMultipartUploadCommand)).toHaveLength(1);
    expect(s3.calls(CompleteMultipartUploadCommand)).toHaveLength(0);
    expect(deps.recordRendition).not.toHaveBeenCalled();
  });
});

/** An ffmpeg that counts its runs in a file beside itself. */
function countingFfmpeg(name: string) {
  const path = join(directory, name);
  writeFileSync(path, `#!/bin/sh\necho run >> "$0.runs"\nexec /usr/bin/ffmpeg "$@"\n`);
  chmodSync(path, 0o755);
  return {
    path,
    runs: () =>
      existsSync(`${path}.runs`) ? readFileSync(`${path}.runs`, 'utf8').trim().split('\n').length : 0,
  };
}

describe('encoding a long mp3', () => {
  it.each([
    { workers: 1, runs: 1 },
    // One decoder, then one encoder per segment, two at a time: 420 s makes two rounds of two.
    { workers: 2, runs: 1 + segmentPlan(SECONDS, DEFAULT_SEGMENT_SECONDS, 2).count },
  ])(
    'with $workers encoder worker(s) runs ffmpeg $runs time(s) and stores the whole file',
    async ({ workers, runs }) => {
      const ffmpeg = countingFfmpeg(`ffmpeg-${workers}`);
      const s3 = capturingS3();
      const deps = {
        ...testDeps(s3.s3, store.persistenceStore(), () => ({
          type: 'url' as const,
          url: server.url('/long.mp3'),
        })),
        ffmpegPath: () => ffmpeg.path,
        encoderWorkers: workers,
      };

      await createAudioExtractor(deps)(longRequest(), lambdaContext(60_000));

      expect(ffmpeg.runs()).toBe(runs);
      const file = s3.saveTo(directory, `long-${workers}.mp3`);
      expect(Math.abs((await probeDuration(file)) - SECONDS)).toBeLessThan(0.5);
    },
  );
});
