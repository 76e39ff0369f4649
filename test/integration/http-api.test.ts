import { API_ROUTE_KEYS, DECLARED_ROUTE_KEYS } from '../../functions/api/route-keys.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Server } from 'node:http';
import { createHttpApiServer, type ApiHandler } from '../../local/http-api.js';
import { closeServer, listenOnLoopback } from '../../local/emulators/listen.js';
import { createLambdaContext } from '../../local/step-functions/runner/lambda-adapter.js';

describe('the local HTTP API', () => {
  let server: Server | undefined;
  afterEach(async () => {
    if (server) await closeServer(server);
  });

  /** The routes the CDK app declares, `$default` included, unless a test says otherwise. */
  async function serve(
    handler: ApiHandler,
    routeKeys: readonly string[] = DECLARED_ROUTE_KEYS,
  ): Promise<string> {
    server = createHttpApiServer({
      routeKeys,
      handler,
      context: () => createLambdaContext('audio-sync-api', 29_000),
      onError: () => undefined,
    });
    return listenOnLoopback(server);
  }

  it('passes a JSON POST as an HTTP API v2 event with lower-cased headers and a text body', async () => {
    const events: APIGatewayProxyEventV2[] = [];
    const url = await serve(async (event) => {
      events.push(event);
      return { statusCode: 202, headers: { 'Content-Type': 'application/json' }, body: '{"jobId":"j1"}' };
    });
    const response = await fetch(`${url}/jobs?x=1`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'abc' },
      body: '{"url":"https://example.com/a.mp3"}',
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ jobId: 'j1' });
    const [event] = events;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /jobs',
      rawPath: '/jobs',
      rawQueryString: 'x=1',
      queryStringParameters: { x: '1' },
      body: '{"url":"https://example.com/a.mp3"}',
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', path: '/jobs' }, stage: '$default', routeKey: 'POST /jobs' },
    });
    expect(event?.headers['idempotency-key']).toBe('abc');
    expect(event?.headers['content-type']).toBe('application/json');
  });

  it('fills path parameters from the route template and base64-encodes binary bodies', async () => {
    const events: APIGatewayProxyEventV2[] = [];
    const url = await serve(async (event) => {
      events.push(event);
      return { statusCode: 200, body: 'ok' };
    });
    await fetch(`${url}/jobs/job%2042`);
    await fetch(`${url}/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.from([0, 1, 2]),
    });
    expect(events[0]).toMatchObject({ routeKey: 'GET /jobs/{jobId}', pathParameters: { jobId: 'job 42' } });
    expect(events[1]).toMatchObject({
      isBase64Encoded: true,
      body: Buffer.from([0, 1, 2]).toString('base64'),
    });
  });

  it('writes back a 302 redirect with its location', async () => {
    const url = await serve(async () => ({
      statusCode: 302,
      headers: { Location: 'http://127.0.0.1:1/file.mp3' },
      body: '',
    }));
    const response = await fetch(`${url}/download/token`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('http://127.0.0.1:1/file.mp3');
  });

  it('sends what no route matches to $default, as API Gateway does, without path parameters', async () => {
    const events: APIGatewayProxyEventV2[] = [];
    const url = await serve(async (event) => {
      events.push(event);
      return { statusCode: 404, body: '' };
    });
    await fetch(`${url}/nothing/here`);
    await fetch(`${url}/jobs`, { method: 'DELETE' });
    await fetch(`${url}/jobs/a/b`);
    expect(events.map((event) => [event.routeKey, event.requestContext.routeKey, event.rawPath])).toEqual([
      ['$default', '$default', '/nothing/here'],
      ['$default', '$default', '/jobs'],
      ['$default', '$default', '/jobs/a/b'],
    ]);
    expect(events.every((event) => event.pathParameters === undefined)).toBe(true);
  });

  it("answers API Gateway's 404 without invoking the function when no $default route is declared, and 500 when it throws", async () => {
    let calls = 0;
    const url = await serve(async () => {
      calls += 1;
      throw new Error('boom');
    }, API_ROUTE_KEYS);
    const missing = await fetch(`${url}/nothing/here`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'Not Found' });
    expect(calls).toBe(0);
    const failing = await fetch(`${url}/jobs/j1`);
    expect(failing.status).toBe(500);
    expect(await failing.json()).toEqual({ message: 'Internal Server Error' });
  });

  it('treats a result without statusCode as the JSON body of a 200, as API Gateway does', async () => {
    const url = await serve(async () => ({ jobId: 'j1' }) as never);
    const response = await fetch(`${url}/jobs/j1`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ jobId: 'j1' });
  });
});
