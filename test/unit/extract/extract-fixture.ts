/** Extract's test wiring: a mocked S3 that keeps what was uploaded, dynalite for idempotency, fake sources. */
import { DEFAULT_AUDIO_OPTIONS } from '../../../functions/shared/contract/audio-options.js';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  NotFound,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { vi } from 'vitest';
import type { ExtractDeps, ExtractRequest } from '../../../functions/extract/extract-audio.js';
import type { AudioInput, MediaSource } from '../../../functions/shared/media/types.js';
import type { AudioFormat, Rendition } from '../../../functions/shared/types.js';

/** S3 mocked at the client: keeps the bytes of the object that was completed, if any. */
export function capturingS3() {
  const s3 = new S3Client({ region: 'us-east-1' });
  const mock = mockClient(s3);
  const parts = new Map<number, Buffer>();
  let stored: Buffer | undefined;
  mock.on(PutObjectCommand).callsFake((input: { Body: Uint8Array }) => {
    stored = Buffer.from(input.Body);
    return { ETag: '"single"' };
  });
  mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'upload-1' });
  mock.on(UploadPartCommand).callsFake((input: { Body: Uint8Array; PartNumber: number }) => {
    parts.set(input.PartNumber, Buffer.from(input.Body));
    return { ETag: `"part-${input.PartNumber}"` };
  });
  mock
    .on(CompleteMultipartUploadCommand)
    .callsFake((input: { MultipartUpload: { Parts: { PartNumber: number }[] } }) => {
      stored = Buffer.concat(input.MultipartUpload.Parts.map((part) => parts.get(part.PartNumber)!));
      return {};
    });
  mock.on(AbortMultipartUploadCommand).resolves({});
  mock.on(HeadObjectCommand).callsFake(() => {
    if (!stored) throw new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } });
    return { ContentLength: stored.length };
  });
  return {
    s3,
    mock,
    stored: () => stored,
    /** The object disappears, as after a lifecycle expiry or a restart of the local stack's S3. */
    forget: () => void (stored = undefined),
    /** Writes the stored object to a file for ffprobe. */
    saveTo(directory: string, name: string): string {
      if (!stored) throw new Error('Nothing was stored in S3');
      const path = join(directory, name);
      writeFileSync(path, stored);
      return path;
    },
    calls: (command: Parameters<typeof mock.commandCalls>[0]) => mock.commandCalls(command),
  };
}

type DynaliteFactory = (options: { createTableMs?: number }) => Server;
const dynalite = createRequire(import.meta.url)('dynalite') as DynaliteFactory;

/** An in-process DynamoDB with the idempotency table, for the real Powertools persistence layer. */
export async function startIdempotencyStore() {
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1' });
  const tableName = 'idempotency';
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  return {
    persistenceStore: () => new DynamoDBPersistenceLayer({ tableName, awsSdkV3Client: client }),
    stop: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A source that hands ffmpeg the given input (resolved lazily, so a test can hold it back). */
export function fakeSource(open: () => Promise<AudioInput> | AudioInput): MediaSource {
  return {
    kind: 'http',
    videoId: 'unused',
    url: 'http://example.invalid/',
    probe: () => Promise.reject(new Error('extract never probes')),
    openAudio: async () => open(),
  };
}

export interface TestDeps extends ExtractDeps {
  recordRendition: ReturnType<typeof vi.fn>;
  updateJob: ReturnType<typeof vi.fn>;
  ffmpegPath: ReturnType<typeof vi.fn<() => string>>;
}

export function testDeps(
  s3: S3Client,
  persistenceStore: DynamoDBPersistenceLayer,
  open: () => Promise<AudioInput> | AudioInput,
): TestDeps {
  const recordRendition = vi.fn(async () => undefined);
  const updateJob = vi.fn(async () => undefined);
  return {
    s3,
    bucket: 'media-bucket',
    media: { recordRendition },
    jobs: { update: updateJob, recordProgress: vi.fn(async () => undefined) },
    resolveSource: () => fakeSource(open),
    ffmpegPath: vi.fn(() => '/usr/bin/ffmpeg'),
    idempotency: { persistenceStore },
    clock: () => new Date('2026-01-02T03:04:05.000Z'),
    recordRendition,
    updateJob,
  };
}

let counter = 0;
/** A request for a fresh rendition (unique video id, so idempotency records never collide). */
export function extractRequest(
  format: AudioFormat,
  video: Partial<ExtractRequest['video']> = {},
): ExtractRequest {
  counter += 1;
  return {
    jobId: `job-${counter}`,
    url: 'https://media.example/clip',
    format,
    options: DEFAULT_AUDIO_OPTIONS,
    video: {
      videoId: `url-video${counter}`,
      title: 'A Test Tone',
      author: 'The Testers',
      durationSeconds: 6,
      cached: false,
      ...video,
    },
  };
}

/** A Lambda context with the given time left, which bounds an in-progress idempotency record. */
export function lambdaContext(remainingMillis: number): Context {
  return { getRemainingTimeInMillis: () => remainingMillis } as unknown as Context;
}

export type { Rendition };
