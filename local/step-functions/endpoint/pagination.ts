/**
 * Opaque page tokens: they name the list and filters they were issued for, are signed with a key of this
 * process, and expire after 24 hours as AWS's do. Anything else is `InvalidToken`.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { invalidToken } from './errors.js';

const KEY = randomBytes(32);
const LIFETIME_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

interface TokenBody {
  /** The operation and its filters: a token is only good for the same request. */
  scope: string;
  /** The key of the last item of the previous page: new items ahead of it do not shift the next page. */
  after: string;
  issuedAt: number;
}

const sign = (payload: string) => createHmac('sha256', KEY).update(payload).digest('base64url');

function issue(body: TokenBody): string {
  const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${payload}.${sign(payload)}`;
}

function redeem(token: string, scope: string, now: number): string {
  const [payload = '', signature = ''] = token.split('.');
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw invalidToken('Invalid token');
  const body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenBody;
  if (body.scope !== scope) throw invalidToken('Token does not match the request');
  if (now - body.issuedAt > LIFETIME_MS) throw invalidToken('Token expired');
  return body.after;
}

/** One page of `items` (in a stable order, keyed by `keyOf`): `maxResults` 0 or absent means 100. */
export function page<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  request: { scope: string; maxResults?: number; nextToken?: string },
  now = Date.now(),
): { items: T[]; nextToken?: string } {
  const size = request.maxResults || DEFAULT_PAGE_SIZE;
  let start = 0;
  if (request.nextToken !== undefined) {
    const after = redeem(request.nextToken, request.scope, now);
    start = items.findIndex((item) => keyOf(item) === after) + 1;
    if (start === 0) throw invalidToken('Token does not match the request');
  }
  const slice = items.slice(start, start + size);
  const last = slice.at(-1);
  const more = start + size < items.length && last !== undefined;
  return {
    items: slice,
    ...(more ? { nextToken: issue({ scope: request.scope, after: keyOf(last), issuedAt: now }) } : {}),
  };
}
