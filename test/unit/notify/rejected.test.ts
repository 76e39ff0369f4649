import { describe, expect, it } from 'vitest';
import { contentOf, notifyWorld, rejected, REQUESTER } from './notify-fixture.js';

describe('notify: rejected', () => {
  it('explains a too-long video with its length and the limit, and records that reason', async () => {
    const world = notifyWorld();
    const message = 'The video is 45 minutes long; the limit is 30 minutes.';

    const result = await world.notify(rejected('VideoTooLong', message));

    const [email] = world.emails();
    expect(email!.Destination?.ToAddresses).toEqual([REQUESTER]);
    const { subject, text, html } = contentOf(email!);
    expect(subject).toBe('We could not convert: Never Gonna Give You Up');
    expect(text).toContain(message);
    expect(html).toContain(message);
    expect(world.jobUpdates().map((values) => values[':status'])).toEqual(['NOTIFYING', 'REJECTED']);
    expect(world.jobUpdates()[1]).toMatchObject({ ':reason': message });
    expect(result).toEqual({ jobId: 'job-0001', status: 'REJECTED', messageId: 'message-1' });
  });

  it.each([
    ['VideoUnavailable', 'This video is private', 'private, removed or restricted'],
    ['VideoIsLive', 'Live stream', 'live stream'],
    ['SourceBlocked', 'Sign in to confirm you are not a bot', 'try again later'],
    ['InvalidSource', 'Unsupported URL', 'cannot take audio from this link'],
  ])('explains %s in plain words', async (errorType, errorMessage, phrase) => {
    const world = notifyWorld();

    await world.notify(rejected(errorType, errorMessage));

    const { text } = contentOf(world.emails()[0]!);
    expect(text.toLowerCase()).toContain(phrase.toLowerCase());
    // Only our own limit message is shown; a source's wording stays out of the email.
    expect(text).not.toContain(errorMessage);
  });

  it('still sends a plain explanation when the Cause is not JSON', async () => {
    const world = notifyWorld({ job: { video: undefined } });

    await world.notify({
      ...rejected('VideoTooLong', ''),
      error: { Error: 'VideoTooLong', Cause: '{not json' },
    });

    const { subject, text } = contentOf(world.emails()[0]!);
    expect(subject).toBe('We could not convert your video');
    expect(text).toContain('{not json');
  });

  it('falls back to the general wording when the Cause is missing', async () => {
    const world = notifyWorld();

    await world.notify({
      ...rejected('VideoTooLong', ''),
      error: { Error: 'VideoTooLong' },
    });

    expect(contentOf(world.emails()[0]!).text).toContain('The video is longer than we can convert.');
  });

  it('names the link the requester sent, broken so it is no link', async () => {
    const world = notifyWorld();

    await world.notify(rejected('InvalidSource', 'nope'));

    expect(contentOf(world.emails()[0]!).text).toContain('Link: hxxps://youtu[.]be/dQw4w9WgXcQ');
  });
});
