// The local stack's own attack surface: a malformed request, a rebound Host, a title that talks to the terminal,
// and the caller's source rules kept.
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTE_KEYS } from '../../functions/api/route-keys.js';
import { envFields } from '../../functions/shared/config.js';
import { downloadFileName } from '../../functions/shared/file-name.js';
import { Reporter } from '../../local/cli/reporter.js';
import { localEnvironment } from '../../local/environment.js';
import { createHttpApiServer } from '../../local/http-api.js';
import type { Server } from 'node:http';

const EVIL_TITLE = '\u001b]52;c;ZXZpbA==\u0007\u001b[2J\u202eevil\u200b title\u009b';

function get(port: number, path: string, host = `127.0.0.1:${port}`): Promise<number> {
  return new Promise((resolve, reject) => {
    const sent = request({ host: '127.0.0.1', port, path, headers: { host } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    sent.on('error', reject);
    sent.end();
  });
}

describe('the local HTTP API', () => {
  let server: Server;
  let port: number;
  const errors: unknown[] = [];

  beforeAll(async () => {
    server = createHttpApiServer({
      routeKeys: API_ROUTE_KEYS,
      handler: async (event) => ({ statusCode: 200, body: event.rawPath }),
      context: () => ({}) as never,
      onError: (error) => errors.push(error),
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers a malformed escape with a 4xx and keeps serving', async () => {
    const status = await get(port, '/download/%E0%A4%A');
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(await get(port, '/jobs/abc')).toBe(200);
  });

  it('refuses a Host that is not its own (DNS rebinding from a browser)', async () => {
    expect(await get(port, '/jobs/abc', 'attacker.example')).toBe(421);
    expect(await get(port, '/jobs/abc', `attacker.example:${port}`)).toBe(421);
    expect(await get(port, '/jobs/abc', `localhost:${port}`)).toBe(200);
  });
});

describe('npm start output', () => {
  it('prints a title without ESC, OSC, C1 or bidi controls', () => {
    let printed = '';
    const out = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        printed += chunk.toString();
        callback();
      },
    });
    const reporter = new Reporter(out, 'you@example.com');
    reporter.step({
      kind: 'succeeded',
      state: 'Validate',
      output: { video: { title: EVIL_TITLE, author: '\u202eauthor', durationSeconds: 3 } },
    } as never);
    expect(printed).toContain('evil');
    expect(printed.replaceAll('\n', '')).not.toMatch(/[\p{Cc}\p{Cf}]/u);
  });

  it('names the saved file without bidi or zero-width characters', () => {
    expect(downloadFileName(EVIL_TITLE, 'Band', 'mp3')).not.toMatch(/[\p{Cc}\p{Cf}]/u);
  });
});

describe('source rules on the local stack', () => {
  const endpoints = { dynamoDb: 'x', s3Sqs: 'x', ses: 'x', stepFunctions: 'x', api: 'x' };
  const names: Parameters<typeof localEnvironment>[1] = {
    suppressionTable: 's',
    jobsTable: 'j',
    mediaTable: 'm',
    idempotencyTable: 'i',
    requestsTable: 'r',
    bucket: 'b',
    queueUrl: 'q',
    stateMachineArn: 'arn:s',
  };

  it("keeps the caller's ALLOW_PRIVATE_SOURCES and ALLOW_FILE_SOURCES, and defaults them only when unset", () => {
    const kept = localEnvironment(endpoints, names, {
      ALLOW_PRIVATE_SOURCES: 'false',
      ALLOW_FILE_SOURCES: '0',
    });
    expect(kept).toMatchObject({ ALLOW_PRIVATE_SOURCES: 'false', ALLOW_FILE_SOURCES: '0' });
    expect(localEnvironment(endpoints, names, {})).toMatchObject({
      ALLOW_PRIVATE_SOURCES: 'true',
      ALLOW_FILE_SOURCES: 'true',
    });
  });

  it('reads ALLOW_PRIVATE_SOURCES as true, false or a host:port list', () => {
    const parse = (value: string) => envFields.ALLOW_PRIVATE_SOURCES.safeParse(value);
    expect(parse('true').data).toBe(true);
    expect(parse('false').data).toBe(false);
    expect(parse('127.0.0.2:8080, Media.Local:443,[::1]:9000').data).toEqual([
      '127.0.0.2:8080',
      'media.local:443',
      '[::1]:9000',
    ]);
    expect(parse('yes').success).toBe(false);
    expect(parse('127.0.0.2').success).toBe(false);
  });
});
