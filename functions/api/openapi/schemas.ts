/** JSON Schemas (2020-12, as OpenAPI 3.1 uses them) of what the API reads and answers. */
import { MAX_SOURCE_URL_LENGTH } from '../../shared/media/source-url.js';
import { AUDIO_FORMATS, DEFAULT_FORMAT, JOB_STATUSES } from '../../shared/types.js';
import { DEFAULT_MP3_QUALITY, MAX_TRIM_SECONDS, MP3_QUALITIES } from '../../shared/contract/audio-options.js';
import { MAX_EMAIL_LENGTH } from '../request-schema.js';

/** Every `error.code` the API answers with; the contract test fails when the code has one this list lacks. */
export const ERROR_CODES = [
  'INVALID_JSON',
  'INVALID_BODY',
  'BODY_TOO_LARGE',
  'MISSING_FIELD',
  'UNKNOWN_FIELD',
  'INVALID_FIELD',
  'UNSUPPORTED_SOURCE',
  'INVALID_EMAIL',
  'INVALID_FORMAT',
  'INVALID_QUALITY',
  'INVALID_TRIM',
  'INVALID_HEADER',
  'RECIPIENT_SUPPRESSED',
  'IDEMPOTENCY_KEY_REUSED',
  'RATE_LIMITED',
  'UNSUPPORTED_MEDIA_TYPE',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'LINK_EXPIRED',
  'INTERNAL',
] as const;

const isoTime = { type: 'string', format: 'date-time' } as const;
const seconds = { type: 'number', minimum: 0, maximum: MAX_TRIM_SECONDS } as const;

/** A trim point as a request may write it: seconds, or `"[h:]mm:ss[.fff]"` (and plain `"ss"`). */
const trimPoint = (description: string) => ({
  description: `${description}: seconds (a number, fractions allowed) or "[h:]mm:ss" (\`"1:30"\`, \`"1:02:03.5"\`), at most ${MAX_TRIM_SECONDS / 3600} hours`,
  oneOf: [
    seconds,
    {
      type: 'string',
      // Below an hour or a minute, the next unit stays under 60 ("1:75" is a typo, not 2:15).
      pattern: '^\\s*(?:\\d+(?:\\.\\d{1,3})?|(?:\\d+:[0-5]?\\d|\\d{1,2}):[0-5]?\\d(?:\\.\\d{1,3})?)\\s*$',
    },
  ],
  examples: ['1:30', 90],
});

export const SCHEMAS = {
  JobRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['url', 'email'],
    properties: {
      url: {
        type: 'string',
        maxLength: MAX_SOURCE_URL_LENGTH,
        description: 'A YouTube video link (watch, youtu.be, shorts, embed) or a direct http(s) media URL.',
        examples: ['https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
      },
      email: {
        type: 'string',
        format: 'email',
        maxLength: MAX_EMAIL_LENGTH,
        description: 'Where the download link is sent; never shown by the API again.',
      },
      format: { enum: AUDIO_FORMATS, default: DEFAULT_FORMAT },
      quality: {
        enum: MP3_QUALITIES,
        default: DEFAULT_MP3_QUALITY,
        description:
          "mp3 only (INVALID_QUALITY with m4a or opus): constant kbit/s, or LAME's VBR presets V0 (~245 kbit/s) and V2 (~190 kbit/s). " +
          "YouTube's best source is about 160 kbit/s Opus, so 320 adds size, not sound.",
      },
      start: trimPoint("Where the audio starts; absent: a YouTube link's `t=`, else the beginning"),
      end: trimPoint('Where the audio ends, after `start` (INVALID_TRIM otherwise); absent: the end'),
      coverArt: {
        type: 'boolean',
        default: true,
        description: "Embed the video's thumbnail (or a direct source's own picture), square-cropped.",
      },
    },
    // Quality is an mp3 setting: the API refuses it beside another format.
    if: { required: ['format'], properties: { format: { enum: ['m4a', 'opus'] } } },
    then: { properties: { quality: false } },
  },
  AudioOptions: {
    type: 'object',
    additionalProperties: false,
    required: ['coverArt'],
    description:
      'The options the job was made with, trim points in seconds; each combination is its own rendition.',
    properties: {
      quality: { enum: MP3_QUALITIES, description: 'mp3 only; absent: the default, 192' },
      startSeconds: seconds,
      endSeconds: seconds,
      coverArt: { type: 'boolean' },
    },
  },
  JobAccepted: {
    type: 'object',
    additionalProperties: false,
    required: ['jobId', 'status', 'statusUrl'],
    properties: {
      jobId: { type: 'string' },
      status: { enum: JOB_STATUSES },
      statusUrl: { type: 'string', format: 'uri' },
    },
  },
  Video: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'title', 'author', 'durationSeconds'],
    properties: {
      id: { type: 'string' },
      title: { type: 'string' },
      author: { type: 'string' },
      durationSeconds: { type: 'number', minimum: 0 },
      thumbnailUrl: { type: 'string', format: 'uri', pattern: '^https://' },
    },
  },
  JobStatus: {
    type: 'object',
    // Closed: a new column on the job (its email, its link) can never reach a client unnoticed.
    additionalProperties: false,
    required: ['jobId', 'status', 'format', 'options', 'createdAt', 'updatedAt'],
    properties: {
      jobId: { type: 'string' },
      status: { enum: JOB_STATUSES },
      format: { enum: AUDIO_FORMATS },
      video: { $ref: '#/components/schemas/Video' },
      options: { $ref: '#/components/schemas/AudioOptions' },
      progress: {
        type: 'number',
        minimum: 0,
        maximum: 1,
        description: 'Fraction of the audio extracted; present only while the status is EXTRACTING.',
      },
      reason: { type: 'string', description: 'Why the job was REJECTED or FAILED, in plain words.' },
      createdAt: isoTime,
      updatedAt: isoTime,
    },
  },
  Error: {
    type: 'object',
    additionalProperties: false,
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'message'],
        properties: {
          code: { enum: ERROR_CODES },
          field: { type: 'string', description: 'The request field, header or part the error is about.' },
          message: { type: 'string' },
        },
      },
    },
  },
} as const;
