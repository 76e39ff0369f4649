import { describe, expect, it } from 'vitest';
import { InvalidSource } from '../../../functions/shared/errors.js';
import { MAX_SOURCE_URL_LENGTH, parseSourceUrl } from '../../../functions/shared/media/source-url.js';

const strict = { allowFile: false, allowPrivate: false };
const ID = 'dQw4w9WgXcQ';
const WATCH = `https://www.youtube.com/watch?v=${ID}`;

describe('parseSourceUrl: YouTube links', () => {
  it.each([
    `https://www.youtube.com/watch?v=${ID}`,
    `http://youtube.com/watch?v=${ID}`,
    `https://m.youtube.com/watch?v=${ID}&feature=share`,
    `https://music.youtube.com/watch?v=${ID}&list=RDAMVM${ID}`,
    `https://www.youtube.com/watch?v=${ID}&t=42s&list=PL123&index=3`,
    `https://www.youtube.com/watch?feature=youtu.be&v=${ID}`,
    `https://youtu.be/${ID}`,
    `https://youtu.be/${ID}?si=AbCdEfGh&t=10`,
    `youtu.be/${ID}`,
    `www.youtube.com/watch?v=${ID}`,
    `https://www.youtube.com/shorts/${ID}`,
    `https://youtube.com/shorts/${ID}?si=xyz`,
    `https://www.youtube.com/embed/${ID}?start=5`,
    `https://www.youtube-nocookie.com/embed/${ID}`,
    `https://www.youtube.com/live/${ID}?feature=shared`,
    `https://www.youtube.com/v/${ID}`,
    `https://WWW.YouTube.com/watch?v=${ID}#comments`,
    `  https://www.youtube.com/watch?v=${ID}  `,
    `https://www.youtube.com./watch?v=${ID}`,
  ])('normalises %s to the 11-char id', (input) => {
    expect(parseSourceUrl(input, strict)).toMatchObject({ kind: 'youtube', videoId: ID, url: WATCH });
  });

  it.each([
    [`https://www.youtube.com/watch?v=${ID}&t=42s&list=PL123`, 42],
    [`https://youtu.be/${ID}?si=AbCdEfGh&t=10`, 10],
    [`https://www.youtube.com/watch?v=${ID}&t=1m30s`, 90],
    [`https://www.youtube.com/watch?v=${ID}&t=1h2m3s`, 3723],
    [`https://www.youtube.com/embed/${ID}?start=5`, 5],
    [`https://youtu.be/${ID}#t=2m`, 120],
  ])('takes the start a link asks for with t= or start= (%s → %d s)', (input, seconds) => {
    expect(parseSourceUrl(input, strict).startSeconds).toBe(seconds);
  });

  it.each([
    `https://www.youtube.com/watch?v=${ID}`,
    `https://youtu.be/${ID}?t=0`,
    `https://youtu.be/${ID}?t=abc`,
  ])('has no start when the link asks for none (or a malformed one): %s', (input) => {
    expect(parseSourceUrl(input, strict)).not.toHaveProperty('startSeconds');
  });

  it('keeps ids with dashes and underscores intact', () => {
    expect(parseSourceUrl('https://youtu.be/a-B_c1D2e3F', strict).videoId).toBe('a-B_c1D2e3F');
  });

  it.each([
    'https://www.youtube.com/watch?v=short',
    'https://www.youtube.com/watch?v=waytoolongid123',
    'https://www.youtube.com/watch?v=bad%24chars!',
    'https://www.youtube.com/watch',
    'https://www.youtube.com/channel/UC38IQsAvIsxxjztdMZQtwHA',
    'https://www.youtube.com/playlist?list=PL123',
    'https://youtu.be/',
    'https://www.youtube.com/',
  ])('rejects %s as not a YouTube video link', (input) => {
    expect(() => parseSourceUrl(input, strict)).toThrow(/not a YouTube video link/);
  });
});

describe('parseSourceUrl: look-alike hosts are ordinary http sources', () => {
  it.each([
    `https://youtube.com.evil.com/watch?v=${ID}`,
    `https://youtu.be.example/${ID}`,
    `https://notyoutube.com/watch?v=${ID}`,
    `https://www.youtube.co/watch?v=${ID}`,
    `https://yоutube.com/watch?v=${ID}`, // Cyrillic о: an IDN homograph
    `https://www.youtubе.com/watch?v=${ID}`, // Cyrillic е
    `https://youtu.be.evil.example/${ID}`,
  ])('treats %s as http, not YouTube', (input) => {
    const parsed = parseSourceUrl(input, strict);
    expect(parsed.kind).toBe('http');
    expect(parsed.videoId).toMatch(/^url-[0-9a-f]{16}$/);
  });
});

describe('parseSourceUrl: http sources', () => {
  it('normalises host case, default port and fragment, and hashes the result into the id', () => {
    const a = parseSourceUrl('HTTPS://Media.Example.COM:443/clips/song.mp3?x=1#t=5', strict);
    const b = parseSourceUrl('https://media.example.com/clips/song.mp3?x=1', strict);
    expect(a.url).toBe('https://media.example.com/clips/song.mp3?x=1');
    expect(a).toEqual(b);
    expect(a.videoId).toMatch(/^url-[0-9a-f]{16}$/);
  });

  it('gives different URLs different ids', () => {
    const a = parseSourceUrl('https://media.example.com/a.mp3', strict);
    const b = parseSourceUrl('https://media.example.com/b.mp3', strict);
    expect(a.videoId).not.toBe(b.videoId);
  });

  it('keeps a non-default port', () => {
    expect(parseSourceUrl('http://media.example.com:8080/a.mp3', strict).url).toBe(
      'http://media.example.com:8080/a.mp3',
    );
  });
});

describe('parseSourceUrl: refused URLs', () => {
  it.each([
    ['javascript:alert(1)', /javascript: URLs are not supported/],
    ['data:audio/mp3;base64,AAAA', /data: URLs are not supported/],
    ['ftp://example.com/a.mp3', /ftp: URLs are not supported/],
    ['gopher://example.com/', /not supported/],
    ['file:///etc/passwd', /file: URLs are not accepted/],
    ['https://user:secret@example.com/a.mp3', /credentials/],
    ['https://user@example.com/a.mp3', /credentials/],
    ['', /empty/],
    ['http://', /not a valid URL/],
    [`https://example.com/${'a'.repeat(MAX_SOURCE_URL_LENGTH)}`, /longer than 2048/],
  ])('refuses %s', (input, message) => {
    expect(() => parseSourceUrl(input, strict)).toThrow(InvalidSource);
    expect(() => parseSourceUrl(input, strict)).toThrow(message);
  });

  it.each([
    'http://127.0.0.1/a.mp3',
    'http://127.1.2.3:8080/a.mp3',
    'http://0x7f.0.0.1/', // hex, normalised to 127.0.0.1 by the URL parser
    'http://0177.0.0.1/', // octal
    'http://2130706433/', // decimal
    'http://0x7f000001/',
    'http://0.0.0.0/',
    'http://10.1.2.3/',
    'http://172.16.0.1/',
    'http://172.31.255.255/',
    'http://192.168.1.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://100.100.100.200/',
    'http://[::1]/',
    'http://[::]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:169.254.169.254]/',
    'http://[fe80::1]/',
    'http://[fd00:ec2::254]/',
    'http://[fc00::1]/',
    'http://localhost/',
    'http://LOCALHOST./a.mp3',
    'http://media.localhost/',
    'http://metadata.google.internal/computeMetadata/v1/',
  ])('refuses the private or local host of %s', (input) => {
    expect(() => parseSourceUrl(input, strict)).toThrow(InvalidSource);
  });

  it.each(['http://8.8.8.8/a.mp3', 'http://172.32.0.1/', 'http://[2606:4700:4700::1111]/a.mp3'])(
    'accepts the public address of %s',
    (input) => {
      expect(parseSourceUrl(input, strict).kind).toBe('http');
    },
  );

  it('accepts private hosts when private sources are allowed', () => {
    const parsed = parseSourceUrl('http://127.0.0.1:9000/a.mp3', { allowFile: false, allowPrivate: true });
    expect(parsed).toMatchObject({ kind: 'http', url: 'http://127.0.0.1:9000/a.mp3' });
  });
});

describe('parseSourceUrl: file sources', () => {
  it('accepts file: URLs only when allowed, with an id hashed from the absolute path', () => {
    const parsed = parseSourceUrl('file:///tmp/clips/a%20b.mp3', { allowFile: true, allowPrivate: false });
    expect(parsed).toMatchObject({ kind: 'file', url: 'file:///tmp/clips/a%20b.mp3' });
    expect(parsed.videoId).toMatch(/^file-[0-9a-f]{16}$/);
    expect(
      parseSourceUrl('file:///tmp/clips/../clips/a%20b.mp3', { allowFile: true, allowPrivate: false }),
    ).toEqual(parsed);
  });

  it('refuses a file URL naming a remote host', () => {
    expect(() =>
      parseSourceUrl('file://server/share/a.mp3', { allowFile: true, allowPrivate: false }),
    ).toThrow(InvalidSource);
  });
});

describe('link-local and cloud metadata hosts', () => {
  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/latest',
    'http://[fe80::1]/a.mp3',
    'http://100.100.100.200/latest',
    'http://metadata.google.internal/computeMetadata/v1/',
  ])('refuses %s even where private sources are allowed', (url) => {
    expect(() => parseSourceUrl(url, { allowFile: true, allowPrivate: true })).toThrow(InvalidSource);
  });
});
