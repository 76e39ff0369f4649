import { describe, expect, it } from 'vitest';
import { deliveredEmail } from '../../../functions/shared/email/delivered.js';
import { escapeHtml, plainSubject } from '../../../functions/shared/email/escape.js';
import { failedEmail } from '../../../functions/shared/email/failed.js';
import type { EmailContent } from '../../../functions/shared/email/layout.js';
import { unlinkedUrl } from '../../../functions/shared/email/unlinked.js';
import { describeRejection, rejectedEmail } from '../../../functions/shared/email/rejected.js';

const HOSTILE = `<img src=x onerror="alert('t')"> & "friends"`;
const LINK = 'https://api.example.com/download/job-0001.abc';

const delivered = (overrides: Partial<Parameters<typeof deliveredEmail>[0]> = {}) =>
  deliveredEmail({
    title: 'Never Gonna Give You Up',
    author: 'Rick Astley',
    durationSeconds: 212,
    format: 'mp3',
    bytes: 3_400_000,
    link: LINK,
    linkTtlHours: 168,
    ...overrides,
  });

/** No element that loads or runs anything: escaped text may mention them, real tags may not. */
function expectSelfContained(email: EmailContent) {
  expect(email.html).not.toMatch(/<(script|img|link|iframe|object|embed|style)\b/i);
  expect(email.html).not.toMatch(/<[^>]*\s(src|background)=/i);
  expect(email.html).not.toMatch(/url\(/i);
}

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;',
    );
  });
});

describe('plainSubject', () => {
  it('puts a title with CR/LF on one line, so it cannot add mail headers', () => {
    expect(plainSubject('Song\r\nBcc: victim@example.com')).toBe('Song Bcc: victim@example.com');
  });

  it('shortens a very long title with an ellipsis', () => {
    const subject = plainSubject(`Your audio is ready: ${'long '.repeat(100)}`);
    expect(subject.length).toBeLessThanOrEqual(180);
    expect(subject.endsWith('…')).toBe(true);
  });
});

describe('deliveredEmail', () => {
  it('names the title in the subject and states the link validity in plain words', () => {
    const email = delivered();

    expect(email.subject).toBe('Your audio is ready: Never Gonna Give You Up');
    expect(email.text).toContain('This link works for 7 days.');
    expect(email.html).toContain('This link works for 7 days.');
  });

  it('states a link validity that is not whole days in hours', () => {
    expect(delivered({ linkTtlHours: 36 }).text).toContain('This link works for 36 hours.');
    expect(delivered({ linkTtlHours: 24 }).text).toContain('This link works for 1 day.');
  });

  it('escapes the title and author in the HTML and keeps them readable in the text', () => {
    const email = delivered({ title: HOSTILE, author: HOSTILE });

    expect(email.html).not.toContain('<img');
    expect(email.html).toContain(
      '&lt;img src=x onerror=&quot;alert(&#39;t&#39;)&quot;&gt; &amp; &quot;friends&quot;',
    );
    expect(email.text).toContain(`Channel: ${HOSTILE}`);
  });

  it('reads alone as plain text: title, length, format, size and the link', () => {
    const { text } = delivered();

    expect(text).toContain('Title: Never Gonna Give You Up');
    expect(text).toContain('Length: 3:32');
    expect(text).toContain('Format: MP3');
    expect(text).toContain('Size: 3.4 MB');
    expect(text).toContain(`Download the MP3:\n${LINK}`);
  });

  it('carries no remote content, and its text part carries no markup', () => {
    const email = delivered({ title: HOSTILE });

    expectSelfContained(email);
    expect(delivered().text).not.toMatch(/<[a-z/][^>]*>/i);
  });
});

describe('rejectedEmail', () => {
  it('uses validate’s own words for a too-long video', () => {
    const rejection = describeRejection(
      'VideoTooLong',
      'The video is 45 minutes long; the limit is 30 minutes.',
    );

    expect(rejection.reason).toBe('The video is 45 minutes long; the limit is 30 minutes.');
  });

  it('keeps a source’s wording out of every other rejection', () => {
    expect(describeRejection('VideoUnavailable', 'Sign in to confirm your age').reason).not.toContain(
      'Sign in',
    );
  });

  it('says in plain words that a file has no audio track, without repeating the URL validate named', () => {
    const rejection = describeRejection('InvalidSource', 'https://x.test/clip.mp4 has no audio track');
    expect(rejection.reason).toBe('The file has no audio track, so there is no sound to convert.');
    expect(rejection.reason).not.toContain('x.test');
    expect(describeRejection('InvalidSource', 'https://x.test/a is a streaming playlist').reason).toBe(
      'We cannot take audio from this link.',
    );
  });

  it('explains an unknown error name in general words', () => {
    expect(describeRejection('SomethingNew').reason).toBe('We could not convert this video.');
  });

  it('escapes the title and the submitted link', () => {
    const email = rejectedEmail({
      rejection: describeRejection('InvalidSource'),
      url: 'https://example.com/?q=<script>',
      title: HOSTILE,
    });

    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('hxxps://example[.]com/?q=&lt;script&gt;');
    expect(email.subject).toBe(`We could not convert: ${HOSTILE}`);
    expectSelfContained(email);
  });
});

describe('the link a requester typed', () => {
  const typed = 'https://login.bank.example/reset?to=victim@mail.example';

  it.each([
    ['rejected', rejectedEmail({ rejection: describeRejection('InvalidSource'), url: typed })],
    ['failed', failedEmail({ jobId: 'job-1', url: typed, statusUrl: 'https://api.example.com/jobs/job-1' })],
  ])('is never a link in the %s email, in HTML or text: scheme and dots broken', (_name, email) => {
    for (const part of [email.html, email.text]) {
      expect(part).toContain('hxxps://login[.]bank[.]example/reset?to=victim[at]mail[.]example');
      expect(part).not.toContain('bank.example');
      expect(part).not.toMatch(/https?:\/\/login/);
    }
    expect(email.html).not.toMatch(/href="[^"]*bank/);
  });

  it('breaks other schemes too', () => {
    expect(unlinkedUrl('file:///tmp/a.mp4')).toBe('file[:]///tmp/a[.]mp4');
    expect(unlinkedUrl('http://10.0.0.1/x')).toBe('hxxp://10[.]0[.]0[.]1/x');
  });
});

describe('failedEmail', () => {
  it('apologises without blaming the link and tells the requester not to resubmit', () => {
    const email = failedEmail({
      jobId: 'job-0001',
      url: 'https://youtu.be/dQw4w9WgXcQ',
      statusUrl: 'https://api.example.com/jobs/job-0001',
    });

    expect(email.subject).toBe('We could not finish your audio request');
    expect(email.text).toContain('not with your link');
    expect(email.text).toContain('no need to send the link again');
    expect(email.text).toContain('Reference: job-0001');
    expectSelfContained(email);
  });
});
