/**
 * Chapters from a video description, by YouTube's own rules: timestamps at the start of lines, the first
 * at 0:00, at least three, in ascending order, each chapter at least 10 s long; otherwise none at all
 * (YouTube shows no chapters either, and a half-kept list would misplace every title).
 */
import type { Chapter } from '../../contract/audio-options.js';
import { MAX_CHAPTERS } from '../chapter-list.js';
import { cleanSourceText } from '../clean-text.js';

export const MIN_CHAPTERS = 3;
export const MIN_CHAPTER_SECONDS = 10;

/**
 * A line's leading timestamp (`0:00`, `01:02`, `1:02:03`), after optional bullets, brackets or a list
 * number (`1. `, `• `, `[`), then separators (`-`, `–`, `|`, `:`, `]`, `)`) and the title.
 */
const CHAPTER_LINE =
  /^[\s\p{Pd}•·*▶►>([]*(?:\d{1,3}[.)]\s+)?(?:(\d{1,2}):)?(\d{1,3}):(\d{2})(?!:?\d)[\])]?[\s\p{Pd}|:.,;)\]]*(.*)$/u;

/** The chapter a line names, or undefined (no timestamp at its start, an impossible time, no title). */
export function chapterLine(line: string): Chapter | undefined {
  const match = CHAPTER_LINE.exec(line);
  if (!match) return undefined;
  const [, hours, minutes = '', seconds = '', rest = ''] = match;
  if (Number(seconds) > 59 || (hours !== undefined && Number(minutes) > 59)) return undefined;
  const title = cleanSourceText(rest);
  if (!title) return undefined;
  const startSeconds = Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(seconds);
  return { startSeconds, title };
}

/**
 * The description's chapters, or undefined when they break a rule. With `durationSeconds` (> 0), every
 * chapter must start inside the video and the last one must also last 10 s.
 */
export function descriptionChapters(
  description: string | undefined,
  durationSeconds?: number,
): Chapter[] | undefined {
  if (!description) return undefined;
  const chapters = description
    .split(/\r\n|\r|\n/)
    .map(chapterLine)
    .filter((chapter) => chapter !== undefined);
  if (chapters.length < MIN_CHAPTERS || chapters[0]!.startSeconds !== 0) return undefined;
  // Each chapter lasts until the next one starts; the last one until the end, when the end is known.
  const ends = [...chapters.slice(1).map((chapter) => chapter.startSeconds), durationSeconds ?? 0];
  const valid = chapters.every((chapter, index) => {
    const end = ends[index]!;
    const unknownEnd = index === chapters.length - 1 && !(end > 0);
    return unknownEnd || end - chapter.startSeconds >= MIN_CHAPTER_SECONDS;
  });
  return valid ? chapters.slice(0, MAX_CHAPTERS) : undefined;
}
