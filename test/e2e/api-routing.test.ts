import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/index.js';
import { startTestStack } from './local-stack-helpers.js';

// What a client of the deployed API gets, since API Gateway sends unmatched requests to `$default`.
describe('the local stack answers requests no route matches as the deployed API does', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('answers an unknown path with the JSON 404 NOT_FOUND', async () => {
    const response = await fetch(`${stack.apiUrl}/admin/users`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No such resource' } });
  });

  it('answers another method on a declared path with 405 and the allowed method', async () => {
    const response = await fetch(`${stack.apiUrl}/jobs`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(await response.json()).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
  });

  it('routes a declared route with its decoded path parameter', async () => {
    const response = await fetch(`${stack.apiUrl}/jobs/no%20such%20job`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No such job' } });
  });
});
