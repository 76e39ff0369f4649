/** Addresses that bounced, complained or unsubscribed are refused at POST /jobs; POST /unsubscribe/{token} adds one. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSuppressHandler } from '../../../functions/suppress/handler.js';
import { addressDigest } from '../../../functions/shared/tables/suppression.js';
import { apiEvent, bodyOf, createApi, NOW, postJob } from './api-fixture.js';

const REQUEST = { url: 'https://youtu.be/dQw4w9WgXcQ', email: 'jane@example.com' };

/** The detail of SES's event records, as EventBridge delivers them ("Email Bounced"). */
function bounce(bounceType: 'Permanent' | 'Transient', emailAddress: string) {
  return {
    source: 'aws.ses',
    'detail-type': 'Email Bounced',
    detail: {
      eventType: 'Bounce',
      bounce: {
        bounceType,
        bounceSubType: 'General',
        bouncedRecipients: [{ emailAddress, action: 'failed', status: '5.1.1' }],
      },
      mail: { destination: [emailAddress], tags: { 'ses:configuration-set': ['audio-sync'] } },
    },
  };
}

describe('suppression', () => {
  let api: ReturnType<typeof createApi>;
  beforeEach(() => {
    api = createApi();
  });
  afterEach(() => api.restore());

  const refusedWithNothingWritten = async (email: string) => {
    const response = await api.call(postJob({ ...REQUEST, email }));
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)).toEqual({
      error: {
        code: 'RECIPIENT_SUPPRESSED',
        field: 'email',
        message:
          'This address bounced, complained or unsubscribed, so we no longer send it email; use another address',
      },
    });
    expect(api.items.size).toBe(0);
    expect(api.sends()).toHaveLength(0);
    expect(api.requests.size).toBe(0);
  };

  it('refuses an address after a permanent bounce, whatever its case', async () => {
    const suppress = createSuppressHandler({ suppression: api.suppressionTable, clock: () => NOW });
    expect(await suppress(bounce('Permanent', 'Jane@Example.com'))).toEqual({ suppressed: 1 });
    await refusedWithNothingWritten('jane@example.com');
  });

  it('keeps accepting after a transient bounce (a full mailbox)', async () => {
    const suppress = createSuppressHandler({ suppression: api.suppressionTable });
    expect(await suppress(bounce('Transient', 'jane@example.com'))).toEqual({ suppressed: 0 });
    expect((await api.call(postJob(REQUEST))).statusCode).toBe(202);
  });

  it('refuses an address that complained', async () => {
    const suppress = createSuppressHandler({ suppression: api.suppressionTable });
    await suppress({
      source: 'aws.ses',
      'detail-type': 'Email Complaint Received',
      detail: {
        eventType: 'Complaint',
        complaint: { complainedRecipients: [{ emailAddress: 'jane@example.com' }] },
      },
    });
    await refusedWithNothingWritten('jane@example.com');
  });

  it('refuses an event that is not from SES', async () => {
    const suppress = createSuppressHandler({ suppression: api.suppressionTable });
    await expect(suppress({ source: 'aws.states', detail: {} })).rejects.toThrow();
  });

  it('unsubscribes with one POST to the emailed token, then refuses the address', async () => {
    const token = await api.suppressionTable.issueToken('jane@example.com', NOW);
    const response = await api.call(
      apiEvent({
        method: 'POST',
        path: `/unsubscribe/${token}`,
        body: 'List-Unsubscribe=One-Click',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ unsubscribed: true });
    await refusedWithNothingWritten('JANE@example.com');
    // Another address is not affected.
    expect((await api.call(postJob({ ...REQUEST, email: 'joe@example.com' }))).statusCode).toBe(202);
  });

  it('stores the address only as a digest, and the token only as a hash', async () => {
    const token = await api.suppressionTable.issueToken('jane@example.com', NOW);
    await api.call(apiEvent({ method: 'POST', path: `/unsubscribe/${token}` }));
    const stored = JSON.stringify([...api.suppression.entries()]);
    expect(stored).not.toContain('jane');
    expect(stored).not.toContain(token);
    expect(stored).toContain(addressDigest('jane@example.com'));
  });

  it.each([
    ['an unknown token', 'A'.repeat(43)],
    ['a malformed token', 'not-a-token'],
  ])('answers 404 to %s and suppresses nobody', async (_name, token) => {
    const response = await api.call(apiEvent({ method: 'POST', path: `/unsubscribe/${token}` }));
    expect(response.statusCode).toBe(404);
    expect(bodyOf(response)).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(api.suppression.size).toBe(0);
  });

  it('changes nothing on a GET (link scanners prefetch links)', async () => {
    const token = await api.suppressionTable.issueToken('jane@example.com', NOW);
    const response = await api.call(apiEvent({ method: 'GET', path: `/unsubscribe/${token}` }));
    expect(response.statusCode).toBe(405);
    expect((await api.call(postJob(REQUEST))).statusCode).toBe(202);
  });
});
