import { execFile } from 'node:child_process';
import { probeMedia } from '../../support/probe-media.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  MAX_CHAPTERS,
  escapeMetadataValue,
  ffmetadata,
  outputChapters,
} from '../../../functions/shared/ffmpeg/chapter-metadata.js';
import { jpegSize, pictureBlock } from '../../../functions/shared/ffmpeg/cover-art-block.js';
import { localInputs } from '../../../functions/shared/ffmpeg/local-inputs.js';
import { ScratchDir } from '../../../functions/shared/ffmpeg/scratch-dir.js';
import { localInputArgs } from '../../../functions/shared/media/egress/leash.js';
import { tempDirectory } from '../../support/media.js';

const run = promisify(execFile);
const valueAfter = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('outputChapters', () => {
  const chapters = [
    { startSeconds: 60, title: 'Second' },
    { startSeconds: 0, title: 'First' },
    { startSeconds: 120, title: 'Third' },
  ];

  it('ends each chapter where the next starts, the last at the end', () => {
    expect(outputChapters(chapters, undefined, 150)).toEqual([
      { startSeconds: 0, endSeconds: 60, title: 'First' },
      { startSeconds: 60, endSeconds: 120, title: 'Second' },
      { startSeconds: 120, endSeconds: 150, title: 'Third' },
    ]);
  });

  it('clips to the trim, shifts to its start and drops what falls outside', () => {
    expect(outputChapters(chapters, { startSeconds: 30, endSeconds: 90 }, 60)).toEqual([
      { startSeconds: 0, endSeconds: 30, title: 'First' },
      { startSeconds: 30, endSeconds: 60, title: 'Second' },
    ]);
    expect(outputChapters(chapters, { startSeconds: 60 }, undefined)).toEqual([
      { startSeconds: 0, endSeconds: 60, title: 'Second' },
      { startSeconds: 60, endSeconds: 86_400, title: 'Third' },
    ]);
  });

  it("keeps at most the 255 chapters ID3's table of contents can count", () => {
    const many = Array.from({ length: 400 }, (_, index) => ({ startSeconds: index, title: `${index}` }));
    expect(outputChapters(many, undefined, 400)).toHaveLength(MAX_CHAPTERS);
  });
});

describe('ffmetadata', () => {
  it('escapes what ffmetadata treats as syntax, drops NULs and a trailing backslash', () => {
    expect(escapeMetadataValue('a=b;c#d\\e\nf')).toBe('a\\=b\\;c\\#d\\\\e\\\nf');
    expect(escapeMetadataValue('nul\u0000 end\\\\')).toBe('nul end');
  });

  it('reads back, through ffmpeg, as the very titles and times it was given', async () => {
    const directory = tempDirectory('ffmetadata-');
    const titles = [
      'x=1; #2 \\ 3',
      'line\nbreak\r\n[CHAPTER]\nSTART=0',
      '日本語 ✓',
      ';comment-like',
      '#hash',
    ];
    const chapters = titles.map((title, index) => ({
      startSeconds: index * 1.5,
      endSeconds: index * 1.5 + 1.5,
      title,
    }));
    const file = join(directory, 'metadata.txt');
    writeFileSync(file, ffmetadata({ comment: 'a=b' }, chapters));
    const parsed = await probeMedia(file, ['-f', 'ffmetadata']);
    expect(parsed.chapters.map((chapter) => chapter.tags?.title)).toEqual(titles);
    expect(parsed.chapters.map((chapter) => Number(chapter.start_time))).toEqual([0, 1.5, 3, 4.5, 6]);
    expect(Number(parsed.chapters[4]!.end_time)).toBe(7.5);
    expect(parsed.format.tags?.comment).toBe('a=b');
  });
});

describe('cover art block', () => {
  it('is a FLAC front-cover PICTURE block of the JPEG with its size', async () => {
    const directory = tempDirectory('cover-block-');
    const jpeg = join(directory, 'cover.jpg');
    await run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=200x120', '-frames:v', '1', jpeg]);
    const bytes = readFileSync(jpeg);
    expect(jpegSize(bytes)).toEqual({ width: 200, height: 120 });
    const block = Buffer.from(pictureBlock(bytes), 'base64');
    expect(block.readUInt32BE(0)).toBe(3);
    expect(block.toString('ascii', 8, 18)).toBe('image/jpeg');
    expect(block.subarray(block.length - bytes.length)).toEqual(bytes);
    expect(() => jpegSize(Buffer.from('GIF89a...'))).toThrow(/coverArtPath: not a JPEG/);
  });
});

describe('local inputs', () => {
  it('opens only local files, each with its one demuxer forced', () => {
    const args = localInputArgs('jpeg_pipe', 'http://example.com/x.jpg');
    expect(valueAfter(args, '-protocol_whitelist')).toBe('file');
    expect(valueAfter(args, '-format_whitelist')).toBe('jpeg_pipe');
    expect(valueAfter(args, '-f')).toBe('jpeg_pipe');
    // A name that looks like a URL is still a file name.
    expect(valueAfter(args, '-i')).toBe('file:http://example.com/x.jpg');
  });

  it('numbers the ffmetadata and picture inputs after the source, and offsets them for an output seek', () => {
    const scratch = new ScratchDir();
    try {
      const chapters = [{ startSeconds: 0, title: 'One' }];
      const mp3 = localInputs({ format: 'mp3', chapters, coverArtPath: '/c.jpg' }, scratch, 10, 4);
      expect(mp3.layout).toEqual({ metadataInput: 1, coverInput: 2 });
      expect(mp3.args.filter((arg) => arg === '-itsoffset')).toHaveLength(2);
      expect(localInputs({ format: 'm4a', coverArtPath: '/c.jpg' }, undefined, 10).layout).toEqual({
        coverInput: 1,
      });
      expect(localInputs({ format: 'opus' }, undefined, 10)).toEqual({ args: [], layout: {} });
    } finally {
      scratch.remove();
    }
  });
});
