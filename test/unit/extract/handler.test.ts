import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractConfig } from '../../../functions/extract/config.js';
import { createExtractHandler, handler } from '../../../functions/extract/handler.js';
import { generateClip, tempDirectory } from '../../support/media.js';
import {
  capturingS3,
  extractRequest,
  lambdaContext,
  startIdempotencyStore,
  testDeps,
} from './extract-fixture.js';

let clip: string;
let store: Awaited<ReturnType<typeof startIdempotencyStore>>;

beforeAll(async () => {
  clip = await generateClip({ seconds: 3, codec: 'opus', directory: tempDirectory() });
  store = await startIdempotencyStore();
});
afterAll(() => store.stop());

function setup() {
  const s3 = capturingS3();
  const deps = testDeps(s3.s3, store.persistenceStore(), () => ({ type: 'url', url: clip }));
  return { s3, deps, handle: createExtractHandler(deps) };
}

describe('extract handler', () => {
  it('returns the rendition for a state machine payload', async () => {
    const { deps, handle } = setup();
    const payload = {
      ...extractRequest('opus', { durationSeconds: 3, audioCodec: 'opus' }),
      extra: 'ignored',
    };
    const rendition = await handle(payload, lambdaContext(60_000));
    expect(rendition).toMatchObject({
      s3Key: `audio/${payload.video.videoId}/opus.opus`,
      contentType: 'audio/ogg',
    });
    expect(deps.recordRendition).toHaveBeenCalledOnce();
  });

  it('rejects a malformed payload with InvalidTaskInput naming the fields, before touching the job', async () => {
    const { deps, handle } = setup();
    const payload = { jobId: 'job-1', url: 'https://x', format: 'wav', video: { videoId: 'v', title: 't' } };
    const error = await handle(payload, lambdaContext(60_000)).catch((caught: Error) => caught);
    expect(error).toMatchObject({ name: 'InvalidTaskInput' });
    for (const field of ['format', 'video.author', 'video.durationSeconds', 'video.cached']) {
      expect((error as Error).message).toContain(`${field}:`);
    }
    expect(deps.updateJob).not.toHaveBeenCalled();
  });

  it('needs no environment to be imported, and names the missing variables when invoked without it', async () => {
    extractConfig.reset();
    const saved = { bucket: process.env.MEDIA_BUCKET, table: process.env.MEDIA_TABLE };
    delete process.env.MEDIA_BUCKET;
    delete process.env.MEDIA_TABLE;
    try {
      await expect(handler(extractRequest('mp3'), lambdaContext(60_000))).rejects.toMatchObject({
        name: 'ConfigError',
        message: expect.stringContaining('MEDIA_BUCKET is required'),
      });
    } finally {
      if (saved.bucket !== undefined) process.env.MEDIA_BUCKET = saved.bucket;
      if (saved.table !== undefined) process.env.MEDIA_TABLE = saved.table;
      extractConfig.reset();
    }
  });
});
