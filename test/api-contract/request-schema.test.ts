import { describe, expect, it } from 'vitest';
import { createApi, postJob } from '../unit/api/api-fixture.js';
import { requestBodyErrors } from './openapi-validator.js';

const REQUEST = { url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', email: 'jane@example.com' };

// Each body both ways: the document's JobRequest schema and POST /jobs itself must agree on it.
// Two rules a JSON Schema cannot state, end after start and a clock string past 24 hours, are held
// by the contract cases instead.
const BODIES: [string, object, boolean][] = [
  ['no options', {}, true],
  ['a VBR quality', { quality: 'V0' }, true],
  ['a quality the API does not know', { quality: '999' }, false],
  ['a quality for m4a', { format: 'm4a', quality: '192' }, false],
  ['a quality for mp3 named', { format: 'mp3', quality: '320' }, true],
  ['seconds as a number', { start: 90.5 }, true],
  ['seconds as a string', { start: '90' }, true],
  ['minutes and seconds, hours and fractions', { start: '1:30', end: '1:02:03.5' }, true],
  ['spaces around a time', { start: ' 1:30 ' }, true],
  ['seconds past 59', { start: '1:75' }, false],
  ["YouTube's own notation", { start: '1m30s' }, false],
  ['a negative start', { start: -1 }, false],
  ['an hour of 60 minutes', { end: '1:60:00' }, false],
  ['minutes past 59 without hours', { end: '90:00' }, true],
  ['a start past a day', { start: 86_401 }, false],
  ['cover art off', { coverArt: false }, true],
  ['cover art as a word', { coverArt: 'no' }, false],
];

describe('the JobRequest schema of the OpenAPI document', () => {
  it.each(BODIES)('agrees with POST /jobs on %s', async (_name, options, accepted) => {
    const body = { ...REQUEST, ...options };
    const api = createApi();
    try {
      const response = await api.call(postJob(body));
      expect(response.statusCode, response.body).toBe(accepted ? 202 : 400);
      if (accepted) expect(requestBodyErrors(body)).toBeUndefined();
      else expect(requestBodyErrors(body)).toEqual(expect.any(String));
    } finally {
      api.restore();
    }
  });
});
