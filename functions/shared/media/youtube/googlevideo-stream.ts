/** Reads a googlevideo format URL in ranged chunks, as YouTube's players do (whole-file GETs are throttled). */
import type { FetchFunction } from '../proxy-fetch.js';

/** The headers YouTube's web players send with media requests. */
export const STREAM_HEADERS: Record<string, string> = {
  accept: '*/*',
  origin: 'https://www.youtube.com',
  referer: 'https://www.youtube.com/',
};

const CHUNK_BYTES = 10 * 1024 * 1024;

/** An HTTP answer other than 2xx from googlevideo (403: the URL is not ours or its n was not solved). */
export class MediaFetchFailed extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'MediaFetchFailed';
  }
}

/**
 * Yields the bytes of `url` (`contentLength` long when known) with YouTube's `&range=a-b` query
 * parameter, one request per 10 MiB. Without a length it asks once for everything.
 */
export async function* googlevideoChunks(
  fetch: FetchFunction,
  url: string,
  contentLength: number | undefined,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (;;) {
    const end = contentLength ? Math.min(start + CHUNK_BYTES, contentLength) - 1 : undefined;
    const ranged = contentLength ? `${url}&range=${start}-${end}` : url;
    const response = await fetch(ranged, { headers: STREAM_HEADERS, redirect: 'follow', signal });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new MediaFetchFailed(response.status, `googlevideo answered status code ${response.status}`);
    }
    let received = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      received += chunk.byteLength;
      yield chunk;
    }
    if (!contentLength) return;
    // A short answer is picked up where it stopped; an empty one would loop forever.
    if (received === 0) throw new MediaFetchFailed(response.status, 'googlevideo sent an empty range');
    start += received;
    if (start >= contentLength) return;
  }
}
