/** The OpenAPI 3.1 description of the whole HTTP API, served at `GET /openapi.json`. */
import { SCHEMAS } from './schemas.js';

const error = (description: string, ...codes: string[]) => ({
  description: `${description} (${codes.join(', ')})`,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const html = (description: string) => ({
  description,
  content: { 'text/html': { schema: { type: 'string' } } },
});
/** A refused download link: JSON for programs, a page for browsers (`Accept: text/html`). */
const linkError = (description: string, code: string) => ({
  description: `${description} (${code}); a browser gets the same status with a page`,
  content: {
    'application/json': { schema: { $ref: '#/components/schemas/Error' } },
    'text/html': { schema: { type: 'string' } },
  },
});
const internal = { $ref: '#/components/responses/Internal' };

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Audio Sync',
    version: '1.0.0',
    description:
      'Send a YouTube link (or a direct media URL) and an email address; the audio is extracted and a download link is emailed. ' +
      'Errors are `{"error": {"code", "field"?, "message"}}`; a known path asked with another method answers 405 with an `Allow` header.',
  },
  servers: [{ url: '/' }],
  paths: {
    '/jobs': {
      post: {
        operationId: 'submitJob',
        summary: 'Request the audio of a video',
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description: 'The same key (from the same client, for the same email) returns the same job.',
            schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,128}$' },
          },
        ],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/JobRequest' } } },
        },
        responses: {
          '202': {
            description: 'Accepted and queued (or the same job again, with `Idempotent-Replayed: true`)',
            headers: { Location: { schema: { type: 'string', format: 'uri' } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/JobAccepted' } } },
          },
          '400': error(
            'The request breaks a rule; `field` names the part',
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
          ),
          '409': error('The Idempotency-Key was used for another url or format', 'IDEMPOTENCY_KEY_REUSED'),
          '415': error('The body is not sent as application/json', 'UNSUPPORTED_MEDIA_TYPE'),
          '429': {
            ...error(
              'The address, or this client, reached its jobs per hour; `field` says which',
              'RATE_LIMITED',
            ),
            headers: { 'Retry-After': { required: true, schema: { type: 'string', pattern: '^[0-9]+$' } } },
          },
          '500': internal,
        },
      },
    },
    '/jobs/{jobId}': {
      get: {
        operationId: 'getJob',
        summary: 'What a job is doing; never its email or link',
        parameters: [{ name: 'jobId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'The job',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/JobStatus' } } },
          },
          '404': error('No such job', 'NOT_FOUND'),
          '500': internal,
        },
      },
    },
    '/download/{token}': {
      get: {
        operationId: 'download',
        summary: 'Follow an emailed link',
        description:
          'Redirects to a presigned URL of the file valid for minutes. A browser (`Accept: text/html`) gets a page ' +
          'with the title, format, size and a download button instead, unless it asks `?download=1`.',
        parameters: [
          { name: 'token', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'download', in: 'query', required: false, schema: { const: '1' } },
        ],
        responses: {
          '200': html('The download page, for browsers'),
          '302': {
            description: 'To the file',
            headers: { Location: { required: true, schema: { type: 'string', format: 'uri' } } },
          },
          '404': linkError('No such download link', 'NOT_FOUND'),
          '410': linkError('The link expired, or its file is gone', 'LINK_EXPIRED'),
          '500': internal,
        },
      },
    },
    '/unsubscribe/{token}': {
      post: {
        operationId: 'unsubscribe',
        summary: 'One-click unsubscribe (RFC 8058), from the List-Unsubscribe header of our emails',
        parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'The address gets no more email from us',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['unsubscribed'],
                  properties: { unsubscribed: { const: true } },
                },
              },
            },
          },
          '404': error('No such unsubscribe link', 'NOT_FOUND'),
          '500': internal,
        },
      },
    },
    '/': {
      get: {
        operationId: 'page',
        summary: 'The web page',
        responses: { '200': html('The page') },
      },
    },
    '/app.js': {
      get: {
        operationId: 'pageScript',
        summary: "The page's script",
        responses: {
          '200': {
            description: 'JavaScript',
            content: { 'text/javascript': { schema: { type: 'string' } } },
          },
        },
      },
    },
    '/options.js': {
      get: {
        operationId: 'pageOptionsScript',
        summary: "The page's audio options module (imported by app.js)",
        responses: {
          '200': {
            description: 'JavaScript',
            content: { 'text/javascript': { schema: { type: 'string' } } },
          },
        },
      },
    },
    '/app.css': {
      get: {
        operationId: 'pageStyle',
        summary: "The page's style sheet",
        responses: {
          '200': { description: 'CSS', content: { 'text/css': { schema: { type: 'string' } } } },
        },
      },
    },
    '/openapi.json': {
      get: {
        operationId: 'openApi',
        summary: 'This document',
        responses: {
          '200': {
            description: 'OpenAPI 3.1',
            content: { 'application/json': { schema: { type: 'object' } } },
          },
        },
      },
    },
  },
  components: {
    schemas: SCHEMAS,
    responses: {
      MethodNotAllowed: {
        description: 'Known path, other method (METHOD_NOT_ALLOWED); the Allow header lists the right one',
        headers: { Allow: { required: true, schema: { type: 'string' } } },
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
      Internal: error('Something went wrong on our side; nothing is reported as success', 'INTERNAL'),
    },
  },
} as const;
