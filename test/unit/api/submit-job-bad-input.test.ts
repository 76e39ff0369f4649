import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { apiEvent, bodyOf, createApi, postJob } from './api-fixture.js';

const URL_OK = 'https://www.youtube.com/watch?v=dQw4w9WgXcQ';
const EMAIL_OK = 'jane@example.com';
const valid = { url: URL_OK, email: EMAIL_OK };

interface Row {
  name: string;
  event: APIGatewayProxyEventV2;
  status: number;
  code: string;
  field?: string;
}

const withUrl = (url: unknown) => postJob({ ...valid, url });
const withEmail = (email: unknown) => postJob({ ...valid, email });
const withFormat = (format: unknown) => postJob({ ...valid, format });
const withKey = (key: string) => postJob(valid, { 'idempotency-key': key });
const base64 = (bytes: Buffer, headers = { 'content-type': 'application/json' }) =>
  apiEvent({ method: 'POST', path: '/jobs', body: bytes.toString('base64'), isBase64Encoded: true, headers });
const withContentType = (contentType?: string) =>
  apiEvent({
    method: 'POST',
    path: '/jobs',
    body: JSON.stringify(valid),
    headers: contentType === undefined ? {} : { 'content-type': contentType },
  });

const rows: Row[] = [
  // The body as a whole
  {
    name: 'truncated JSON',
    event: postJob('{"url": "x", '),
    status: 400,
    code: 'INVALID_JSON',
    field: 'body',
  },
  {
    name: 'single-quoted pseudo-JSON',
    event: postJob("{'url': 'x'}"),
    status: 400,
    code: 'INVALID_JSON',
    field: 'body',
  },
  { name: 'an empty body', event: postJob(''), status: 400, code: 'INVALID_JSON', field: 'body' },
  { name: 'a blank body', event: postJob('  \n '), status: 400, code: 'INVALID_JSON', field: 'body' },
  {
    name: 'bytes that are not UTF-8',
    event: base64(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])),
    status: 400,
    code: 'INVALID_JSON',
    field: 'body',
  },
  { name: 'a JSON array', event: postJob([valid]), status: 400, code: 'INVALID_BODY', field: 'body' },
  {
    name: 'a JSON string',
    event: postJob('"https://youtu.be/dQw4w9WgXcQ"'),
    status: 400,
    code: 'INVALID_BODY',
    field: 'body',
  },
  { name: 'JSON null', event: postJob('null'), status: 400, code: 'INVALID_BODY', field: 'body' },
  { name: 'a JSON number', event: postJob('42'), status: 400, code: 'INVALID_BODY', field: 'body' },
  {
    name: 'a body over 16 KiB',
    event: postJob({ ...valid, pad: 'x'.repeat(16 * 1024) }),
    status: 400,
    code: 'BODY_TOO_LARGE',
    field: 'body',
  },
  {
    name: 'a 10 MB body',
    event: postJob('x'.repeat(10 * 1024 * 1024)),
    status: 400,
    code: 'BODY_TOO_LARGE',
    field: 'body',
  },
  {
    name: 'a base64 body that decodes to over 16 KiB',
    event: base64(Buffer.alloc(17 * 1024, 0x20)),
    status: 400,
    code: 'BODY_TOO_LARGE',
    field: 'body',
  },
  // Content type
  {
    name: 'no content type',
    event: withContentType(undefined),
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    field: 'content-type',
  },
  {
    name: 'a form post',
    event: withContentType('application/x-www-form-urlencoded'),
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    field: 'content-type',
  },
  {
    name: 'text/plain',
    event: withContentType('text/plain'),
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    field: 'content-type',
  },
  {
    name: 'JSON in another charset',
    event: withContentType('application/json; charset=iso-8859-1'),
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    field: 'content-type',
  },
  {
    name: 'a look-alike media type',
    event: withContentType('application/jsonp'),
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    field: 'content-type',
  },
  // Fields present or not
  { name: 'an empty object', event: postJob({}), status: 400, code: 'MISSING_FIELD', field: 'url' },
  { name: 'no url', event: postJob({ email: EMAIL_OK }), status: 400, code: 'MISSING_FIELD', field: 'url' },
  { name: 'no email', event: postJob({ url: URL_OK }), status: 400, code: 'MISSING_FIELD', field: 'email' },
  {
    name: 'an extra field',
    event: postJob({ ...valid, callback: 'https://evil.example' }),
    status: 400,
    code: 'UNKNOWN_FIELD',
    field: 'callback',
  },
  {
    name: 'a misspelt field',
    event: postJob({ url: URL_OK, emial: EMAIL_OK }),
    status: 400,
    code: 'UNKNOWN_FIELD',
    field: 'emial',
  },
  {
    name: 'a __proto__ key',
    event: postJob(`{"url":"${URL_OK}","email":"${EMAIL_OK}","__proto__":{"admin":true}}`),
    status: 400,
    code: 'UNKNOWN_FIELD',
    field: '__proto__',
  },
  { name: 'a url that is a number', event: withUrl(42), status: 400, code: 'INVALID_FIELD', field: 'url' },
  {
    name: 'a url that is an object',
    event: withUrl({ href: URL_OK }),
    status: 400,
    code: 'INVALID_FIELD',
    field: 'url',
  },
  { name: 'a null email', event: withEmail(null), status: 400, code: 'INVALID_FIELD', field: 'email' },
  // The source URL
  { name: 'an empty url', event: withUrl(''), status: 400, code: 'UNSUPPORTED_SOURCE', field: 'url' },
  {
    name: 'words, not a url',
    event: withUrl('my favourite song'),
    status: 400,
    code: 'UNSUPPORTED_SOURCE',
    field: 'url',
  },
  {
    name: 'a javascript: url',
    event: withUrl('javascript:alert(1)'),
    status: 400,
    code: 'UNSUPPORTED_SOURCE',
    field: 'url',
  },
  {
    name: 'a data: url',
    event: withUrl('data:audio/mpeg;base64,AAAA'),
    status: 400,
    code: 'UNSUPPORTED_SOURCE',
    field: 'url',
  },
  {
    name: 'an ftp url',
    event: withUrl('ftp://example.com/song.mp3'),
    status: 400,
    code: 'UNSUPPORTED_SOURCE',
    field: 'url',
  },
  {
    name: 'a file url on the deployed config',
    event: withUrl('file:///etc/passwd'),
    status: 400,
    code: 'UNSUPPORTED_SOURCE',
    field: 'url',
  },
  {
    name: 'the cloud metadata address',
    event: withUrl('http://169.254.169.254/latest/meta-data/'),
    status: 400,
    code: 'UNSUPPORTED_SOURCE',
    field: 'url',
  },
  {
    name: 'IPv6 loopback',
    event: withUrl('http://[::1]/a.mp3'),
    status: 400,
    code: 'UNSUPPORTED_SOURCE',
    field: 'url',
  },
  {
    name: 'localhost',
    event: withUrl('http://localhost:8080/a.mp3'),
    status: 400,
    code: 'UNSUPPORTED_SOURCE',
    field: 'url',
  },
  {
    name: 'a private address',
    event: withUrl('http://10.1.2.3/a.mp3'),
    status: 400,
    code: 'UNSUPPORTED_SOURCE',
    field: 'url',
  },
  {
    name: 'loopback written in hex',
    event: withUrl('http://0x7f.1/a.mp3'),
    status: 400,
    code: 'UNSUPPORTED_SOURCE',
    field: 'url',
  },
  {
    name: 'a YouTube link that is not a video',
    event: withUrl('https://www.youtube.com/watch?v=short'),
    status: 400,
    code: 'UNSUPPORTED_SOURCE',
    field: 'url',
  },
  {
    name: 'a url with credentials',
    event: withUrl('https://user:pass@example.com/a.mp3'),
    status: 400,
    code: 'UNSUPPORTED_SOURCE',
    field: 'url',
  },
  {
    name: 'a url over 2048 characters',
    event: withUrl(`https://example.com/${'a'.repeat(2100)}`),
    status: 400,
    code: 'UNSUPPORTED_SOURCE',
    field: 'url',
  },
  // The email
  {
    name: 'an email without @',
    event: withEmail('jane.example.com'),
    status: 400,
    code: 'INVALID_EMAIL',
    field: 'email',
  },
  { name: 'an empty email', event: withEmail(''), status: 400, code: 'INVALID_EMAIL', field: 'email' },
  {
    name: 'a header injection in the email',
    event: withEmail('jane@example.com\r\nBcc: all@victims.example'),
    status: 400,
    code: 'INVALID_EMAIL',
    field: 'email',
  },
  {
    name: 'a trailing newline in the email',
    event: withEmail('jane@example.com\n'),
    status: 400,
    code: 'INVALID_EMAIL',
    field: 'email',
  },
  {
    name: 'a NUL byte in the email',
    event: withEmail('jane@example.com\u0000'),
    status: 400,
    code: 'INVALID_EMAIL',
    field: 'email',
  },
  {
    name: 'a display-name email',
    event: withEmail('Jane Doe <jane@example.com>'),
    status: 400,
    code: 'INVALID_EMAIL',
    field: 'email',
  },
  {
    name: 'two emails',
    event: withEmail('jane@example.com, joe@example.com'),
    status: 400,
    code: 'INVALID_EMAIL',
    field: 'email',
  },
  {
    name: 'an email of 255 characters',
    event: withEmail(`${'a'.repeat(64)}@${'b'.repeat(186)}.com`),
    status: 400,
    code: 'INVALID_EMAIL',
    field: 'email',
  },
  {
    name: 'an email without a domain suffix',
    event: withEmail('jane@localhost'),
    status: 400,
    code: 'INVALID_EMAIL',
    field: 'email',
  },
  {
    name: 'a space inside the email',
    event: withEmail('jane doe@example.com'),
    status: 400,
    code: 'INVALID_EMAIL',
    field: 'email',
  },
  // The format
  {
    name: 'an unknown format',
    event: withFormat('wav'),
    status: 400,
    code: 'INVALID_FORMAT',
    field: 'format',
  },
  {
    name: 'a format in capitals',
    event: withFormat('MP3'),
    status: 400,
    code: 'INVALID_FORMAT',
    field: 'format',
  },
  { name: 'an empty format', event: withFormat(''), status: 400, code: 'INVALID_FORMAT', field: 'format' },
  { name: 'a null format', event: withFormat(null), status: 400, code: 'INVALID_FORMAT', field: 'format' },
  // The audio options
  ...(
    [
      ['an unknown quality', { quality: '160' }, 'INVALID_QUALITY', 'quality'],
      ['a lowercase VBR quality', { quality: 'v0' }, 'INVALID_QUALITY', 'quality'],
      ['a numeric quality', { quality: 192 }, 'INVALID_QUALITY', 'quality'],
      ['a quality for m4a', { format: 'm4a', quality: '320' }, 'INVALID_QUALITY', 'quality'],
      ['a quality for opus', { format: 'opus', quality: '128' }, 'INVALID_QUALITY', 'quality'],
      ['a negative start', { start: -1 }, 'INVALID_TRIM', 'start'],
      ['a start of "1:75"', { start: '1:75' }, 'INVALID_TRIM', 'start'],
      ['a start in words', { start: 'one minute' }, 'INVALID_TRIM', 'start'],
      ['a start past a day', { start: 86_401 }, 'INVALID_TRIM', 'start'],
      ['a boolean start', { start: true }, 'INVALID_FIELD', 'start'],
      ['an end before the start', { start: '1:00', end: '0:30' }, 'INVALID_TRIM', 'end'],
      ['an end equal to the start', { start: 30, end: '0:30' }, 'INVALID_TRIM', 'end'],
      ['an end of zero', { end: 0 }, 'INVALID_TRIM', 'end'],
      ["an end before the link's t=", { url: `${URL_OK}&t=2m`, end: 60 }, 'INVALID_TRIM', 'end'],
      ['a null end', { end: null }, 'INVALID_FIELD', 'end'],
      ['coverArt as a string', { coverArt: 'no' }, 'INVALID_FIELD', 'coverArt'],
    ] as const
  ).map(([name, fields, code, field]) => ({
    name,
    event: postJob({ ...valid, ...fields }),
    status: 400,
    code,
    field,
  })),
  // The Idempotency-Key header
  {
    name: 'an empty Idempotency-Key',
    event: withKey(''),
    status: 400,
    code: 'INVALID_HEADER',
    field: 'Idempotency-Key',
  },
  {
    name: 'an Idempotency-Key of 129 characters',
    event: withKey('k'.repeat(129)),
    status: 400,
    code: 'INVALID_HEADER',
    field: 'Idempotency-Key',
  },
  {
    name: 'an Idempotency-Key with spaces',
    event: withKey('retry 1'),
    status: 400,
    code: 'INVALID_HEADER',
    field: 'Idempotency-Key',
  },
  {
    name: 'an Idempotency-Key with non-ASCII letters',
    event: withKey('ключ'),
    status: 400,
    code: 'INVALID_HEADER',
    field: 'Idempotency-Key',
  },
];

describe('POST /jobs refuses bad input and writes nothing', () => {
  let api: ReturnType<typeof createApi>;
  beforeEach(() => {
    api = createApi();
  });
  afterEach(() => api.restore());

  it('covers at least 40 broken inputs', () => {
    expect(rows.length).toBeGreaterThanOrEqual(40);
  });

  it.each(rows)('answers $status $code for $name', async ({ event, status, code, field }) => {
    const response = await api.call(event);

    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const { error } = bodyOf(response) as { error: { code: string; field?: string; message: string } };
    expect(error.code).toBe(code);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(/\w{3,}/);
    expect(api.puts()).toHaveLength(0);
    expect(api.sends()).toHaveLength(0);
  });

  it('names the rule in the message, not just the field', async () => {
    const response = await api.call(withFormat('wav'));
    expect(bodyOf(response)).toEqual({
      error: { code: 'INVALID_FORMAT', field: 'format', message: 'The format must be one of mp3, m4a, opus' },
    });
  });

  it.each([
    [{ quality: 'V2' }],
    [{ quality: '320', start: 0, end: 12.5 }],
    [{ start: '1:02:03', end: '1:05:00' }],
    [{ format: 'opus', coverArt: false }],
  ])('accepts good options %j', async (fields) => {
    expect((await api.call(postJob({ ...valid, ...fields }))).statusCode).toBe(202);
  });

  it('says what a trim point must be', async () => {
    const response = await api.call(postJob({ ...valid, start: '90 seconds' }));
    expect(bodyOf(response)).toEqual({
      error: {
        code: 'INVALID_TRIM',
        field: 'start',
        message: 'The start must be a number of seconds or "[h:]mm:ss", at most 24 hours',
      },
    });
  });

  it('accepts local sources only when the local stack allows them', async () => {
    const local = createApi({ ALLOW_PRIVATE_SOURCES: true, ALLOW_FILE_SOURCES: true });
    try {
      expect((await local.call(withUrl('http://127.0.0.1:9000/a.mp3'))).statusCode).toBe(202);
      expect((await local.call(withUrl('file:///tmp/clip.wav'))).statusCode).toBe(202);
    } finally {
      local.restore();
    }
  });
});
