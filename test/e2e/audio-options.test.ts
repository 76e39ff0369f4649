/**
 * Every audio option end to end on the local stack: POST /jobs with the options, the emailed link
 * downloaded, and the file checked with ffprobe (bitrate, trimmed duration, picture, chapters).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { LocalStack } from '../../local/index.js';
import { startMediaServer, tempDirectory, type MediaServer } from '../support/media.js';
import { generatePicture, generatePicturedClip } from '../support/pictured-media.js';
import { probeMedia, type ProbedMedia } from '../support/probe-media.js';
import {
  downloadLink,
  executionHistory,
  startTestStack,
  statesEntered,
  submitJob,
  waitForEmail,
  waitForJob,
} from './local-stack-helpers.js';

const SOURCE_SECONDS = 24;
const CHAPTERS = [
  { startSeconds: 0, title: 'Intro' },
  { startSeconds: 8, title: 'Verse = "one"; #1' },
  { startSeconds: 16, title: 'Outro' },
];

describe('the local stack honours the audio options', () => {
  let stack: LocalStack;
  let media: MediaServer;
  let sfn: SFNClient;
  let sourceUrl: string;
  const directory = tempDirectory();
  let emails = 0;

  beforeAll(async () => {
    stack = await startTestStack();
    sfn = new SFNClient({ endpoint: stack.stepFunctionsUrl });
    media = await startMediaServer();
    // A tagged podcast-like file: a non-square (16:9) front cover and three chapters.
    const picture = await generatePicture(directory, 640, 360);
    const rich = await generatePicturedClip({
      directory,
      ext: 'mp3',
      seconds: SOURCE_SECONDS,
      picture,
      chapters: CHAPTERS,
    });
    media.serveFile('/rich.mp3', rich, 'audio/mpeg');
    sourceUrl = media.url('/rich.mp3');
  });
  afterAll(async () => {
    sfn?.destroy();
    await media?.close();
    await stack?.stop();
  });

  /** Submits a job, waits for it, downloads the emailed file and probes it. */
  async function deliver(fields: Record<string, unknown>) {
    const email = `listener-${(emails += 1)}@example.com`;
    const jobId = await submitJob(stack, { url: sourceUrl, email, ...fields });
    const job = await waitForJob(stack, jobId, ['DELIVERED', 'REJECTED', 'FAILED']);
    expect(job, JSON.stringify(job)).toMatchObject({ status: 'DELIVERED' });
    const message = await waitForEmail(stack, email, /ready/i);
    const response = await fetch(downloadLink(stack, message), { redirect: 'follow' });
    expect(response.status).toBe(200);
    const format = String(fields.format ?? 'mp3');
    const saved = join(directory, `${jobId}.${format}`);
    await writeFile(saved, Buffer.from(await response.arrayBuffer()));
    const states = statesEntered(await executionHistory(sfn, stack, jobId));
    // The emulator ignores it, S3 answers with it: the Content-Disposition the signed redirect asks for.
    const disposition = new URL(response.url).searchParams.get('response-content-disposition') ?? '';
    return {
      jobId,
      job,
      probed: await probeMedia(saved),
      extracted: states.includes('Extract'),
      fileName: /filename="([^"]*)"/.exec(disposition)?.[1],
    };
  }

  const duration = (probed: ProbedMedia) => Number(probed.format.duration);
  const audio = (probed: ProbedMedia) => probed.streams.find((stream) => stream.codec_type === 'audio');

  it.each([
    ['128', 128_000],
    ['320', 320_000],
  ])('encodes mp3 at a constant %s kbit/s', async (quality, bitRate) => {
    const { probed } = await deliver({ format: 'mp3', quality });
    expect(Number(audio(probed)?.bit_rate)).toBe(bitRate);
    expect(Math.abs(duration(probed) - SOURCE_SECONDS)).toBeLessThanOrEqual(0.1);
  });

  it('encodes mp3 V2 as VBR whose header gives the true duration', async () => {
    const { probed } = await deliver({ format: 'mp3', quality: 'V2' });
    expect(Math.abs(duration(probed) - SOURCE_SECONDS)).toBeLessThanOrEqual(0.1);
    // A sine needs far less than 192k under VBR: the average shows it is not the CBR default.
    expect(Number(probed.format.bit_rate)).toBeLessThan(150_000);
  });

  it.each([
    ['mp3', { start: 2, end: '0:07.5' }, 5.5, '(2s-7.5s)'],
    ['m4a', { start: '0:03', end: 13 }, 10, '(3s-13s)'],
    ['opus', { start: 20 }, SOURCE_SECONDS - 20, '(from 20s)'],
  ])(
    'trims %s to the part asked for, within 0.1 s, and names the file by it',
    async (format, trim, seconds, part) => {
      const { job, probed, fileName } = await deliver({ format, ...trim });
      expect(Math.abs(duration(probed) - seconds)).toBeLessThanOrEqual(0.1);
      expect((job as { options?: unknown }).options).toMatchObject({ coverArt: true });
      expect(fileName).toContain(` ${part}.${format}`);
    },
  );

  it('takes a rendition with other options as a new extraction, and the same options from the cache', async () => {
    const first = await deliver({ format: 'mp3', start: 1, end: 4 });
    const again = await deliver({ format: 'mp3', start: '0:01', end: '0:04' });
    const other = await deliver({ format: 'mp3', start: 1, end: 5 });
    expect(first.extracted).toBe(true);
    // Only the email differs (and how the trim was written): one extraction serves both.
    expect(again.extracted).toBe(false);
    expect(other.extracted).toBe(true);
    expect(Math.abs(duration(other.probed) - 4)).toBeLessThanOrEqual(0.1);
  });

  const picture = (probed: ProbedMedia) =>
    probed.streams.find((stream) => stream.disposition?.attached_pic === 1);
  const chapters = (probed: ProbedMedia) =>
    probed.chapters.map((chapter) => [Number(chapter.start_time), chapter.tags?.title]);
  const expectChapters = (probed: ProbedMedia, expected: [number, string][]) => {
    const found = chapters(probed);
    expect(found.map(([, title]) => title)).toEqual(expected.map(([, title]) => title));
    found.forEach(([start], index) =>
      expect(Math.abs(Number(start) - expected[index]![0])).toBeLessThanOrEqual(0.1),
    );
  };
  const SOURCE_CHAPTERS: [number, string][] = CHAPTERS.map((chapter) => [
    chapter.startSeconds,
    chapter.title,
  ]);

  it.each(['mp3', 'm4a'])(
    "embeds the source's picture square-cropped in %s and keeps its chapters",
    async (format) => {
      const { probed } = await deliver({ format });
      const cover = picture(probed);
      expect(cover).toMatchObject({ codec_name: 'mjpeg' });
      expect(cover!.width).toBe(cover!.height);
      expect(cover!.width).toBe(360);
      expectChapters(probed, SOURCE_CHAPTERS);
    },
  );

  it('embeds the picture in opus as a METADATA_BLOCK_PICTURE comment and keeps the chapters', async () => {
    const { probed } = await deliver({ format: 'opus' });
    // Ogg has no picture streams: ffprobe shows the decoded METADATA_BLOCK_PICTURE comment as one.
    const cover = picture(probed);
    expect(cover).toMatchObject({ codec_name: 'mjpeg' });
    expect(cover!.width).toBe(cover!.height);
    expect(audio(probed)).toMatchObject({ codec_name: 'opus' });
    expectChapters(probed, SOURCE_CHAPTERS);
  });

  it('leaves the picture out with coverArt: false', async () => {
    const { probed } = await deliver({ format: 'mp3', coverArt: false });
    expect(picture(probed)).toBeUndefined();
  });

  it('shifts and clips the chapters to a trim', async () => {
    const { probed } = await deliver({ format: 'mp3', start: 10, end: 20 });
    expect(Math.abs(duration(probed) - 10)).toBeLessThanOrEqual(0.1);
    expectChapters(probed, [
      [0, 'Verse = "one"; #1'],
      [6, 'Outro'],
    ]);
  });

  it('rejects a start past the end of the video, in plain words', async () => {
    const email = 'too-late@example.com';
    const jobId = await submitJob(stack, { url: sourceUrl, email, start: 30 });
    const job = await waitForJob(stack, jobId, ['DELIVERED', 'REJECTED', 'FAILED']);
    expect(job).toMatchObject({
      status: 'REJECTED',
      reason: expect.stringMatching(/start you asked for \(0:30\) is at or past the end/),
    });
  });
});
