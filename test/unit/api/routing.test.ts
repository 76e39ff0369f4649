import { API_ROUTE_KEYS, DEFAULT_ROUTE_KEY, selectRoute } from '../../../functions/api/route-keys.js';
import { ROUTES } from '../../../functions/api/router.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { handler } from '../../../functions/api/handler.js';
import { apiConfig } from '../../../functions/api/config.js';
import { ConfigError } from '../../../functions/shared/errors.js';
import { logger } from '../../../functions/shared/logger.js';
import { apiEvent, bodyOf, createApi, postJob } from './api-fixture.js';

describe('api routing and responses', () => {
  let api: ReturnType<typeof createApi>;
  beforeEach(() => {
    api = createApi();
  });
  afterEach(() => {
    api.restore();
    vi.restoreAllMocks();
  });

  it.each([
    ['GET', '/index.html'],
    ['GET', '/jobs/'],
    ['GET', '/jobs/3f2b8c1e-7a4d-4c2b-9e1f-0a1b2c3d4e5f/extra'],
    ['POST', '/job'],
    ['GET', '/download'],
    ['GET', '/admin'],
  ])('answers 404 NOT_FOUND to %s %s', async (method, path) => {
    const response = await api.call(apiEvent({ method, path }));
    expect(response.statusCode).toBe(404);
    expect(bodyOf(response)).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it.each([
    ['GET', '/jobs', 'POST'],
    ['PUT', '/jobs', 'POST'],
    ['DELETE', '/jobs/3f2b8c1e-7a4d-4c2b-9e1f-0a1b2c3d4e5f', 'GET'],
    ['POST', '/download/abc.def', 'GET'],
  ])('answers 405 to %s %s and allows %s', async (method, path, allowed) => {
    const response = await api.call(apiEvent({ method, path }));
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe(allowed);
    expect(bodyOf(response)).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
  });

  it('routes under a named stage as under the default one', async () => {
    const event = apiEvent({
      method: 'GET',
      path: '/prod/jobs/3f2b8c1e-7a4d-4c2b-9e1f-0a1b2c3d4e5f',
      stage: 'prod',
    });
    expect(bodyOf(await api.call(event))).toEqual({ error: { code: 'NOT_FOUND', message: 'No such job' } });
  });

  it('sends JSON with the security headers on every answer', async () => {
    const responses = await Promise.all([
      api.call(apiEvent({ method: 'GET', path: '/nope' })),
      api.call(postJob({ url: 'https://youtu.be/dQw4w9WgXcQ', email: 'jane@example.com' })),
    ]);
    for (const response of responses) {
      expect(response.headers).toMatchObject({
        'content-type': 'application/json; charset=utf-8',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
    }
  });

  it('logs an unexpected error under the route name and answers 500 INTERNAL without details', async () => {
    const logged = vi.spyOn(logger, 'error');
    api.ddb.on(PutCommand).rejects(new Error('connect ECONNREFUSED 10.0.0.1:443'));
    const response = await api.call(
      postJob({ url: 'https://youtu.be/dQw4w9WgXcQ', email: 'jane@example.com' }),
    );

    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('ECONNREFUSED');
    expect(logged).toHaveBeenCalledWith('Request failed', expect.objectContaining({ route: 'POST /jobs' }));
  });

  it('never logs a download token, which is a credential', async () => {
    const token = `3f2b8c1e-7a4d-4c2b-9e1f-0a1b2c3d4e5f.${'s'.repeat(43)}`;
    const info = vi.spyOn(logger, 'info');
    const error = vi.spyOn(logger, 'error');
    api.ddb.rejects(new Error('boom'));
    await api.call(apiEvent({ method: 'GET', path: `/download/${token}` }));

    const logged = JSON.stringify([...info.mock.calls, ...error.mock.calls]);
    expect(logged).toContain('GET /download/{token}');
    expect(logged).not.toContain('s'.repeat(43));
  });
});

describe('the deployed handler', () => {
  afterEach(() => apiConfig.reset());

  it('can be imported without configuration, and fails naming the missing variable on first use', async () => {
    await expect(handler(apiEvent({ method: 'GET', path: '/jobs' }))).rejects.toThrow(ConfigError);
    await expect(handler(apiEvent({ method: 'GET', path: '/jobs' }))).rejects.toThrow(
      /JOBS_TABLE is required/,
    );
  });
});

describe('route keys', () => {
  it('are exactly the routes the router serves, so the CDK app and the local stack expose the same API', () => {
    expect(Object.keys(ROUTES)).toEqual([...API_ROUTE_KEYS]);
  });

  it('are chosen as API Gateway does: a path variable is one segment, a named method beats ANY, else $default', () => {
    const keys = ['GET /files/{name}', 'ANY /files/{name}', 'GET /all/{path+}', DEFAULT_ROUTE_KEY];
    expect(selectRoute(keys, 'GET', '/files/a%20b')).toEqual({
      routeKey: 'GET /files/{name}',
      pathParameters: { name: 'a b' },
    });
    expect(selectRoute(keys, 'PUT', '/files/a')?.routeKey).toBe('ANY /files/{name}');
    expect(selectRoute(keys, 'GET', '/all/x/y')?.pathParameters).toEqual({ path: 'x/y' });
    expect(selectRoute(keys, 'GET', '/files/a/b')).toEqual({ routeKey: DEFAULT_ROUTE_KEY });
    expect(selectRoute(keys.slice(0, 3), 'GET', '/nothing')).toBeUndefined();
  });
});

describe('routing on the route key', () => {
  let api: ReturnType<typeof createApi>;
  beforeEach(() => {
    api = createApi();
  });
  afterEach(() => api.restore());

  it('runs the route API Gateway chose, with the path parameters it decoded, whatever the raw path', async () => {
    const event = {
      ...apiEvent({ method: 'GET', path: '/elsewhere' }),
      routeKey: 'GET /jobs/{jobId}',
      pathParameters: { jobId: '3f2b8c1e-7a4d-4c2b-9e1f-0a1b2c3d4e5f' },
    };
    expect(bodyOf(await api.call(event))).toEqual({ error: { code: 'NOT_FOUND', message: 'No such job' } });
  });

  it('answers a $default request for a declared path with 405, and one for any other path with 404', async () => {
    const declared = { ...apiEvent({ method: 'PATCH', path: '/jobs' }), routeKey: DEFAULT_ROUTE_KEY };
    expect((await api.call(declared)).statusCode).toBe(405);
    const unknown = { ...apiEvent({ method: 'GET', path: '/jobs/a/b' }), routeKey: DEFAULT_ROUTE_KEY };
    expect(bodyOf(await api.call(unknown))).toEqual({
      error: { code: 'NOT_FOUND', message: 'No such resource' },
    });
  });
});
