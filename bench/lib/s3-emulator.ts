/** Starts the S3 emulator in a child process and creates the bench bucket in it. */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { join } from 'node:path';
import { startReadyChild, stopChild } from './child.js';

export interface S3Emulator {
  endpoint: string;
  bucket: string;
  stop(): Promise<void>;
}

const TSX = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');

export async function startS3Emulator(bucket = 'bench-media'): Promise<S3Emulator> {
  const { ready, child } = await startReadyChild<{ endpoint: string }>(TSX, [
    join(import.meta.dirname, '..', 'processes', 's3-emulator.ts'),
  ]);
  const s3 = new S3Client({ endpoint: ready.endpoint, forcePathStyle: true, region: 'us-east-1' });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } finally {
    s3.destroy();
  }
  return { endpoint: ready.endpoint, bucket, stop: () => stopChild(child) };
}
