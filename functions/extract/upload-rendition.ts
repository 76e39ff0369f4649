/**
 * Streams a running transcode into S3 with a multipart upload (bounded queue, memory flat). A failure on
 * either side aborts the multipart upload and stops ffmpeg, so nothing half-written is left in the bucket.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { AudioSyncError, StorageUnavailable } from '../shared/errors.js';
import type { Transcode } from '../shared/ffmpeg/transcode.js';

// S3's smallest part, two in flight: ffmpeg writes a few MB/s at most, so more buffers add memory, not speed.
export const PART_SIZE = 5 * 1024 * 1024;
export const QUEUE_SIZE = 2;

export interface RenditionUpload {
  s3: S3Client;
  bucket: string;
  key: string;
  contentType: string;
  contentDisposition: string;
  transcode: Transcode;
}

/** Uploads the transcode's output; resolves with the bytes stored once S3 holds the complete object. */
export async function uploadRendition(target: RenditionUpload): Promise<{ bytes: number }> {
  const { transcode } = target;
  const upload = new Upload({
    client: target.s3,
    partSize: PART_SIZE,
    queueSize: QUEUE_SIZE,
    params: {
      Bucket: target.bucket,
      Key: target.key,
      Body: transcode.output,
      ContentType: target.contentType,
      ContentDisposition: target.contentDisposition,
    },
  });
  try {
    // A transcode failure errors the body stream: lib-storage then sends AbortMultipartUpload *before*
    // done() rejects, which upload.abort() would not wait for.
    await upload.done();
  } catch (error) {
    transcode.kill();
    // Signals any uploader still running to stop; the multipart upload itself is already aborted.
    await upload.abort();
    if (error instanceof AudioSyncError) throw error;
    throw new StorageUnavailable(`Uploading s3://${target.bucket}/${target.key} failed: ${describe(error)}`, {
      cause: error,
    });
  }
  // The body ended, so ffmpeg's exit was judged a success; this only surfaces the result.
  await transcode.done;
  return { bytes: transcode.outputBytes };
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
