import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAudioExtractor } from '../../../functions/extract/extract-audio.js';
import type { AudioInput } from '../../../functions/shared/media/types.js';
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
  clip = await generateClip({ seconds: 3, codec: 'aac', directory: tempDirectory() });
  store = await startIdempotencyStore();
});
afterAll(() => store.stop());

/** An extractor whose source can be held back, to keep a run in progress. */
function setup() {
  const s3 = capturingS3();
  let release: () => void = () => undefined;
  let holdBack = false;
  let opened = 0;
  const open = async (): Promise<AudioInput> => {
    opened += 1;
    if (holdBack) {
      holdBack = false;
      await new Promise<void>((resolve) => (release = resolve));
    }
    return { type: 'url', url: clip };
  };
  const deps = testDeps(s3.s3, store.persistenceStore(), open);
  return {
    s3,
    deps,
    extract: createAudioExtractor(deps),
    /** Times the source was opened: only after the run's in-progress record was written. */
    opened: () => opened,
    holdNextSource: () => (holdBack = true),
    releaseSource: () => release(),
  };
}

describe('one extraction per rendition', () => {
  it('reuses the stored result for the same video and format without running ffmpeg again', async () => {
    const { s3, deps, extract } = setup();
    const first = extractRequest('mp3', { durationSeconds: 3 });
    const second = { ...first, jobId: 'another-job' };

    const original = await extract(first, lambdaContext(60_000));
    const reused = await extract(second, lambdaContext(60_000));

    expect(reused).toEqual(original);
    expect(deps.ffmpegPath).toHaveBeenCalledOnce();
    expect(s3.calls(PutObjectCommand)).toHaveLength(1);
    expect(deps.recordRendition).toHaveBeenCalledOnce();
    // Each job still moves to EXTRACTING.
    expect(deps.updateJob).toHaveBeenCalledWith('another-job', 'EXTRACTING', expect.anything());
  });

  it('extracts again when the stored result names an object that is gone, then reuses the new one', async () => {
    const { s3, deps, extract } = setup();
    const first = extractRequest('mp3', { durationSeconds: 3 });
    const original = await extract(first, lambdaContext(60_000));
    s3.forget();

    const remade = await extract({ ...first, jobId: 'after-restart' }, lambdaContext(60_000));
    expect(remade.s3Key).toBe(original.s3Key);
    expect(s3.stored()?.length).toBe(remade.bytes);
    expect(deps.ffmpegPath).toHaveBeenCalledTimes(2);
    // Recorded again, so Notify finds the rendition the validate cache check forgot.
    expect(deps.recordRendition).toHaveBeenCalledTimes(2);

    const reused = await extract({ ...first, jobId: 'third-job' }, lambdaContext(60_000));
    expect(reused).toEqual(remade);
    expect(deps.ffmpegPath).toHaveBeenCalledTimes(2);
  });

  it('extracts another format of the same video separately', async () => {
    const { deps, extract } = setup();
    const mp3 = extractRequest('mp3', { durationSeconds: 3 });
    await extract(mp3, lambdaContext(60_000));
    await extract({ ...mp3, format: 'opus' }, lambdaContext(60_000));
    expect(deps.ffmpegPath).toHaveBeenCalledTimes(2);
  });

  it('answers ExtractionInProgress to a concurrent extraction, which later gets the result', async () => {
    const { s3, extract, opened, holdNextSource, releaseSource } = setup();
    const request = extractRequest('m4a', { durationSeconds: 3 });
    holdNextSource();
    const running = extract(request, lambdaContext(60_000));
    await expect.poll(opened).toBe(1);

    await expect(extract({ ...request, jobId: 'concurrent' }, lambdaContext(60_000))).rejects.toMatchObject({
      name: 'ExtractionInProgress',
      message: expect.stringContaining(`${request.video.videoId}#m4a`),
    });

    releaseSource();
    const rendition = await running;
    await expect(extract({ ...request, jobId: 'retry' }, lambdaContext(60_000))).resolves.toEqual(rendition);
    expect(s3.calls(PutObjectCommand)).toHaveLength(1);
  });

  it('lets a retry run when the in-progress run outlived its invocation (a crash)', async () => {
    const { extract, opened, holdNextSource, releaseSource } = setup();
    const request = extractRequest('mp3', { durationSeconds: 3 });
    holdNextSource();
    // The stuck run's invocation had 1 ms left: its in-progress record expires at once.
    const stuck = extract(request, lambdaContext(1));
    await expect.poll(opened).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 10));

    await expect(extract({ ...request, jobId: 'after-crash' }, lambdaContext(60_000))).resolves.toMatchObject(
      {
        s3Key: expect.stringContaining(request.video.videoId),
      },
    );
    releaseSource();
    await stuck.catch(() => undefined);
  });

  it('runs again after a failed extraction instead of reporting it in progress', async () => {
    const { deps, extract } = setup();
    const request = extractRequest('mp3', { durationSeconds: 3 });
    deps.ffmpegPath.mockReturnValueOnce('/nonexistent/ffmpeg');
    await expect(extract(request, lambdaContext(60_000))).rejects.toMatchObject({ name: 'ToolMissing' });
    await expect(extract(request, lambdaContext(60_000))).resolves.toMatchObject({
      bytes: expect.any(Number),
    });
  });
});
