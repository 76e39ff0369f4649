/**
 * Downloads a thumbnail through an egress door of its own (the address policy, SOURCE_PROXY_URL, a byte
 * cap and a deadline, as every source request), and keeps it only if it is a JPEG, PNG or WebP picture.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openEgressDoor, type DoorOptions } from '../egress/door.js';
import type { LookupAll } from '../host-check.js';
import { sourceFetch, type FetchFunction } from '../proxy-fetch.js';
import type { MediaSourceConfig } from '../types.js';
import { CoverArtMissing } from './cover-art-missing.js';
import { PICTURE_CONTENT_TYPE, pictureType, type PictureType } from './picture-type.js';

export interface ThumbnailOptions {
  config: Pick<MediaSourceConfig, 'ALLOW_PRIVATE_SOURCES' | 'SOURCE_PROXY_URL'>;
  maxBytes: number;
  timeoutMs: number;
  lookup?: LookupAll;
  connect?: DoorOptions['connect'];
  /** Replaces the door's fetch, as the source drivers' `fetch` does (tests route YouTube's hosts to a fake). */
  fetch?: FetchFunction;
}

export interface DownloadedPicture {
  path: string;
  type: PictureType;
}

/** Headers and TLS records pass the door too: it allows this much more than the picture itself. */
const DOOR_SLACK_BYTES = 256 * 1024;

/** YouTube lists maxresdefault even for videos that have none (404): hqdefault always exists. */
export function thumbnailCandidates(url: string): string[] {
  const fallback = url.replace(
    /^(https:\/\/i\d*\.ytimg\.com\/vi(?:_webp)?\/[\w-]{11}\/)maxresdefault\./,
    '$1hqdefault.',
  );
  return fallback === url ? [url] : [url, fallback];
}

/** The body, refused as soon as it passes `maxBytes` (a missing or lying Content-Length does not help). */
async function cappedBody(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw new CoverArtMissing(`the thumbnail is larger than ${maxBytes} bytes`);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  for (;;) {
    const { done, value } = reader ? await reader.read() : { done: true, value: undefined };
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader?.cancel().catch(() => undefined);
      throw new CoverArtMissing(`the thumbnail is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

async function fetchPicture(url: string, fetch: FetchFunction, options: ThumbnailOptions) {
  const response = await fetch(url, {
    headers: { accept: 'image/jpeg,image/png,image/webp' },
    redirect: 'follow',
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    return { status: response.status };
  }
  if (!PICTURE_CONTENT_TYPE.test(response.headers.get('content-type') ?? '')) {
    await response.body?.cancel().catch(() => undefined);
    throw new CoverArtMissing('the thumbnail answer is not a JPEG, PNG or WebP image (Content-Type)');
  }
  return { status: response.status, bytes: await cappedBody(response, options.maxBytes) };
}

export async function downloadThumbnail(
  url: string,
  directory: string,
  options: ThumbnailOptions,
): Promise<DownloadedPicture> {
  if (!/^https?:\/\//i.test(url)) throw new CoverArtMissing('the thumbnail URL is not http(s)');
  if (options.fetch) return savePicture(url, directory, options.fetch, options);
  const door = await openEgressDoor({
    policy: options.config.ALLOW_PRIVATE_SOURCES,
    upstream: options.config.SOURCE_PROXY_URL,
    maxBytes: options.maxBytes + DOOR_SLACK_BYTES,
    deadlineMs: options.timeoutMs,
    lookup: options.lookup,
    connect: options.connect,
  });
  try {
    return await savePicture(url, directory, sourceFetch(door.url), options);
  } catch (error) {
    // The door's refusal (a private address, the cap, the deadline) says more than fetch's "fetch failed".
    throw door.failure ?? error;
  } finally {
    await door.close();
  }
}

/** The first candidate that is not a 404, kept if its bytes are a picture. */
async function savePicture(
  url: string,
  directory: string,
  fetch: FetchFunction,
  options: ThumbnailOptions,
): Promise<DownloadedPicture> {
  let answer: Awaited<ReturnType<typeof fetchPicture>> = { status: 0 };
  for (const candidate of thumbnailCandidates(url)) {
    answer = await fetchPicture(candidate, fetch, options);
    if (answer.status !== 404) break;
  }
  if (!answer.bytes) throw new CoverArtMissing(`the thumbnail answered HTTP ${answer.status}`);
  const type = pictureType(answer.bytes);
  if (!type) throw new CoverArtMissing('the thumbnail is not a JPEG, PNG or WebP picture');
  const path = join(directory, `thumbnail.${type}`);
  await writeFile(path, answer.bytes, { mode: 0o600 });
  return { path, type };
}
