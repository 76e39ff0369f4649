/** Turns an API Gateway v2 request body into a parsed JSON value, refusing wrong types, oversize and bad encodings. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ApiError } from './responses.js';

/** The largest body POST /jobs accepts, counted in decoded bytes. */
export const MAX_BODY_BYTES = 16 * 1024;

const JSON_MEDIA_TYPE = /^application\/json\s*(;|$)/i;
const UTF8_CHARSET = /;\s*charset\s*=\s*"?utf-8"?\s*(;|$)/i;

/** Header lookup that does not trust the caller to have lower-cased names (the local stack builds events too). */
export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

function assertJsonContentType(contentType: string | undefined): void {
  const value = contentType?.trim() ?? '';
  const hasCharset = /;\s*charset\s*=/i.test(value);
  if (!JSON_MEDIA_TYPE.test(value) || (hasCharset && !UTF8_CHARSET.test(value))) {
    throw new ApiError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the body as JSON with "Content-Type: application/json" (UTF-8)',
      'content-type',
    );
  }
}

const tooLarge = () =>
  new ApiError(400, 'BODY_TOO_LARGE', `The body must be at most ${MAX_BODY_BYTES} bytes`, 'body');

function decodedBytes(event: APIGatewayProxyEventV2): Buffer {
  const raw = event.body ?? '';
  // Refuse before decoding, so a 10 MB body costs no allocation beyond what API Gateway already made.
  const rawLimit = event.isBase64Encoded ? Math.ceil(MAX_BODY_BYTES / 3) * 4 : MAX_BODY_BYTES * 4;
  if (raw.length > rawLimit) throw tooLarge();
  const bytes = Buffer.from(raw, event.isBase64Encoded ? 'base64' : 'utf8');
  if (bytes.length > MAX_BODY_BYTES) throw tooLarge();
  return bytes;
}

/** The body as JSON. Throws ApiError 415 (not JSON), 400 BODY_TOO_LARGE, 400 INVALID_JSON. */
export function readJsonBody(event: APIGatewayProxyEventV2): unknown {
  assertJsonContentType(header(event, 'content-type'));
  const bytes = decodedBytes(event);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError(400, 'INVALID_JSON', 'The body is not valid UTF-8', 'body');
  }
  if (!text.trim()) throw new ApiError(400, 'INVALID_JSON', 'The body is empty; send a JSON object', 'body');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 'INVALID_JSON', 'The body is not valid JSON', 'body');
  }
}
