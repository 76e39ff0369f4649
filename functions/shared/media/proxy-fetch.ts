/** A fetch that sends source traffic through SOURCE_PROXY_URL when one is set (YouTube blocks many datacenter IPs). */
import { fetch as undiciFetch, ProxyAgent } from 'undici';

export type FetchFunction = typeof globalThis.fetch;

/** True for proxies undici can use; socks proxies only work with yt-dlp. */
export function isHttpProxy(proxyUrl: string | undefined): proxyUrl is string {
  return proxyUrl !== undefined && /^https?:/i.test(proxyUrl);
}

/** The global fetch without a proxy; with an http(s) proxy, undici's fetch through a ProxyAgent. */
export function sourceFetch(proxyUrl: string | undefined): FetchFunction {
  if (!isHttpProxy(proxyUrl)) return globalThis.fetch;
  const dispatcher = new ProxyAgent(proxyUrl);
  const proxied = async (input: Parameters<FetchFunction>[0], init?: RequestInit): Promise<Response> => {
    // youtubei.js passes global Request objects, which undici's own fetch does not recognise as its Request.
    const request = input instanceof Request ? input : undefined;
    const url = request ? request.url : input instanceof URL ? input.href : String(input);
    const response = await undiciFetch(url, {
      method: init?.method ?? request?.method,
      headers: (init?.headers ?? request?.headers) as Record<string, string> | undefined,
      body: (init?.body ?? null) as string | null,
      redirect: init?.redirect ?? request?.redirect,
      signal: init?.signal ?? request?.signal,
      dispatcher,
    });
    return response as unknown as Response;
  };
  return proxied as FetchFunction;
}
