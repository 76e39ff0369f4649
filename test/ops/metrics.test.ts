import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';

// Metrics are disabled for every other suite; this one reads the EMF lines the functions write.
const previous = vi.hoisted(() => {
  const value = process.env.POWERTOOLS_METRICS_DISABLED;
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  return value;
});

import { createValidateHandler } from '../../functions/validate/handler.js';
import { createExtractHandler } from '../../functions/extract/handler.js';
import { METRICS_NAMESPACE } from '../../functions/shared/metrics.js';
import { generateClip, tempDirectory } from '../support/media.js';
import { createApi, postJob } from '../unit/api/api-fixture.js';
import {
  capturingS3,
  extractRequest,
  lambdaContext,
  startIdempotencyStore,
  testDeps,
} from '../unit/extract/extract-fixture.js';
import { failedWorld, statusChange, stopFailedWorlds } from '../unit/failed/failed-fixture.js';
import { DELIVERED, notifyWorld, rejected } from '../unit/notify/notify-fixture.js';
import { MP3_RENDITION, REQUEST, validateWorld } from '../unit/validate/validate-fixture.js';

interface EmfLine {
  _aws: { CloudWatchMetrics: { Namespace: string; Metrics: { Name: string; Unit: string }[] }[] };
  service: string;
  [metric: string]: unknown;
}

let stdout: MockInstance;
let lines: EmfLine[] = [];

beforeAll(() => {
  const write = process.stdout.write.bind(process.stdout);
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk, ...rest) => {
    const text = String(chunk);
    if (!text.includes('"_aws"')) return write(chunk as string, ...(rest as []));
    lines.push(
      ...text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as EmfLine),
    );
    return true;
  });
});
afterEach(() => {
  lines = [];
});
afterAll(async () => {
  await stopFailedWorlds();
  stdout.mockRestore();
  if (previous === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
  else process.env.POWERTOOLS_METRICS_DISABLED = previous;
});

/** name → every value published, across the invocation's EMF lines. */
function published(): Record<string, unknown[]> {
  const values: Record<string, unknown[]> = {};
  for (const line of lines) {
    for (const definition of line._aws.CloudWatchMetrics.flatMap((metrics) => metrics.Metrics)) {
      (values[definition.Name] ??= []).push(line[definition.Name]);
    }
  }
  return values;
}

describe('business metrics', () => {
  it('publishes in the AudioSync namespace with the service dimension', async () => {
    const world = notifyWorld();
    await world.notify(DELIVERED);
    expect(lines).toHaveLength(1);
    expect(lines[0]!._aws.CloudWatchMetrics[0]!.Namespace).toBe(METRICS_NAMESPACE);
    expect(lines[0]!.service).toBe('audio-sync');
  });

  it('counts a delivered job once: JobsDelivered=1, and nothing when the same notify is replayed', async () => {
    const world = notifyWorld();
    await world.notify(DELIVERED);
    expect(published()).toEqual({ JobsDelivered: [1] });
    lines = [];
    await world.notify(DELIVERED);
    expect(world.emails()).toHaveLength(1);
    expect(published()).toEqual({});
  });

  it('counts a rejected job as JobsRejected=1', async () => {
    const world = notifyWorld();
    await world.notify(rejected('VideoTooLong', 'The video is 45 minutes long.'));
    expect(published()).toEqual({ JobsRejected: [1] });
  });

  it('counts a new API job as JobsSubmitted=1 and an idempotent replay of the request as nothing', async () => {
    const api = createApi();
    try {
      const body = { url: 'https://youtu.be/dQw4w9WgXcQ', email: 'jane@example.com' };
      const first = await api.call(postJob(body, { 'idempotency-key': 'key-metrics-1' }));
      expect(first.statusCode).toBe(202);
      expect(published()).toEqual({ JobsSubmitted: [1] });
      lines = [];
      const replay = await api.call(postJob(body, { 'idempotency-key': 'key-metrics-1' }));
      expect(replay.headers?.['idempotent-replayed']).toBe('true');
      expect(published()).toEqual({});
    } finally {
      api.restore();
    }
  });

  it('counts a refused API request as nothing', async () => {
    const api = createApi();
    try {
      const response = await api.call(
        postJob({ url: 'https://youtu.be/dQw4w9WgXcQ', email: 'not-an-email' }),
      );
      expect(response.statusCode).toBe(400);
      expect(published()).toEqual({});
    } finally {
      api.restore();
    }
  });

  it('counts a failed job once: JobsFailed=1, and nothing for a duplicate failure event', async () => {
    const world = await failedWorld();
    await world.handler(statusChange('FAILED'));
    expect(published()).toEqual({ JobsFailed: [1] });
    lines = [];
    await world.handler(statusChange('FAILED'));
    expect(published()).toEqual({});
  });

  it('counts a rendition served from S3 as a cache hit, and an uncached one as nothing', async () => {
    const cached = validateWorld({ renditions: { mp3: MP3_RENDITION } });
    await createValidateHandler(cached.deps)(REQUEST);
    expect(published()).toEqual({ CacheHits: [1] });
    lines = [];
    const uncached = validateWorld();
    await createValidateHandler(uncached.deps)(REQUEST);
    expect(published()).toEqual({});
  });

  describe('extraction', () => {
    let clip: string;
    let store: Awaited<ReturnType<typeof startIdempotencyStore>>;
    beforeAll(async () => {
      clip = await generateClip({ seconds: 2, codec: 'opus', directory: tempDirectory() });
      store = await startIdempotencyStore();
    });
    afterAll(() => store?.stop());

    it('records seconds and bytes when ffmpeg ran, and nothing when the rendition is reused', async () => {
      const s3 = capturingS3();
      const deps = testDeps(s3.s3, store.persistenceStore(), () => ({ type: 'url', url: clip }));
      const extract = createExtractHandler(deps);
      const request = extractRequest('opus', { durationSeconds: 2, audioCodec: 'opus' });
      const rendition = await extract(request, lambdaContext(60_000));
      const values = published();
      expect(Object.keys(values).sort()).toEqual(['ExtractedBytes', 'ExtractionSeconds']);
      expect(values.ExtractedBytes).toEqual([rendition.bytes]);
      expect(values.ExtractionSeconds![0]).toBeGreaterThan(0);
      const units = lines[0]!._aws.CloudWatchMetrics[0]!.Metrics;
      expect(units).toEqual(
        expect.arrayContaining([
          { Name: 'ExtractionSeconds', Unit: 'Seconds' },
          { Name: 'ExtractedBytes', Unit: 'Bytes' },
        ]),
      );
      lines = [];
      await extract({ ...request, jobId: 'another-job' }, lambdaContext(60_000));
      expect(published()).toEqual({});
    });
  });
});
