/**
 * Whether a rendition can be served from S3 without extracting it again. The media table says what was
 * extracted; the bucket's lifecycle rule may have expired the object since, so S3 has the last word.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { objectExists } from '../shared/storage/object-exists.js';
import type { MediaTable } from '../shared/tables/media.js';

export interface RenditionCacheDeps {
  s3: S3Client;
  bucket: string;
  media: Pick<MediaTable, 'get' | 'forgetRendition'>;
}

/** True when the rendition (its `renditionName`) is recorded and its object still exists; a recorded but expired one is forgotten. */
export async function hasCachedRendition(
  videoId: string,
  rendition: string,
  deps: RenditionCacheDeps,
): Promise<boolean> {
  const item = await deps.media.get(videoId);
  const recorded = item?.renditions?.[rendition];
  if (!recorded) return false;
  if (await objectExists(deps.s3, deps.bucket, recorded.s3_key)) return true;
  await deps.media.forgetRendition(videoId, rendition);
  return false;
}
