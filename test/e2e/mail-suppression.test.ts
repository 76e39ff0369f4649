/**
 * On the local stack: a delivered email carries the RFC 8058 headers (as aws-ses-v2-local captured them),
 * its one-click unsubscribe works, and a bounce event suppresses an address; POST /jobs then refuses both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClip, startMediaServer, tempDirectory, type MediaServer } from '../support/media.js';
import type { LocalStack } from '../../local/index.js';
import { startTestStack, submitJob, waitForEmail, waitForJob } from './local-stack-helpers.js';

interface StoredEmail {
  destination: { to: string[] };
  headers?: { name: string; value: string }[];
}

async function postJob(stack: LocalStack, email: string, url: string) {
  const response = await fetch(`${stack.apiUrl}/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url, email }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { error?: { code: string; field: string } },
  };
}

describe('mail that stays welcome, on the local stack', () => {
  let stack: LocalStack;
  let media: MediaServer;
  const directory = tempDirectory();

  beforeAll(async () => {
    stack = await startTestStack();
    media = await startMediaServer();
    media.serveFile(
      '/tone.m4a',
      await generateClip({ seconds: 2, directory, title: 'Tone', artist: 'T' }),
      'audio/mp4',
    );
  });
  afterAll(async () => {
    await media?.close();
    await stack?.stop();
  });

  it('sends List-Unsubscribe one-click headers whose POST unsubscribes the recipient', async () => {
    const to = 'listener@example.com';
    const jobId = await submitJob(stack, { url: media.url('/tone.m4a'), email: to });
    await waitForJob(stack, jobId, ['DELIVERED']);
    await waitForEmail(stack, to, /ready/i);

    const store = (await (await fetch(`${stack.sesUrl}/store`)).json()) as { emails: StoredEmail[] };
    const headers = store.emails.find((email) => email.destination.to.includes(to))!.headers ?? [];
    const header = (name: string) => headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
    expect(header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const link = /^<(.+)>$/.exec(header('List-Unsubscribe') ?? '')?.[1];
    expect(link).toMatch(
      new RegExp(`^${stack.apiUrl.replaceAll('.', '\\.')}/unsubscribe/[A-Za-z0-9_-]{43}$`),
    );

    // What a mail client does (RFC 8058 §3.2): one POST with this body, no cookies.
    const unsubscribed = await fetch(link!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(unsubscribed.status).toBe(200);

    const refused = await postJob(stack, to, media.url('/tone.m4a'));
    expect(refused).toMatchObject({
      status: 400,
      body: { error: { code: 'RECIPIENT_SUPPRESSED', field: 'email' } },
    });
  });

  it('suppresses an address after a permanent bounce event', async () => {
    const { handler } = await import('../../functions/suppress/handler.js');
    await handler({
      source: 'aws.ses',
      'detail-type': 'Email Bounced',
      detail: {
        eventType: 'Bounce',
        bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'gone@example.com' }] },
        mail: { tags: { 'ses:configuration-set': ['audio-sync'] } },
      },
    });
    const refused = await postJob(stack, 'gone@example.com', media.url('/tone.m4a'));
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'RECIPIENT_SUPPRESSED' } } });
    expect((await postJob(stack, 'present@example.com', media.url('/tone.m4a'))).status).toBe(202);
  });
});
