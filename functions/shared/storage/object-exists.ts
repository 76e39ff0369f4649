/** Whether an object is in the bucket: the recorded state of a rendition is only true while S3 holds it. */
import { HeadObjectCommand, NotFound, type S3Client } from '@aws-sdk/client-s3';

export async function objectExists(s3: S3Client, bucket: string, key: string): Promise<boolean> {
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
