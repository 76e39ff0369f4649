/**
 * Chapters and tags as an ffmetadata file, the ffmpeg input that `-map_chapters` / `-map_metadata` read:
 * chapters moved from the source's timeline to the trimmed output's, titles escaped (they come from
 * YouTube and are treated as hostile).
 */
import { MAX_TRIM_SECONDS, type Chapter } from '../contract/audio-options.js';
import type { Trim } from './encoder-args.js';

/** ID3's table of contents (CTOC) counts its entries in one byte. */
export const MAX_CHAPTERS = 255;
/** Longer titles are cut (by code point): no player shows more, and the file stays small. */
export const MAX_TITLE_LENGTH = 500;

export interface OutputChapter {
  startSeconds: number;
  endSeconds: number;
  title: string;
}

/**
 * The chapters in the output's timeline: each ends where the next starts (or at the end), is clipped to
 * the trim and shifted so the trim's start is 0; those left with no length are dropped. `lengthSeconds`
 * is the output's (trimmed) length; without it and without a trim end the last chapter ends a day in.
 */
export function outputChapters(
  chapters: Chapter[],
  trim: Trim | undefined,
  lengthSeconds?: number,
): OutputChapter[] {
  const from = trim?.startSeconds ?? 0;
  const end = Math.min(
    lengthSeconds ?? Number.POSITIVE_INFINITY,
    trim?.endSeconds === undefined ? Number.POSITIVE_INFINITY : trim.endSeconds - from,
  );
  const length = Number.isFinite(end) ? end : MAX_TRIM_SECONDS;
  const sorted = [...chapters].sort((a, b) => a.startSeconds - b.startSeconds);
  const kept: OutputChapter[] = [];
  sorted.forEach((chapter, index) => {
    const next = sorted[index + 1]?.startSeconds ?? Number.POSITIVE_INFINITY;
    const startSeconds = Math.max(0, chapter.startSeconds - from);
    const endSeconds = Math.min(next - from, length);
    // Whole milliseconds are what the file holds: a chapter shorter than one is not there.
    if (Math.round(endSeconds * 1000) > Math.round(startSeconds * 1000)) {
      kept.push({ startSeconds, endSeconds, title: chapter.title });
    }
  });
  return kept.slice(0, MAX_CHAPTERS);
}

/**
 * A value as ffmetadata reads it back: `=`, `;`, `#`, `\` and line breaks escaped with `\`, NULs (which end
 * a C string) dropped. A trailing `\` is dropped too: ffmpeg 5.1's line reader takes an escaped `\` before
 * the newline for an escaped newline and runs the value into the next line.
 */
export function escapeMetadataValue(value: string): string {
  // eslint-disable-next-line no-control-regex -- NUL is exactly what must go
  const clean = value.replace(/\u0000/g, '').replace(/\\+$/, '');
  return clean.replace(/[=;#\\\n\r]/g, (character) => `\\${character}`);
}

/** The ffmetadata file: global tags (keys are ours), then one [CHAPTER] section per chapter, in milliseconds. */
export function ffmetadata(tags: Record<string, string>, chapters: OutputChapter[]): string {
  const lines = [';FFMETADATA1'];
  for (const [key, value] of Object.entries(tags)) lines.push(`${key}=${escapeMetadataValue(value)}`);
  for (const chapter of chapters) {
    lines.push(
      '',
      '[CHAPTER]',
      'TIMEBASE=1/1000',
      `START=${Math.round(chapter.startSeconds * 1000)}`,
      `END=${Math.round(chapter.endSeconds * 1000)}`,
      `title=${escapeMetadataValue(Array.from(chapter.title).slice(0, MAX_TITLE_LENGTH).join(''))}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
