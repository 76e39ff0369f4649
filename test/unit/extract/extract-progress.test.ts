import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { createAudioExtractor } from '../../../functions/extract/extract-audio.js';
import { generateClip, startMediaServer, tempDirectory, type MediaServer } from '../../support/media.js';
import {
  capturingS3,
  extractRequest,
  lambdaContext,
  startIdempotencyStore,
  testDeps,
} from './extract-fixture.js';

describe('extraction progress', () => {
  let directory: string;
  let server: MediaServer;
  let store: Awaited<ReturnType<typeof startIdempotencyStore>>;

  beforeAll(async () => {
    directory = tempDirectory();
    server = await startMediaServer();
    server.serveFile('/clip.m4a', await generateClip({ seconds: 8, directory }), 'audio/mp4');
    store = await startIdempotencyStore();
  });
  afterAll(async () => {
    await server.close();
    await store.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('is written to the job from ffmpeg’s reports, rising to 1 by the end', async () => {
    const s3 = capturingS3();
    const deps = testDeps(s3.s3, store.persistenceStore(), () => ({
      type: 'url',
      url: server.url('/clip.m4a'),
    }));
    const seen: number[] = [];
    deps.onProgress = (seconds) => seen.push(seconds);
    const request = extractRequest('mp3', { durationSeconds: 8 });

    await createAudioExtractor(deps)(request, lambdaContext(60_000));

    const writes = (deps.jobs.recordProgress as unknown as { mock: { calls: [string, number][] } }).mock
      .calls;
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every(([jobId]) => jobId === request.jobId)).toBe(true);
    const fractions = writes.map(([, fraction]) => fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBeGreaterThanOrEqual(0.95);
    // The stack's own listener still hears every report.
    expect(seen.length).toBeGreaterThanOrEqual(writes.length);
  });

  it('still delivers the rendition when every progress write fails', async () => {
    const s3 = capturingS3();
    const deps = testDeps(s3.s3, store.persistenceStore(), () => ({
      type: 'url',
      url: server.url('/clip.m4a'),
    }));
    deps.jobs.recordProgress = async () => Promise.reject(new Error('ThrottlingException'));

    const rendition = await createAudioExtractor(deps)(
      extractRequest('opus', { durationSeconds: 8 }),
      lambdaContext(60_000),
    );

    expect(rendition.bytes).toBeGreaterThan(0);
    expect(deps.recordRendition).toHaveBeenCalledTimes(1);
  });
});
