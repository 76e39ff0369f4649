/**
 * The rules for a `POST /jobs` request and the error each broken rule answers with.
 *
 * | status | code                     | field             | when                                                         |
 * | ------ | ------------------------ | ----------------- | ------------------------------------------------------------ |
 * | 400    | `INVALID_JSON`           | `body`            | empty body, not UTF-8, or not JSON                           |
 * | 400    | `INVALID_BODY`           | `body`            | JSON, but not an object (array, string, number, null)        |
 * | 400    | `BODY_TOO_LARGE`         | `body`            | body over 16 KiB (after base64 decoding)                     |
 * | 400    | `MISSING_FIELD`          | `url` / `email`   | a required field is absent                                   |
 * | 400    | `UNKNOWN_FIELD`          | the extra key     | any field other than `url`, `email`, `format`, `quality`, `start`, `end`, `coverArt` |
 * | 400    | `INVALID_FIELD`          | the field         | a field of the wrong JSON type (number, null, object, ...)   |
 * | 400    | `UNSUPPORTED_SOURCE`     | `url`             | not a YouTube video or an allowed http(s) media URL          |
 * | 400    | `INVALID_EMAIL`          | `email`           | not a plain address, control characters, over 254 characters |
 * | 400    | `INVALID_FORMAT`         | `format`          | not one of `mp3`, `m4a`, `opus`                              |
 * | 400    | `INVALID_QUALITY`        | `quality`         | not one of 128, 192, 256, 320, V0, V2; or sent with m4a/opus |
 * | 400    | `INVALID_TRIM`           | `start` / `end`   | not seconds or "[h:]mm:ss", past a day, or end not after start |
 * | 400    | `INVALID_HEADER`         | `Idempotency-Key` | not 1–128 characters of `A-Z a-z 0-9 _ - . :`                |
 * | 409    | `IDEMPOTENCY_KEY_REUSED` | `Idempotency-Key` | the same key and email were used before for another url, format or options |
 * | 415    | `UNSUPPORTED_MEDIA_TYPE` | `content-type`    | the body is not sent as `application/json` (UTF-8)           |
 * | 404    | `NOT_FOUND`              | –                 | unknown path, job or download link                           |
 * | 405    | `METHOD_NOT_ALLOWED`     | –                 | known path, other method (`Allow` header lists the right one) |
 * | 410    | `LINK_EXPIRED`           | –                 | a genuine download link past its expiry, or its file is gone |
 * | 500    | `INTERNAL`               | –                 | anything unexpected (logged, never reported as success)      |
 */
import * as z from 'zod';
import { AUDIO_FORMATS, DEFAULT_FORMAT, type AudioFormat } from '../shared/types.js';
import { MAX_TRIM_SECONDS, MP3_QUALITIES, type Mp3Quality } from '../shared/contract/audio-options.js';
import { MAX_SOURCE_URL_LENGTH } from '../shared/media/source-url.js';
import { parseClockTime } from '../shared/media/trim-time.js';
import { ApiError } from './responses.js';

export const MAX_EMAIL_LENGTH = 254;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,128}$/;
// C0, DEL and C1 controls (CR/LF header injection), plus Unicode line and paragraph separators.
const CONTROL_CHARACTERS = /[\p{Cc}\u2028\u2029]/u;

const FIELD_CODES = {
  url: 'UNSUPPORTED_SOURCE',
  email: 'INVALID_EMAIL',
  format: 'INVALID_FORMAT',
  quality: 'INVALID_QUALITY',
  start: 'INVALID_TRIM',
  end: 'INVALID_TRIM',
  coverArt: 'INVALID_FIELD',
} as const;
type Field = keyof typeof FIELD_CODES;
const FIELD_LIST = 'url, email, format, quality, start, end and coverArt';

/** What a field of the wrong JSON type must be instead. */
const EXPECTED_TYPE: Record<Field, string> = {
  url: 'a string',
  email: 'a string',
  format: 'a string',
  quality: 'a string',
  start: 'a number of seconds or a "[h:]mm:ss" string',
  end: 'a number of seconds or a "[h:]mm:ss" string',
  coverArt: 'true or false',
};

const TRIM_RULE = `a number of seconds or "[h:]mm:ss", at most ${MAX_TRIM_SECONDS / 3600} hours`;

/** A trim point: seconds as a JSON number, or a clock string; both held to a day. */
function trimPointSchema(field: 'start' | 'end') {
  return z.union([z.number(), z.string()]).transform((value, context) => {
    const seconds = typeof value === 'number' ? value : parseClockTime(value);
    if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_TRIM_SECONDS) {
      context.addIssue({ code: 'custom', message: `The ${field} must be ${TRIM_RULE}` });
      return z.NEVER;
    }
    return seconds;
  });
}

const emailSchema = z
  .string()
  .refine(
    (value) => !CONTROL_CHARACTERS.test(value),
    'The email must not contain line breaks or control characters',
  )
  .refine(
    (value) => value.length <= MAX_EMAIL_LENGTH,
    `The email must be at most ${MAX_EMAIL_LENGTH} characters`,
  )
  .pipe(z.email('The email must be a plain address like name@example.com'));

const submitJobSchema = z.strictObject({
  url: z.string().max(MAX_SOURCE_URL_LENGTH, `The url must be at most ${MAX_SOURCE_URL_LENGTH} characters`),
  email: emailSchema,
  format: z
    .enum(AUDIO_FORMATS, `The format must be one of ${AUDIO_FORMATS.join(', ')}`)
    .default(DEFAULT_FORMAT),
  quality: z.enum(MP3_QUALITIES, `The quality must be one of ${MP3_QUALITIES.join(', ')}`).optional(),
  start: trimPointSchema('start').optional(),
  end: trimPointSchema('end').optional(),
  coverArt: z.boolean().default(true),
});

export interface SubmitJobBody {
  url: string;
  email: string;
  format: AudioFormat;
  quality?: Mp3Quality;
  /** Seconds into the source. */
  start?: number;
  end?: number;
  coverArt: boolean;
}

function toApiError(issue: z.core.$ZodIssue, body: Record<string, unknown>): ApiError {
  if (issue.code === 'unrecognized_keys') {
    const field = issue.keys[0] ?? 'body';
    return new ApiError(400, 'UNKNOWN_FIELD', `Unknown field "${field}"; send only ${FIELD_LIST}`, field);
  }
  const field = String(issue.path[0]) as Field;
  if (!Object.hasOwn(body, field)) {
    return new ApiError(400, 'MISSING_FIELD', `The field "${field}" is required`, field);
  }
  if (issue.code === 'invalid_type' || issue.code === 'invalid_union') {
    return new ApiError(400, 'INVALID_FIELD', `The field "${field}" must be ${EXPECTED_TYPE[field]}`, field);
  }
  return new ApiError(400, FIELD_CODES[field], issue.message, field);
}

/** The rules between fields: quality is mp3's, and a trim keeps something. */
function checkCombination(body: SubmitJobBody): SubmitJobBody {
  if (body.quality !== undefined && body.format !== 'mp3') {
    throw new ApiError(
      400,
      'INVALID_QUALITY',
      `The quality applies to mp3 only; ${body.format} keeps its own bitrate, so leave quality out`,
      'quality',
    );
  }
  if (body.end !== undefined && body.end <= (body.start ?? 0)) {
    throw new ApiError(400, 'INVALID_TRIM', 'The end must be after the start', 'end');
  }
  return body;
}

/** Validates the parsed JSON body; throws ApiError 400 naming the first broken rule. */
export function parseSubmitJobBody(value: unknown): SubmitJobBody {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError(400, 'INVALID_BODY', `The body must be a JSON object with ${FIELD_LIST}`, 'body');
  }
  const body = value as Record<string, unknown>;
  const result = submitJobSchema.safeParse(body);
  if (result.success) return checkCombination(result.data);
  // Unknown fields first: they usually explain the other issues (a typo like "emial").
  const issues = [...result.error.issues].sort(
    (a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'),
  );
  throw toApiError(issues[0]!, body);
}

/** The optional Idempotency-Key header; throws ApiError 400 when present but malformed. */
export function parseIdempotencyKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(value)) {
    throw new ApiError(
      400,
      'INVALID_HEADER',
      'The Idempotency-Key header must be 1–128 characters of A-Z, a-z, 0-9, "_", "-", "." or ":"',
      'Idempotency-Key',
    );
  }
  return value;
}
