/** Responses that browsers render: the page, its script and style, and the download page, each under a strict CSP. */
import type { ApiResponse } from '../responses.js';

// No inline script or style anywhere, so the policy needs no nonce or hash; thumbnails are YouTube's only.
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  'img-src https://i.ytimg.com',
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The download page has no script and no image: only its style sheet loads. */
export const DOWNLOAD_PAGE_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
} as const;

export function pageResponse(
  statusCode: number,
  kind: keyof typeof CONTENT_TYPES,
  body: string,
  options: { csp?: string; cacheSeconds?: number } = {},
): ApiResponse {
  return {
    statusCode,
    headers: {
      'content-type': CONTENT_TYPES[kind],
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-security-policy': options.csp ?? "default-src 'none'; frame-ancestors 'none'",
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'permissions-policy': 'camera=(), microphone=(), geolocation=()',
      'cache-control': options.cacheSeconds ? `public, max-age=${options.cacheSeconds}` : 'no-store',
    },
    body,
  };
}

/** True when the client asked for a page (a browser navigating) rather than data or a redirect. */
export function wantsHtml(accept: string | undefined): boolean {
  return /(^|,)\s*text\/html\s*(;|,|$)/i.test(accept ?? '');
}
