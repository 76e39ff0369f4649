/** JSON Schemas (2020-12, as OpenAPI 3.1 uses them) of what the API reads and answers. */
import { MAX_SOURCE_URL_LENGTH } from '../../shared/media/source-url.js';
import { AUDIO_FORMATS, DEFAULT_FORMAT, JOB_STATUSES } from '../../shared/types.js';
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
    required: ['jobId', 'status', 'format', 'createdAt', 'updatedAt'],
    properties: {
      jobId: { type: 'string' },
      status: { enum: JOB_STATUSES },
      format: { enum: AUDIO_FORMATS },
      video: { $ref: '#/components/schemas/Video' },
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
