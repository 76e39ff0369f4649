/**
 * A source's chapter list made safe to keep: clean titles, ascending, distinct, inside the video, and
 * no more than an ID3 table of contents can hold.
 */
import type { Chapter } from '../contract/audio-options.js';
import { cleanSourceText } from './clean-text.js';

/** ID3's CTOC counts its entries in one byte; m4a and Ogg take more, but one list serves every format. */
export const MAX_CHAPTERS = 255;

export interface RawChapter {
  startSeconds: number;
  title?: string | null;
}

/** The chapters worth keeping, or undefined when none are. */
export function chapterList(raw: readonly RawChapter[], durationSeconds?: number): Chapter[] | undefined {
  const inside = (start: number) =>
    Number.isFinite(start) && start >= 0 && !(durationSeconds && start >= durationSeconds);
  const sorted = raw
    .filter((chapter) => inside(chapter.startSeconds))
    .sort((a, b) => a.startSeconds - b.startSeconds);
  const chapters: Chapter[] = [];
  for (const chapter of sorted) {
    const startSeconds = Math.round(chapter.startSeconds * 1000) / 1000;
    // Two chapters at one instant would make an empty one: the first keeps the place.
    if (chapters.at(-1)?.startSeconds === startSeconds) continue;
    const title = cleanSourceText(chapter.title ?? '') || `Chapter ${chapters.length + 1}`;
    chapters.push({ startSeconds, title });
    if (chapters.length === MAX_CHAPTERS) break;
  }
  return chapters.length > 0 ? chapters : undefined;
}
