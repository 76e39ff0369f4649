import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { SourceUnreachable, VideoIsLive, VideoUnavailable } from '../../../functions/shared/errors.js';
import { DriverUnusable } from '../../../functions/shared/media/youtube/messages.js';
import { supportsJsRuntimes, ytdlpDriver } from '../../../functions/shared/media/youtube/ytdlp-driver.js';
import { ytdlpWarnings } from '../../../functions/shared/media/youtube/ytdlp-warnings.js';
import { fakeYtdlp, ytdlpVideoJson, type FakeYtdlpScenario } from '../../support/youtube-fake-ytdlp.js';

const ID = 'dQw4w9WgXcQ';

function driverFor(
  scenario: FakeYtdlpScenario,
  options: { proxy?: string; cookies?: string; playerClients?: string } = {},
) {
  const fake = fakeYtdlp(scenario);
  const cacheDir = join(fake.path, '..', 'cache');
  return {
    fake,
    cacheDir,
    driver: ytdlpDriver({ binary: fake.path, nodePath: process.execPath, cacheDir, ...options }),
  };
}

describe('ytdlp driver: probe', () => {
  it('reads title, uploader, duration, thumbnail and the best audio-only codec from -J', async () => {
    const { driver, fake, cacheDir } = driverFor({ probe: { stdout: ytdlpVideoJson() } });
    await expect(driver.probe(ID)).resolves.toEqual({
      id: ID,
      title: 'Never Gonna Give You Up',
      author: 'Rick Astley',
      durationSeconds: 212,
      isLive: false,
      thumbnailUrl: 'https://i.ytimg.com/vi/dQw4w9WgXcQ/maxresdefault.jpg',
      audioCodec: 'opus',
    });
    const probeCall = fake.calls().find((args) => args.includes('-J'));
    expect(probeCall).toEqual(
      expect.arrayContaining(['--no-playlist', `https://www.youtube.com/watch?v=${ID}`]),
    );
    // Warnings are read (and classified), and the solved player is cached under /tmp between runs.
    expect(probeCall).not.toContain('--no-warnings');
    expect(probeCall).not.toContain('--no-cache-dir');
    expect(probeCall![probeCall!.indexOf('--cache-dir') + 1]).toBe(cacheDir);
  });

  it("keeps yt-dlp's chapter list, cleaned and in order", async () => {
    const chapters = [
      { start_time: 0, end_time: 18.5, title: 'Intro' },
      { start_time: 112.25, end_time: 212, title: 'Chorus \u001b[2J again' },
      { start_time: 18.5, end_time: 112.25, title: 'Verse' },
      { start_time: 500, end_time: 510, title: 'Past the end' },
    ];
    const { driver } = driverFor({ probe: { stdout: ytdlpVideoJson({ chapters }) } });
    await expect(driver.probe(ID)).resolves.toMatchObject({
      chapters: [
        { startSeconds: 0, title: 'Intro' },
        { startSeconds: 18.5, title: 'Verse' },
        { startSeconds: 112.25, title: 'Chorus [2J again' },
      ],
    });
  });

  it('falls back to the description when yt-dlp lists no chapters', async () => {
    const description =
      'Official video.\n\n0:00 Intro\n0:45 Verse\n1:30 Chorus\n\nStream it at 2:00 tonight.';
    const { driver } = driverFor({
      probe: { stdout: ytdlpVideoJson({ chapters: null, description }) },
    });
    await expect(driver.probe(ID)).resolves.toMatchObject({
      chapters: [
        { startSeconds: 0, title: 'Intro' },
        { startSeconds: 45, title: 'Verse' },
        { startSeconds: 90, title: 'Chorus' },
      ],
    });
  });

  it('keeps no chapters when neither the list nor the description has them, or the list is malformed', async () => {
    const plain = driverFor({ probe: { stdout: ytdlpVideoJson({ description: 'No timestamps.' }) } });
    await expect(plain.driver.probe(ID)).resolves.not.toHaveProperty('chapters');
    const malformed = driverFor({ probe: { stdout: ytdlpVideoJson({ chapters: [{ title: 'no start' }] }) } });
    await expect(malformed.driver.probe(ID)).resolves.not.toHaveProperty('chapters');
  });

  it('refuses a build too old for YouTube as a deployment problem, and runs newer ones with node', async () => {
    const old = driverFor({ version: '2025.09.23', probe: { stdout: ytdlpVideoJson() } });
    const error = await old.driver.probe(ID).catch((failure: unknown) => failure);
    expect(error).toMatchObject({ name: 'DriverUnusable', reason: 'broken' });
    expect((error as Error).message).toMatch(/2025\.09\.23 is too old.*deployment problem: update yt-dlp/);
    expect(old.fake.calls().filter((args) => args.includes('-J'))).toEqual([]);

    const recent = driverFor({ version: '2026.08.19', probe: { stdout: ytdlpVideoJson() } });
    await recent.driver.probe(ID);
    const probeCall = recent.fake.calls().find((args) => args.includes('-J'));
    expect(probeCall).toEqual(expect.arrayContaining(['--js-runtimes', `node:${process.execPath}`]));
    expect(probeCall).not.toContain('--extractor-args');
  });

  it('passes YTDLP_PLAYER_CLIENTS as the youtube extractor argument', async () => {
    const { driver, fake } = driverFor(
      { probe: { stdout: ytdlpVideoJson() } },
      { playerClients: 'tv,web_safari' },
    );
    await driver.probe(ID);
    const probeCall = fake.calls().find((args) => args.includes('-J'))!;
    expect(probeCall[probeCall.indexOf('--extractor-args') + 1]).toBe('youtube:player_client=tv,web_safari');
  });

  it('classifies the warnings yt-dlp prints', () => {
    const stderr = [
      '[youtube] Extracting URL: https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      'WARNING: [youtube] dQw4w9WgXcQ: n challenge solving failed: Some formats may be missing.',
      'WARNING: [youtube] dQw4w9WgXcQ: Some web client https formats have been skipped as they are missing a url. YouTube is forcing SABR streaming for this client.',
      'WARNING: [youtube] dQw4w9WgXcQ: ios client https formats require a GVS PO Token which was not provided.',
      'WARNING: You are using an outdated version of yt-dlp',
      'WARNING: something new',
    ].join('\n');
    expect(ytdlpWarnings(stderr).map((warning) => warning.kind)).toEqual([
      'js-challenge',
      'sabr',
      'po-token',
      'outdated',
      'other',
    ]);
  });

  it('passes the proxy and a cookies file in Netscape format', async () => {
    const { driver, fake } = driverFor(
      { probe: { stdout: ytdlpVideoJson() } },
      {
        proxy: 'http://proxy.example:3128',
        cookies: '# Netscape HTTP Cookie File\n.youtube.com\tTRUE\t/\tTRUE\t0\tSID\tabc\n',
      },
    );
    await driver.probe(ID);
    const probeCall = fake.calls().find((args) => args.includes('-J'))!;
    expect(probeCall).toEqual(expect.arrayContaining(['--proxy', 'http://proxy.example:3128', '--cookies']));
    expect(probeCall[probeCall.indexOf('--cookies') + 1]).toMatch(/cookies\.txt$/);
  });

  it.each([
    [{ is_live: true, duration: null, live_status: 'is_live' }],
    [{ is_live: false, duration: null, live_status: 'is_upcoming' }],
  ])('reports a live or upcoming video as live (%j)', async (overrides) => {
    const { driver } = driverFor({ probe: { stdout: ytdlpVideoJson(overrides) } });
    await expect(driver.probe(ID)).resolves.toMatchObject({ isLive: true });
  });

  it.each([
    [
      'a bot check',
      "ERROR: [youtube] dQw4w9WgXcQ: Sign in to confirm you're not a bot. Use --cookies-from-browser",
      'bot-check',
    ],
    [
      'a bot check with a curly apostrophe',
      'ERROR: [youtube] dQw4w9WgXcQ: Sign in to confirm you’re not a bot',
      'bot-check',
    ],
    ['HTTP 403', 'ERROR: unable to download video data: HTTP Error 403: Forbidden', 'forbidden'],
    ['HTTP 429', 'ERROR: [youtube] dQw4w9WgXcQ: HTTP Error 429: Too Many Requests', 'bot-check'],
    [
      'a signature failure',
      'ERROR: [youtube] dQw4w9WgXcQ: Signature extraction failed: Some formats may be missing',
      'broken',
    ],
    ['a missing format', 'ERROR: [youtube] dQw4w9WgXcQ: Requested format is not available', 'broken'],
    ['an unknown failure', 'Traceback (most recent call last):\n  KeyError: videoDetails', 'broken'],
  ])('passes on %s as DriverUnusable', async (_label, stderr, reason) => {
    const { driver } = driverFor({ probe: { stderr, code: 1 } });
    const failure = await driver.probe(ID).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DriverUnusable);
    expect((failure as DriverUnusable).reason).toBe(reason);
  });

  it.each([
    [
      'a private video',
      "ERROR: [youtube] dQw4w9WgXcQ: Private video. Sign in if you've been granted access to this video",
      VideoUnavailable,
    ],
    [
      'a removed video',
      'ERROR: [youtube] dQw4w9WgXcQ: Video unavailable. This video has been removed by the uploader',
      VideoUnavailable,
    ],
    [
      'an age-restricted video',
      'ERROR: [youtube] dQw4w9WgXcQ: Sign in to confirm your age. This video may be inappropriate for some users.',
      VideoUnavailable,
    ],
    [
      'a members-only video (2026 wording)',
      "ERROR: [youtube] dQw4w9WgXcQ: This video is available to this channel's members on level: Sponsor (or any higher level).",
      VideoUnavailable,
    ],
    [
      'a Music Premium video',
      'ERROR: [youtube] dQw4w9WgXcQ: This video can only be played on YouTube Music Premium',
      VideoUnavailable,
    ],
    ['an upcoming premiere', 'ERROR: [youtube] dQw4w9WgXcQ: Premieres in 2 hours', VideoIsLive],
    [
      'an upcoming live event',
      'ERROR: [youtube] dQw4w9WgXcQ: This live event will begin in 3 days.',
      VideoIsLive,
    ],
    [
      'a DNS failure',
      'ERROR: Unable to download webpage: <urlopen error [Errno -3] Temporary failure in name resolution>',
      SourceUnreachable,
    ],
  ])('maps %s to its answer', async (_label, stderr, errorClass) => {
    const { driver } = driverFor({ probe: { stderr, code: 1 } });
    await expect(driver.probe(ID)).rejects.toBeInstanceOf(errorClass);
  });

  it('passes on output that is not the expected JSON', async () => {
    const { driver } = driverFor({ probe: { stdout: '{"unexpected": true}' } });
    await expect(driver.probe(ID)).rejects.toBeInstanceOf(DriverUnusable);
  });
});

describe('ytdlp driver: openAudio', () => {
  it('streams bestaudio from stdout', async () => {
    const { driver, fake } = driverFor({ audio: { bytes: 200_000 } });
    const input = await driver.openAudio(ID);
    if (input.type !== 'stream') throw new Error('expected a stream');
    expect((await buffer(input.stream)).length).toBe(200_000);
    expect(fake.calls().find((args) => args.includes('-f'))).toEqual(
      expect.arrayContaining(['-f', 'bestaudio', '-o', '-']),
    );
  });

  it.each([
    ['m4a', 'bestaudio[acodec^=mp4a]/bestaudio'],
    ['opus', 'bestaudio[acodec=opus]/bestaudio'],
  ] as const)(
    'asks for a copyable codec for %s, and claims none (the fallback may differ)',
    async (target, selector) => {
      const { driver, fake } = driverFor({ audio: { bytes: 1000 } });
      const input = await driver.openAudio(ID, undefined, target);
      if (input.type !== 'stream') throw new Error('expected a stream');
      await buffer(input.stream);
      expect(input.codec).toBeUndefined();
      const call = fake.calls().find((args) => args.includes('-f'))!;
      expect(call[call.indexOf('-f') + 1]).toBe(selector);
    },
  );

  it('fails before returning a stream when yt-dlp exits non-zero without output (so the chain can move on)', async () => {
    const { driver } = driverFor({
      audio: { stderr: 'ERROR: unable to download video data: HTTP Error 403: Forbidden', code: 1 },
    });
    await expect(driver.openAudio(ID)).rejects.toBeInstanceOf(DriverUnusable);
  });

  it('destroys the stream with the mapped error when yt-dlp fails mid-download, never a short file', async () => {
    const { driver } = driverFor({
      audio: { bytes: 50_000, stderr: 'ERROR: [download] Got error: The read operation timed out', code: 1 },
    });
    const input = await driver.openAudio(ID);
    if (input.type !== 'stream') throw new Error('expected a stream');
    await expect(buffer(input.stream)).rejects.toBeInstanceOf(SourceUnreachable);
  });
});

describe('supportsJsRuntimes', () => {
  it.each([
    ['2023.03.04', false],
    ['2025.10.22', false],
    ['2025.11.12', true],
    ['2026.01.01', true],
  ])('%s → %s', (version, expected) => {
    expect(supportsJsRuntimes(version)).toBe(expected);
  });
});
