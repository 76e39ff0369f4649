/** Job ids cannot be computed or squatted: they are random, and retries find them through claims scoped to the client. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { bodyOf, createApi, postJob } from './api-fixture.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const REQUEST = { url: 'https://youtu.be/dQw4w9WgXcQ', email: 'jane@example.com', format: 'mp3' };

function fromClient(body: unknown, sourceIp: string, headers: Record<string, string> = {}) {
  const event = postJob(body, headers);
  event.requestContext.http.sourceIp = sourceIp;
  return event;
}

let nextIp = 1;
/** The `requestContext.authorizer` API Gateway's AWS_IAM authorizer sends (payload 2.0), from a fresh address each time. */
function fromIamCaller(body: unknown, userArn: string, headers: Record<string, string> = {}) {
  const event = fromClient(body, `203.0.113.${nextIp++}`, headers);
  const accountId = userArn.split(':')[4]!;
  Object.assign(event.requestContext, {
    authorizer: {
      iam: {
        accessKey: 'ASIAEXAMPLEEXAMPLE00',
        accountId,
        callerId: 'AROAEXAMPLEEXAMPLE000:session',
        cognitoIdentity: null,
        principalOrgId: null,
        userArn,
        userId: 'AROAEXAMPLEEXAMPLE000:session',
      },
    },
  });
  return event;
}

describe('job ids', () => {
  let api: ReturnType<typeof createApi>;
  beforeEach(() => {
    api = createApi();
  });
  afterEach(() => api.restore());

  it('are random: the same body from two clients gets two unrelated UUIDv4 ids', async () => {
    const a = bodyOf(await api.call(fromClient(REQUEST, '198.51.100.1'))).jobId as string;
    const b = bodyOf(await api.call(fromClient(REQUEST, '198.51.100.2'))).jobId as string;

    expect(a).toMatch(UUID_V4);
    expect(b).toMatch(UUID_V4);
    expect(a).not.toBe(b);
    // Not the old derivations: sha256 of the key or the body.
    const old = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);
    expect([a, b]).not.toContain(old(`body:198.51.100.1:mp3:jane@example.com:${REQUEST.url}`));
  });

  it("lets client B use a key client A already used, for another request, without a 409 or A's job", async () => {
    const key = { 'idempotency-key': 'order-1' };
    const a = bodyOf(await api.call(fromClient(REQUEST, '198.51.100.1', key)));
    const squat = { ...REQUEST, url: 'https://youtu.be/aaaaaaaaaaa' };
    const b = await api.call(fromClient(squat, '198.51.100.2', key));

    expect(b.statusCode).toBe(202);
    expect(bodyOf(b).jobId).not.toBe(a.jobId);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    // And A's retry still lands on A's own job.
    const retry = await api.call(fromClient(REQUEST, '198.51.100.1', key));
    expect(bodyOf(retry).jobId).toBe(a.jobId);
  });

  it('scopes keys to the IAM caller when the API is authorised, whatever the source address', async () => {
    const key = { 'idempotency-key': 'batch-7' };
    const alice = bodyOf(await api.call(fromIamCaller(REQUEST, 'arn:aws:iam::111111111111:user/alice', key)));
    const bob = await api.call(fromIamCaller(REQUEST, 'arn:aws:iam::111111111111:user/bob', key));
    const aliceAgain = await api.call(fromIamCaller(REQUEST, 'arn:aws:iam::111111111111:user/alice', key));

    expect(bodyOf(bob).jobId).not.toBe(alice.jobId);
    expect(bodyOf(aliceAgain).jobId).toBe(alice.jobId);
  });

  it('counts an assumed role as one caller whatever its session name', async () => {
    const key = { 'idempotency-key': 'nightly' };
    const role = 'arn:aws:sts::111111111111:assumed-role/uploader';
    const first = bodyOf(await api.call(fromIamCaller(REQUEST, `${role}/session-a`, key)));
    const again = bodyOf(await api.call(fromIamCaller(REQUEST, `${role}/session-b`, key)));
    const other = bodyOf(
      await api.call(fromIamCaller(REQUEST, 'arn:aws:sts::111111111111:assumed-role/other/session-a', key)),
    );

    expect(again.jobId).toBe(first.jobId);
    expect(other.jobId).not.toBe(first.jobId);
  });

  it('stores claims under digests: no email, key or client address in the clear', async () => {
    await api.call(fromClient(REQUEST, '198.51.100.1', { 'idempotency-key': 'order-secret-42' }));
    await api.call(fromClient(REQUEST, '198.51.100.1'));

    const stored = JSON.stringify([...api.requests.entries()]);
    expect(api.requests.size).toBeGreaterThanOrEqual(2);
    for (const secret of ['jane@example.com', 'order-secret-42', '198.51.100.1']) {
      expect(stored).not.toContain(secret);
    }
  });
});
