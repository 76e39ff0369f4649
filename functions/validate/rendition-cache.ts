/**
 * Whether a rendition can be served from S3 without extracting it again. The media table says what was
 * extracted; the bucket's lifecycle rule may have expired the object since, so S3 has the last word.
 */
import { HeadObjectCommand, NotFound, type S3Client } from '@aws-sdk/client-s3';
import type { MediaTable } from '../shared/tables/media.js';
import type { AudioFormat } from '../shared/types.js';

export interface RenditionCacheDeps {
  s3: S3Client;
  bucket: string;
  media: Pick<MediaTable, 'get' | 'forgetRendition'>;
}

async function objectExists(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    // HEAD responses have no body, so some endpoints surface a 404 without the NotFound class.
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (error instanceof NotFound || status === 404) return false;
    throw error;
  }
}

/** True when the rendition is recorded and its object still exists; a recorded but expired one is forgotten. */
export async function hasCachedRendition(
  videoId: string,
  format: AudioFormat,
  deps: RenditionCacheDeps,
): Promise<boolean> {
  const item = await deps.media.get(videoId);
  const recorded = item?.renditions?.[format];
  if (!recorded) return false;
  if (await objectExists(deps.s3, deps.bucket, recorded.s3_key)) return true;
  await deps.media.forgetRendition(videoId, format);
  return false;
}
