import { describe, expect, it } from 'vitest';
import { hashSecret, parseDownloadToken } from '../../../functions/shared/download-token.js';
import type { MediaItem } from '../../../functions/shared/tables/media.js';
import {
  contentOf,
  DELIVERED,
  notifyWorld,
  PUBLIC_API_URL,
  REQUESTER,
  SENDER,
  VIDEO,
} from './notify-fixture.js';

const LINK_PATTERN = /https:\/\/api\.example\.com\/download\/(job-0001\.[A-Za-z0-9_-]{43})/;

function linkIn(text: string): { url: string; token: string } {
  const match = LINK_PATTERN.exec(text);
  if (!match) throw new Error(`No download link in: ${text}`);
  return { url: match[0], token: match[1]! };
}

describe('notify: delivered', () => {
  it('emails the requester read from the jobs table, from the sender address, with both parts', async () => {
    const world = notifyWorld();

    await world.notify(DELIVERED);

    const [email] = world.emails();
    expect(world.emails()).toHaveLength(1);
    expect(email).toMatchObject({ FromEmailAddress: SENDER, Destination: { ToAddresses: [REQUESTER] } });
    const { subject, html, text } = contentOf(email!);
    expect(subject).toBe('Your audio is ready: Never Gonna Give You Up');
    expect(html).toContain('Never Gonna Give You Up');
    expect(text).toContain('Rick Astley');
    expect(text).toContain('This link works for 7 days.');
  });

  it('links to PUBLIC_API_URL/download/<jobId>.<secret> in the HTML and the text parts', async () => {
    const world = notifyWorld();

    await world.notify(DELIVERED);

    const { html, text } = contentOf(world.emails()[0]!);
    const link = linkIn(text);
    expect(link.url.startsWith(`${PUBLIC_API_URL}/download/job-0001.`)).toBe(true);
    expect(html).toContain(`href="${link.url}"`);
  });

  it('stores only the hash of the link secret, the expiry 168 hours on and the S3 key', async () => {
    const world = notifyWorld();

    await world.notify(DELIVERED);

    const { token } = linkIn(contentOf(world.emails()[0]!).text);
    const secret = parseDownloadToken(token)!.secret;
    const linkUpdate = world.jobUpdates().find((values) => ':link_hash' in values)!;
    expect(linkUpdate[':link_hash']).toBe(hashSecret(secret));
    expect(linkUpdate[':link_hash']).not.toContain(secret);
    expect(JSON.stringify(world.jobUpdates())).not.toContain(secret);
    expect(linkUpdate[':link_expires_at']).toBe('2030-05-08T12:00:00.000Z');
    expect(linkUpdate[':s3_key']).toBe('audio/dQw4w9WgXcQ/mp3.mp3');
  });

  it('escapes a title that carries markup in the HTML part', async () => {
    const world = notifyWorld();
    const title = '<script>alert("x")</script> & <b>friends</b>';

    await world.notify({ ...DELIVERED, video: { ...VIDEO, title } });

    const { html, text, subject } = contentOf(world.emails()[0]!);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>friends');
    expect(html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;friends&lt;/b&gt;',
    );
    expect(text).toContain(title);
    expect(subject).toBe(`Your audio is ready: ${title}`);
  });

  it('marks the job NOTIFYING before sending and DELIVERED after', async () => {
    const world = notifyWorld();

    const result = await world.notify(DELIVERED);

    expect(world.jobUpdates().map((values) => values[':status'])).toEqual(['NOTIFYING', 'DELIVERED']);
    expect(result).toEqual({ jobId: 'job-0001', status: 'DELIVERED', messageId: 'message-1' });
  });

  it('reads the rendition from the media item on a cache hit', async () => {
    const media: MediaItem = {
      video_id: VIDEO.videoId,
      title: VIDEO.title,
      author: VIDEO.author,
      duration_s: 212,
      source_url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      updated_at: '2030-04-01T00:00:00.000Z',
      renditions: {
        m4a: {
          s3_key: 'audio/dQw4w9WgXcQ/m4a.m4a',
          bytes: 2_000_000,
          content_type: 'audio/mp4',
          created_at: 'x',
        },
      },
    };
    const world = notifyWorld({ media });

    await world.notify({ ...DELIVERED, format: 'm4a', video: { ...VIDEO, cached: true } });

    const linkUpdate = world.jobUpdates().find((values) => ':link_hash' in values)!;
    expect(linkUpdate[':s3_key']).toBe('audio/dQw4w9WgXcQ/m4a.m4a');
    expect(contentOf(world.emails()[0]!).text).toContain('Format: M4A');
  });

  it('sends nothing when no rendition is recorded', async () => {
    const world = notifyWorld({ media: undefined });

    await expect(world.notify(DELIVERED)).rejects.toMatchObject({
      name: 'InvalidTaskInput',
    });
    expect(world.emails()).toHaveLength(0);
  });
});
