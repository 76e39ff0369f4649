import { execFile } from 'node:child_process';
import { audioPacketsHash, probeMedia, type ProbedMedia } from '../../support/probe-media.js';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chapter } from '../../../functions/shared/contract/audio-options.js';
import { encoderArgs } from '../../../functions/shared/ffmpeg/encoder-args.js';
import { id3v2Length } from '../../../functions/shared/ffmpeg/parallel-frames.js';
import { parallelMp3 } from '../../../functions/shared/ffmpeg/parallel-mp3.js';
import { transcode, type Transcode } from '../../../functions/shared/ffmpeg/transcode.js';
import type { AudioInput } from '../../../functions/shared/media/types.js';
import {
  LIKE_THE_PARALLEL_ENCODER,
  ownTmpdir,
  scratchFolders,
  startMediaServer,
  tempDirectory,
  type MediaServer,
} from '../../support/media.js';

const run = promisify(execFile);
const SECONDS = 20;
const TRIM = { startSeconds: 4, endSeconds: 12 };
const KEPT = TRIM.endSeconds - TRIM.startSeconds;
/** A title as hostile as YouTube may send: every ffmetadata special, a line break, a trailing backslash. */
const HOSTILE = 'A=b; c#d \\ e\n[CHAPTER]\nEND=1\\';
const CHAPTERS: Chapter[] = [
  { startSeconds: 0, title: 'Intro' },
  { startSeconds: 3, title: HOSTILE },
  { startSeconds: 7, title: 'Drei – «Third»' },
  { startSeconds: 15, title: 'Outro' },
];
/** What a trim of [4, 12) keeps: the chapter running at 4 s from 0, the next from 3 s, each to the next or the end. */
const EXPECTED = [
  { start: 0, end: 3, title: HOSTILE.slice(0, -1) },
  { start: 3, end: 8, title: 'Drei – «Third»' },
];

let directory: string;
let server: MediaServer;
let cover: string;
let bigCover: string;
const path = (name: string) => join(directory, name);

async function ffmpeg(args: string[]): Promise<void> {
  await run('ffmpeg', ['-v', 'error', '-y', ...args]);
}

let restoreTmpdir: () => void;

beforeAll(async () => {
  // The scratch-folder checks look only at what this file's encodes left behind.
  restoreTmpdir = ownTmpdir();
  directory = tempDirectory('cover-chapters-');
  server = await startMediaServer();
  cover = path('cover.jpg');
  bigCover = path('big-cover.jpg');
  const sweep = (rate: number) =>
    `aevalsrc=0.5*sin(2*PI*(200*t+20*t*t))|0.5*sin(2*PI*(300*t+15*t*t)):s=${rate}:d=${SECONDS}`;
  await Promise.all([
    ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=320x320', '-frames:v', '1', cover]),
    // Noise keeps the JPEG large: its base64 block is past Linux's 128 KiB limit for one argument.
    ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=640x640,noise=alls=60:allf=t',
      '-frames:v',
      '1',
      '-q:v',
      '2',
      bigCover,
    ]),
    ffmpeg([
      '-f',
      'lavfi',
      '-i',
      sweep(44100),
      '-c:a',
      'aac',
      '-b:a',
      '128k',
      '-movflags',
      '+faststart',
      path('source.m4a'),
    ]),
    ffmpeg(['-f', 'lavfi', '-i', sweep(48000), '-c:a', 'libopus', '-b:a', '128k', path('source.webm')]),
  ]);
  server.serveFile('/source.m4a', path('source.m4a'), 'audio/mp4');
});
afterAll(async () => {
  await server.close();
  restoreTmpdir();
});

async function drain(running: Transcode, name: string): Promise<string> {
  await pipeline(running.output, createWriteStream(path(name)));
  return path(name);
}

/** The embedded picture's bytes, as ffmpeg's demuxer hands them out. */
async function picture(file: string): Promise<Buffer> {
  const { stdout } = await run(
    'ffmpeg',
    ['-v', 'error', '-i', file, '-map', '0:v:0', '-c', 'copy', '-f', 'image2pipe', 'pipe:1'],
    {
      encoding: 'buffer',
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return stdout;
}

function expectChapters(probed: ProbedMedia): void {
  const chapters = probed.chapters.map((chapter) => ({
    start: Number(chapter.start_time),
    end: Number(chapter.end_time),
    title: chapter.tags?.title,
  }));
  expect(chapters.map((chapter) => chapter.title)).toEqual(EXPECTED.map((chapter) => chapter.title));
  chapters.forEach((chapter, index) => {
    expect(Math.abs(chapter.start - EXPECTED[index]!.start)).toBeLessThan(0.1);
    expect(Math.abs(chapter.end - EXPECTED[index]!.end)).toBeLessThan(0.1);
  });
}

function expectFrontCover(probed: ProbedMedia): void {
  const pictures = probed.streams.filter((stream) => stream.disposition?.attached_pic === 1);
  expect(pictures).toHaveLength(1);
  expect(pictures[0]!.codec_name).toBe('mjpeg');
}

const url = (): AudioInput => ({ type: 'url', url: server.url('/source.m4a') });
const webm = (): AudioInput => ({
  type: 'stream',
  stream: createReadStream(path('source.webm')),
  container: 'webm',
});

describe('cover art and chapters, one ffmpeg', () => {
  it('mp3: an APIC front cover and CHAP/CTOC chapters clipped and shifted to the trim', async () => {
    const running = transcode({
      ffmpegPath: 'ffmpeg',
      input: url(),
      format: 'mp3',
      quality: '256',
      trim: TRIM,
      coverArtPath: cover,
      chapters: CHAPTERS,
      title: 'Song',
      expectedDurationSeconds: KEPT,
    });
    const file = await drain(running, 'covered.mp3');
    const probed = await probeMedia(file);
    expectFrontCover(probed);
    expect(probed.streams.find((stream) => stream.codec_type === 'video')?.tags?.comment).toBe(
      'Cover (front)',
    );
    expect(await picture(file)).toEqual(readFileSync(cover));
    expectChapters(probed);
    expect(Math.abs(Number(probed.format.duration) - KEPT)).toBeLessThan(0.1);
    expect(readFileSync(file).includes('CTOC')).toBe(true);
    expect(scratchFolders()).toEqual([]);
  });

  it('m4a copied from AAC: covr and chapters in an ordinary MP4, the audio packets untouched', async () => {
    const running = transcode({
      ffmpegPath: 'ffmpeg',
      input: url(),
      format: 'm4a',
      sourceCodec: 'aac',
      coverArtPath: cover,
      chapters: CHAPTERS,
      expectedDurationSeconds: SECONDS,
    });
    const file = await drain(running, 'covered.m4a');
    const probed = await probeMedia(file);
    expectFrontCover(probed);
    expect(await picture(file)).toEqual(readFileSync(cover));
    expect(readFileSync(file).includes('covr')).toBe(true);
    expect(probed.chapters.map((chapter) => chapter.tags?.title)).toEqual(
      CHAPTERS.map((chapter) => chapter.title.replace(/\\$/, '')),
    );
    expect(Number(probed.chapters[3]!.end_time)).toBeCloseTo(SECONDS, 0);
    expect(await audioPacketsHash(file)).toBe(await audioPacketsHash(path('source.m4a')));
  });

  it('m4a encoded from a piped WebM stream, trimmed: covr and chapters', async () => {
    const running = transcode({
      ffmpegPath: 'ffmpeg',
      input: webm(),
      format: 'm4a',
      trim: TRIM,
      coverArtPath: cover,
      chapters: CHAPTERS,
      expectedDurationSeconds: KEPT,
    });
    const file = await drain(running, 'trimmed.m4a');
    const probed = await probeMedia(file);
    expectFrontCover(probed);
    expectChapters(probed);
    expect(Math.abs(Number(probed.format.duration) - KEPT)).toBeLessThan(0.1);
  });

  it('m4a copied from a piped fragmented MP4 (YouTube itag 140), trimmed: covr and chapters', async () => {
    await ffmpeg([
      '-i',
      path('source.m4a'),
      '-c',
      'copy',
      '-movflags',
      'frag_keyframe+empty_moov',
      path('fragmented.m4a'),
    ]);
    const running = transcode({
      ffmpegPath: 'ffmpeg',
      input: { type: 'stream', stream: createReadStream(path('fragmented.m4a')), container: 'mp4' },
      format: 'm4a',
      sourceCodec: 'aac',
      trim: TRIM,
      coverArtPath: cover,
      chapters: CHAPTERS,
      expectedDurationSeconds: KEPT,
    });
    const file = await drain(running, 'trimmed-copy.m4a');
    const probed = await probeMedia(file);
    expectFrontCover(probed);
    expect(await picture(file)).toEqual(readFileSync(cover));
    expectChapters(probed);
    expect(Math.abs(Number(probed.format.duration) - KEPT)).toBeLessThan(0.1);
  });

  it('opus copied from a piped WebM stream: METADATA_BLOCK_PICTURE past 128 KiB and chapter comments', async () => {
    const running = transcode({
      ffmpegPath: 'ffmpeg',
      input: webm(),
      format: 'opus',
      sourceCodec: 'opus',
      coverArtPath: bigCover,
      chapters: CHAPTERS,
      expectedDurationSeconds: SECONDS,
    });
    const file = await drain(running, 'covered.opus');
    const bytes = readFileSync(file);
    expect(readFileSync(bigCover).toString('base64').length).toBeGreaterThan(128 * 1024);
    expect(bytes.includes('METADATA_BLOCK_PICTURE=')).toBe(true);
    expect(bytes.includes('CHAPTER002NAME=')).toBe(true);
    const probed = await probeMedia(file);
    // ffmpeg's Ogg demuxer decodes the block into an attached picture: the very JPEG.
    expectFrontCover(probed);
    expect(await picture(file)).toEqual(readFileSync(bigCover));
    expect(probed.chapters.map((chapter) => chapter.tags?.title)).toEqual(
      CHAPTERS.map((chapter) => chapter.title.replace(/\\$/, '')),
    );
    expect(await audioPacketsHash(file)).toBe(await audioPacketsHash(path('source.webm')));
  });

  it('opus, trimmed and encoded: chapter comments at the shifted times', async () => {
    const running = transcode({
      ffmpegPath: 'ffmpeg',
      input: url(),
      format: 'opus',
      trim: TRIM,
      coverArtPath: cover,
      chapters: CHAPTERS,
      expectedDurationSeconds: KEPT,
    });
    const probed = await probeMedia(await drain(running, 'trimmed.opus'));
    expectFrontCover(probed);
    expectChapters(probed);
  });

  it("copies none of the source's own chapters when none are passed", async () => {
    const chaptered = path('chaptered.m4a');
    await ffmpeg(['-i', path('covered.m4a'), '-map', '0:a', '-c', 'copy', chaptered]);
    expect((await probeMedia(chaptered)).chapters.length).toBeGreaterThan(0);
    const running = transcode({
      ffmpegPath: 'ffmpeg',
      input: { type: 'url', url: chaptered },
      format: 'opus',
    });
    expect((await probeMedia(await drain(running, 'unchaptered.opus'))).chapters).toEqual([]);
    expect(encoderArgs({ format: 'mp3' })).toEqual(expect.arrayContaining(['-map_chapters', '-1']));
  });
});

describe('cover art and chapters, parallel mp3', () => {
  it('puts the tag made apart before the joined frames: the frames of one encode, the picture, the chapters', async () => {
    const running = parallelMp3({
      ffmpegPath: 'ffmpeg',
      input: webm(),
      durationSeconds: KEPT,
      workers: 2,
      segmentSeconds: 2,
      trim: TRIM,
      coverArtPath: cover,
      chapters: CHAPTERS,
      title: 'Joined',
    });
    const file = await drain(running, 'parallel-covered.mp3');
    const probed = await probeMedia(file);
    expectFrontCover(probed);
    expect(await picture(file)).toEqual(readFileSync(cover));
    expectChapters(probed);
    expect(probed.format).toMatchObject({ tags: { title: 'Joined' } });
    const single = path('parallel-single.mp3');
    const args = encoderArgs({ format: 'mp3' }).slice(0, -1);
    await ffmpeg([
      // A piped source is decoded from its start and cut at 4 s (an output -ss), as the parallel decoder does.
      '-i',
      path('source.webm'),
      '-ss',
      '4',
      '-t',
      '8',
      ...args,
      ...LIKE_THE_PARALLEL_ENCODER,
      '-id3v2_version',
      '0',
      single,
    ]);
    const bytes = readFileSync(file);
    expect(bytes.subarray(id3v2Length(bytes)).equals(readFileSync(single))).toBe(true);
    expect(running.outputBytes).toBe(bytes.length);
    expect(Math.abs(Number(probed.format.duration) - KEPT)).toBeLessThan(0.1);
    expect(scratchFolders()).toEqual([]);
  });
});
