import { SendEmailCommand, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { createNotifyHandler } from '../../../functions/notify/handler.js';
import { capturedLogs } from './captured-logs.js';
import { DELIVERED, notifyWorld, rejected, REQUESTER } from './notify-fixture.js';

const throttled = () =>
  new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: {} });

describe('notify handler', () => {
  it('sends no second email when the same job is notified again, and answers the first result', async () => {
    const world = notifyWorld();
    const handler = world.notify;

    const first = await handler(DELIVERED);
    const second = await handler(DELIVERED);

    expect(world.emails()).toHaveLength(1);
    expect(second).toEqual(first);
    // The replay rewrites only the final status (a redrive must move the job out of FAILED).
    expect(world.jobUpdates().map((values) => values[':status'])).toEqual([
      'NOTIFYING',
      'DELIVERED',
      'DELIVERED',
    ]);
  });

  it('keys the once-only record on the job, so a replay through a new handler instance stays silent', async () => {
    const world = notifyWorld();

    await createNotifyHandler(world.deps)(rejected('VideoIsLive', 'live'), world.context);
    await createNotifyHandler(world.deps)(rejected('VideoIsLive', 'live'), world.context);

    expect(world.emails()).toHaveLength(1);
    expect(world.persistenceStore.records.size).toBe(1);
  });

  it('answers NotificationInProgress to a second invocation while the first is still sending', async () => {
    const world = notifyWorld();
    let releaseSend: () => void = () => undefined;
    const sendStarted = new Promise<void>((started) => {
      world.sesMock.on(SendEmailCommand).callsFake(async () => {
        started();
        await new Promise<void>((release) => (releaseSend = release));
        return { MessageId: 'message-slow' };
      });
    });

    const first = world.notify(DELIVERED);
    await sendStarted;
    await expect(world.notify(DELIVERED)).rejects.toMatchObject({ name: 'NotificationInProgress' });
    releaseSend();
    const firstResult = await first;

    // The state machine's Retry then gets the stored result, and still one email went out.
    await expect(world.notify(DELIVERED)).resolves.toEqual(firstResult);
    expect(world.emails()).toHaveLength(1);
  });

  it('emails each job once, not once overall', async () => {
    const world = notifyWorld();
    const handler = world.notify;

    await handler(DELIVERED);
    await handler({ ...DELIVERED, jobId: 'job-0002' });

    expect(world.emails()).toHaveLength(2);
  });

  it('turns SES throttling into EmailThrottled and does not mark the job DELIVERED', async () => {
    const world = notifyWorld();
    world.sesMock.on(SendEmailCommand).rejects(throttled());

    await expect(world.notify(DELIVERED)).rejects.toMatchObject({
      name: 'EmailThrottled',
    });
    expect(world.jobUpdates().map((values) => values[':status'])).toEqual(['NOTIFYING']);
  });

  it('sends on the retry that follows a throttled attempt', async () => {
    const world = notifyWorld();
    world.sesMock.on(SendEmailCommand).rejectsOnce(throttled()).resolves({ MessageId: 'message-retry' });
    const handler = world.notify;

    await expect(handler(DELIVERED)).rejects.toMatchObject({ name: 'EmailThrottled' });
    await expect(handler(DELIVERED)).resolves.toMatchObject({
      status: 'DELIVERED',
      messageId: 'message-retry',
    });
  });

  it('lets a permanent SES refusal through under its own name', async () => {
    const world = notifyWorld();
    const refusal = Object.assign(new Error('Email address is not verified.'), {
      name: 'MessageRejected',
      $fault: 'client',
    });
    world.sesMock.on(SendEmailCommand).rejects(refusal);

    await expect(world.notify(DELIVERED)).rejects.toMatchObject({
      name: 'MessageRejected',
    });
  });

  it('refuses a payload without its outcome fields as InvalidTaskInput, sending nothing', async () => {
    const world = notifyWorld();

    await expect(
      world.notify({ outcome: 'DELIVERED', jobId: 'job-0001', url: 'x', format: 'mp3' }),
    ).rejects.toMatchObject({ name: 'InvalidTaskInput', message: expect.stringContaining('video') });
    expect(world.emails()).toHaveLength(0);
  });

  it('never writes the email address to the logs, even masked', async () => {
    const world = notifyWorld();
    world.sesMock.on(SendEmailCommand).rejectsOnce(throttled()).resolves({ MessageId: 'm' });
    const handler = world.notify;

    const logs = await capturedLogs(async () => {
      await handler(DELIVERED).catch(() => undefined);
      await handler(DELIVERED);
      await handler(rejected('VideoTooLong', 'The video is 45 minutes long; the limit is 30 minutes.'));
    });

    expect(logs.lines.length).toBeGreaterThan(3);
    expect(
      logs.lines.some((line) => line.jobId === 'job-0001' && line.message === 'Requester notified'),
    ).toBe(true);
    expect(logs.raw).not.toContain(REQUESTER);
    expect(logs.raw).not.toContain('j***@example.com');
  });
});
