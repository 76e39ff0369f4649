/** POST /jobs stops mail bombing: jobs per recipient and per client per hour, answered 429 with Retry-After. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEDUP_WINDOW_MS } from '../../../functions/api/create-job.js';
import { bodyOf, createApi, NOW, postJob } from './api-fixture.js';

const video = (n: number) => `https://youtu.be/${String(n).padStart(11, 'a')}`;

function fromClient(body: unknown, sourceIp: string, headers: Record<string, string> = {}) {
  const event = postJob(body, headers);
  event.requestContext.http.sourceIp = sourceIp;
  return event;
}

describe('rate limits', () => {
  let api: ReturnType<typeof createApi>;
  beforeEach(() => {
    api = createApi({ RECIPIENT_JOBS_PER_HOUR: 3, CLIENT_JOBS_PER_HOUR: 5 });
  });
  afterEach(() => api.restore());

  it('accepts RECIPIENT_JOBS_PER_HOUR jobs for one address, then answers 429 on email with Retry-After', async () => {
    // Varying the link (and the client) does not help: the address is what is counted.
    for (let n = 1; n <= 3; n++) {
      const answer = await api.call(
        fromClient({ url: video(n), email: 'jane@example.com' }, `198.51.100.${n}`),
      );
      expect(answer.statusCode).toBe(202);
    }
    api.setNow(new Date(NOW.getTime() + 20 * 60_000));
    const refused = await api.call(fromClient({ url: video(9), email: 'Jane@Example.com' }, '198.51.100.9'));

    expect(refused.statusCode).toBe(429);
    expect(bodyOf(refused)).toEqual({
      error: {
        code: 'RATE_LIMITED',
        field: 'email',
        message: 'This address has been sent the most jobs we accept in an hour (3); try again in 40 minutes',
      },
    });
    expect(refused.headers['retry-after']).toBe(String(40 * 60));
    expect(api.items.size).toBe(3);
    expect(api.sends()).toHaveLength(3);
  });

  it('accepts CLIENT_JOBS_PER_HOUR jobs from one client, then answers 429 on client', async () => {
    for (let n = 1; n <= 5; n++) {
      const answer = await api.call(
        fromClient({ url: video(n), email: `user${n}@example.com` }, '203.0.113.50'),
      );
      expect(answer.statusCode).toBe(202);
    }
    const refused = await api.call(fromClient({ url: video(6), email: 'user6@example.com' }, '203.0.113.50'));

    expect(refused.statusCode).toBe(429);
    expect(bodyOf(refused)).toMatchObject({ error: { code: 'RATE_LIMITED', field: 'client' } });
    expect(refused.headers['retry-after']).toBe('3600');
    expect(api.sends()).toHaveLength(5);
    // Another client, and this recipient, are not affected; nor was user6's count spent by the refusal.
    const other = await api.call(fromClient({ url: video(6), email: 'user6@example.com' }, '203.0.113.51'));
    expect(other.statusCode).toBe(202);
  });

  it('counts a fixed clock hour: the next hour accepts again', async () => {
    for (let n = 1; n <= 3; n++) await api.call(postJob({ url: video(n), email: 'jane@example.com' }));
    expect((await api.call(postJob({ url: video(4), email: 'jane@example.com' }))).statusCode).toBe(429);

    api.setNow(new Date(NOW.getTime() + 60 * 60_000));
    expect((await api.call(postJob({ url: video(4), email: 'jane@example.com' }))).statusCode).toBe(202);
  });

  it('does not count a deduplicated resubmission again, by body or by Idempotency-Key', async () => {
    const request = { url: video(1), email: 'jane@example.com' };
    for (let attempt = 0; attempt < 6; attempt++) {
      expect((await api.call(postJob(request))).statusCode).toBe(202);
      expect(
        (await api.call(postJob({ ...request, url: video(2) }, { 'idempotency-key': 'k-1' }))).statusCode,
      ).toBe(202);
    }
    expect(api.items.size).toBe(2);
    // Two counted, so one more new job still fits the limit of 3.
    expect((await api.call(postJob({ url: video(3), email: 'jane@example.com' }))).statusCode).toBe(202);
    expect((await api.call(postJob({ url: video(4), email: 'jane@example.com' }))).statusCode).toBe(429);
  });

  it('counts the same body again once it is a new job after the dedup window', async () => {
    const request = { url: video(1), email: 'jane@example.com' };
    await api.call(postJob(request));
    api.setNow(new Date(NOW.getTime() + DEDUP_WINDOW_MS + 1));
    await api.call(postJob(request));
    api.setNow(new Date(NOW.getTime() + 2 * DEDUP_WINDOW_MS + 2));
    await api.call(postJob(request));
    expect(api.items.size).toBe(3);
    api.setNow(new Date(NOW.getTime() + 3 * DEDUP_WINDOW_MS + 3));
    expect((await api.call(postJob(request))).statusCode).toBe(429);
  });

  it('refuses a retry of a refused request alike, and accepts it once the window is over', async () => {
    for (let n = 1; n <= 3; n++) await api.call(postJob({ url: video(n), email: 'jane@example.com' }));
    const key = { 'idempotency-key': 'late-1' };
    const request = { url: video(4), email: 'jane@example.com' };
    expect((await api.call(postJob(request, key))).statusCode).toBe(429);
    api.setNow(new Date(NOW.getTime() + 30 * 60_000));
    const again = await api.call(postJob(request, key));
    expect(again.statusCode).toBe(429);
    expect(again.headers['retry-after']).toBe(String(30 * 60));

    api.setNow(new Date(NOW.getTime() + 60 * 60_000));
    const accepted = await api.call(postJob(request, key));
    expect(accepted.statusCode).toBe(202);
    expect(accepted.headers['idempotent-replayed']).toBeUndefined();
    expect(api.sends()).toHaveLength(4);
  });

  it('keeps the address out of the counters: they are keyed by digests', async () => {
    await api.call(postJob({ url: video(1), email: 'jane@example.com' }));
    const keys = [...api.requests.keys()].filter((key) => key.startsWith('rate#'));
    expect(keys).toHaveLength(2);
    expect(keys.join(' ')).not.toMatch(/jane|example|203\.0\.113/);
  });
});
