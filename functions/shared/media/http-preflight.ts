/** Follows an http source's redirects itself, so every hop's host passes the SSRF check before ffprobe sees it. */
import { InvalidSource, SourceUnreachable, VideoUnavailable } from '../errors.js';
import type { PrivateSourcePolicy } from './address-policy.js';
import { assertAllowedHost, type LookupAll } from './host-check.js';
import type { FetchFunction } from './proxy-fetch.js';

const MAX_REDIRECTS = 5;
const PLAYLIST_TYPES = /mpegurl|dash\+xml|x-scpls|vnd\.ms-asf/i;

export interface PreflightOptions {
  fetch: FetchFunction;
  lookup?: LookupAll;
  allowPrivate: PrivateSourcePolicy;
  timeoutMs?: number;
  signal?: AbortSignal;
}

async function request(url: string, options: PreflightOptions): Promise<Response> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 15_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    // A one-byte range GET: some servers refuse HEAD, and nobody should send us the whole file twice.
    return await options.fetch(url, {
      method: 'GET',
      headers: { range: 'bytes=0-0' },
      redirect: 'manual',
      signal,
    });
  } catch (error) {
    throw new SourceUnreachable(`${url} could not be reached (${(error as Error).message})`, {
      cause: error,
    });
  }
}

/** The final URL after redirects. Throws VideoUnavailable on 404/410, SourceUnreachable on 5xx or network faults. */
export async function preflightHttpSource(url: string, options: PreflightOptions): Promise<string> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const target = new URL(current);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      throw new InvalidSource(`${url} redirects to an unsupported ${target.protocol} URL`);
    }
    const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
    // An early, clear refusal; the egress door checks the address it actually connects to again.
    await assertAllowedHost(target.hostname, options.lookup, options.allowPrivate, port);
    const response = await request(current, options);
    await response.body?.cancel().catch(() => undefined);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      current = new URL(location, current).href;
      continue;
    }
    if (response.status === 404 || response.status === 410) {
      throw new VideoUnavailable(`${current} was not found (HTTP ${response.status})`);
    }
    if (response.status >= 500 || response.status === 429 || response.status === 408) {
      throw new SourceUnreachable(`${current} answered HTTP ${response.status}`);
    }
    if (response.status >= 400 && response.status !== 416) {
      throw new VideoUnavailable(`${current} refused access (HTTP ${response.status})`);
    }
    if (PLAYLIST_TYPES.test(response.headers.get('content-type') ?? '')) {
      throw new InvalidSource(`${current} is a streaming playlist; link the media file itself`);
    }
    return current;
  }
  throw new InvalidSource(`${url} redirects more than ${MAX_REDIRECTS} times`);
}
