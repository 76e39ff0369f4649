import { DEDUP_WINDOW_MS } from '../../../functions/api/create-job.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { apiEvent, bodyOf, createApi, NOW, postJob } from './api-fixture.js';

const VIDEO = 'https://youtu.be/dQw4w9WgXcQ?si=tracking';
const WATCH_URL = 'https://www.youtube.com/watch?v=dQw4w9WgXcQ';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('POST /jobs', () => {
  let api: ReturnType<typeof createApi>;
  beforeEach(() => {
    api = createApi();
  });
  afterEach(() => api.restore());

  it('answers 202 with the job id, QUEUED and the status URL', async () => {
    const response = await api.call(postJob({ url: VIDEO, email: 'jane@example.com', format: 'm4a' }));

    expect(response.statusCode).toBe(202);
    const jobId = bodyOf(response).jobId as string;
    expect(jobId).toMatch(UUID_V4);
    expect(bodyOf(response)).toEqual({
      jobId,
      status: 'QUEUED',
      statusUrl: `https://api.example.com/jobs/${jobId}`,
    });
    expect(response.headers.location).toBe(`https://api.example.com/jobs/${jobId}`);
  });

  it('records the job as QUEUED with the normalised url, the email and a TTL', async () => {
    await api.call(postJob({ url: VIDEO, email: 'jane@example.com' }));

    expect(api.puts()).toHaveLength(1);
    expect(api.puts()[0]!.args[0].input).toMatchObject({
      TableName: 'jobs-table',
      Item: {
        job_id: expect.stringMatching(UUID_V4),
        status: 'QUEUED',
        source_url: WATCH_URL,
        email: 'jane@example.com',
        format: 'mp3',
        created_at: NOW.toISOString(),
        expires_at: Math.floor(NOW.getTime() / 1000) + 30 * 86_400,
      },
    });
  });

  it('sends one FIFO message keyed by the job id, carrying no email', async () => {
    await api.call(postJob({ url: VIDEO, email: 'jane@example.com', format: 'opus' }));

    expect(api.sends()).toHaveLength(1);
    const input = api.sends()[0]!.args[0].input;
    const jobId = api.puts()[0]!.args[0].input.Item!.job_id as string;
    expect(input).toEqual({
      QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs.fifo',
      MessageGroupId: jobId,
      MessageDeduplicationId: jobId,
      MessageBody: JSON.stringify({ jobId, url: WATCH_URL, format: 'opus', options: { coverArt: true } }),
    });
    expect(input.MessageBody).not.toContain('@');
  });

  it("carries the audio options into the job and its message, with a link's t= as the start", async () => {
    await api.call(
      postJob({
        url: `${VIDEO}&t=1m5s`,
        email: 'jane@example.com',
        quality: 'V0',
        end: '2:00',
        coverArt: false,
      }),
    );

    const options = { quality: 'V0', startSeconds: 65, endSeconds: 120, coverArt: false };
    expect(api.puts()[0]!.args[0].input.Item).toMatchObject({ format: 'mp3', options });
    expect(JSON.parse(api.sends()[0]!.args[0].input.MessageBody!)).toMatchObject({ options });
  });

  it("lets the body's start win over the link's t=", async () => {
    await api.call(postJob({ url: `${VIDEO}&t=90`, email: 'jane@example.com', start: 12.5 }));

    expect(api.puts()[0]!.args[0].input.Item).toMatchObject({
      options: { startSeconds: 12.5, coverArt: true },
    });
  });

  it('writes the job before it enqueues it, so the starter never finds a missing job', async () => {
    const order: string[] = [];
    api.ddb.on(PutCommand).callsFake((input: { TableName: string }) => {
      order.push(`put ${input.TableName}`);
      return {};
    });
    api.sqs.on(SendMessageCommand).callsFake(() => {
      order.push('send');
      return {};
    });
    await api.call(postJob({ url: VIDEO, email: 'jane@example.com' }));
    expect(order).toEqual(['put requests-table', 'put jobs-table', 'send']);
  });

  it('decodes a base64-encoded body', async () => {
    const body = Buffer.from(JSON.stringify({ url: VIDEO, email: 'jane@example.com' })).toString('base64');
    const event = apiEvent({
      method: 'POST',
      path: '/jobs',
      body,
      isBase64Encoded: true,
      headers: { 'Content-Type': 'application/json; charset=UTF-8' },
    });
    expect((await api.call(event)).statusCode).toBe(202);
  });

  it('accepts a body of exactly 16 KiB and refuses one byte more', async () => {
    const json = JSON.stringify({ url: VIDEO, email: 'jane@example.com' });
    const exact = json.padEnd(16 * 1024, ' ');
    expect((await api.call(postJob(exact))).statusCode).toBe(202);
    const response = await api.call(postJob(`${exact} `));
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)).toMatchObject({ error: { code: 'BODY_TOO_LARGE' } });
  });

  describe('with an Idempotency-Key', () => {
    const request = { url: VIDEO, email: 'jane@example.com', format: 'mp3' };
    const key = { 'idempotency-key': 'order-42:attempt' };

    it('gives a retried request the same job id and answers it 202 again', async () => {
      const first = bodyOf(await api.call(postJob(request, key)));
      const second = await api.call(postJob(request, key));

      expect(second.statusCode).toBe(202);
      expect(bodyOf(second).jobId).toBe(first.jobId);
      expect(first.jobId).toMatch(UUID_V4);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(api.items.size).toBe(1);
    });

    it('treats the email case-insensitively when matching a retry', async () => {
      const first = bodyOf(await api.call(postJob(request, key)));
      const second = await api.call(postJob({ ...request, email: 'Jane@Example.com' }, key));
      expect(bodyOf(second).jobId).toBe(first.jobId);
    });

    it('re-sends the message with the same dedup id while the job is still QUEUED', async () => {
      await api.call(postJob(request, key));
      await api.call(postJob(request, key));

      const [first, second] = api.sends().map((call) => call.args[0].input);
      expect(second).toEqual(first);
    });

    it('heals a first attempt that wrote the job but failed to enqueue it', async () => {
      api.sqs.on(SendMessageCommand).rejectsOnce(new Error('socket hang up')).resolves({});

      expect((await api.call(postJob(request, key))).statusCode).toBe(500);
      expect((await api.call(postJob(request, key))).statusCode).toBe(202);
      expect(api.sends()).toHaveLength(2);
    });

    it('does not enqueue again once the job has moved past QUEUED', async () => {
      const { jobId } = bodyOf(await api.call(postJob(request, key)));
      api.items.get(String(jobId))!.status = 'EXTRACTING';

      const replay = await api.call(postJob(request, key));
      expect(bodyOf(replay)).toMatchObject({ jobId, status: 'EXTRACTING' });
      expect(api.sends()).toHaveLength(1);
    });

    it.each([
      ['url', { url: 'https://youtu.be/aaaaaaaaaaa' }],
      ['format', { format: 'opus' }],
    ])('answers 409 when the key is reused with a different %s', async (_field, change) => {
      await api.call(postJob(request, key));
      const response = await api.call(postJob({ ...request, ...change }, key));

      expect(response.statusCode).toBe(409);
      expect(bodyOf(response)).toMatchObject({
        error: { code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' },
      });
      expect(api.sends()).toHaveLength(1);
    });

    it('gives the same key from two requesters two different jobs', async () => {
      const jane = bodyOf(await api.call(postJob(request, key)));
      const joe = bodyOf(await api.call(postJob({ ...request, email: 'joe@example.com' }, key)));
      expect(joe.jobId).not.toBe(jane.jobId);
    });
  });

  it('gives the same body from the same client within the dedup window the same job, enqueued once', async () => {
    const request = { url: VIDEO, email: 'jane@example.com' };
    const first = bodyOf(await api.call(postJob(request)));
    api.setNow(new Date(NOW.getTime() + DEDUP_WINDOW_MS - 1000));
    const second = bodyOf(await api.call(postJob({ ...request, email: 'Jane@Example.com' })));

    expect(second.jobId).toBe(first.jobId);
    expect(api.puts()).toHaveLength(1);
    expect(api.items.size).toBe(1);
    // Every send for the job carries its id as the FIFO dedup id, so the queue keeps one message.
    expect(new Set(api.sends().map((call) => call.args[0].input.MessageDeduplicationId))).toEqual(
      new Set([first.jobId]),
    );
  });

  it('lands concurrent identical requests on one job', async () => {
    const request = { url: VIDEO, email: 'jane@example.com' };
    const answers = await Promise.all([1, 2, 3].map(() => api.call(postJob(request))));
    const ids = answers.map((answer) => bodyOf(answer).jobId);

    expect(answers.map((answer) => answer.statusCode)).toEqual([202, 202, 202]);
    expect(new Set(ids).size).toBe(1);
    expect(api.items.size).toBe(1);
  });

  it('treats another client, another email or another format as another job', async () => {
    const request = { url: VIDEO, email: 'jane@example.com' };
    const base = bodyOf(await api.call(postJob(request))).jobId;
    const otherClient = postJob(request);
    otherClient.requestContext.http.sourceIp = '198.51.100.9';
    const others = [
      bodyOf(await api.call(otherClient)).jobId,
      bodyOf(await api.call(postJob({ ...request, email: 'john@example.com' }))).jobId,
      bodyOf(await api.call(postJob({ ...request, format: 'opus' }))).jobId,
    ];
    expect(new Set([base, ...others]).size).toBe(4);
  });

  it('makes the same body after the dedup window a new job, on which repeats meet again', async () => {
    const request = { url: VIDEO, email: 'jane@example.com' };
    const first = bodyOf(await api.call(postJob(request))).jobId;
    api.setNow(new Date(NOW.getTime() + DEDUP_WINDOW_MS + 1000));
    const [later, laterRepeat] = await Promise.all([api.call(postJob(request)), api.call(postJob(request))]);

    expect(bodyOf(later).jobId).not.toBe(first);
    expect(bodyOf(laterRepeat).jobId).toBe(bodyOf(later).jobId);
    expect(api.items.size).toBe(2);
  });

  it('answers 500 INTERNAL, not 202, when the table write fails', async () => {
    api.ddb.on(PutCommand).rejects(new Error('ProvisionedThroughputExceeded'));
    const response = await api.call(postJob({ url: VIDEO, email: 'jane@example.com' }));

    expect(response.statusCode).toBe(500);
    expect(bodyOf(response)).toMatchObject({ error: { code: 'INTERNAL' } });
    expect(api.sends()).toHaveLength(0);
  });
});
