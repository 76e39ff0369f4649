import { describe, expect, it } from 'vitest';
import {
  chapterLine,
  descriptionChapters,
} from '../../../functions/shared/media/youtube/description-chapters.js';

const lines = (...text: string[]) => text.join('\n');

describe('chapterLine', () => {
  it.each([
    ['0:00 Intro', 0, 'Intro'],
    ['00:00 Intro', 0, 'Intro'],
    ['1:02 The theme', 62, 'The theme'],
    ['1:02:03 - Title', 3723, 'Title'],
    ['01:02:03 – Long dash', 3723, 'Long dash'],
    ['75:30 Minutes past an hour', 4530, 'Minutes past an hour'],
    ['[0:45] Bracketed', 45, 'Bracketed'],
    ['(2:10) Parenthesised', 130, 'Parenthesised'],
    ['• 3:00 Bullet', 180, 'Bullet'],
    ['- 3:00 | Piped', 180, 'Piped'],
    ['1. 4:05 Numbered list', 245, 'Numbered list'],
    ['  5:00:  indented, colon  ', 300, 'indented, colon'],
  ])('reads %j as %d s "%s"', (line, startSeconds, title) => {
    expect(chapterLine(line)).toEqual({ startSeconds, title });
  });

  it.each([
    ['Intro 0:00', 'a timestamp not at the line start'],
    ['See 1:23 for the best part', 'a timestamp inside a sentence'],
    ['0:60 Sixty seconds', 'seconds past 59'],
    ['1:60:00 Sixty minutes', 'minutes past 59 after hours'],
    ['0:00', 'no title'],
    ['0:00 -  ', 'only a separator'],
    ['1:2 Short seconds', 'one-digit seconds'],
    ['1:02:03:04 Four parts', 'four parts'],
    ['https://example.com/0:00 link', 'a URL'],
  ])('ignores %j (%s)', (line) => {
    expect(chapterLine(line)).toBeUndefined();
  });

  it('strips control and format characters from a title YouTube supplied', () => {
    expect(chapterLine('0:10 Evil\u001b[31m red\u202e title\u0007')).toEqual({
      startSeconds: 10,
      title: 'Evil [31m red title',
    });
  });

  it('cuts a very long title', () => {
    const chapter = chapterLine(`0:10 ${'x'.repeat(1000)}`);
    expect(Array.from(chapter!.title).length).toBeLessThanOrEqual(200);
    expect(chapter!.title.endsWith('…')).toBe(true);
  });
});

describe('descriptionChapters', () => {
  const list = lines(
    'My talk about copyright.',
    '',
    'Chapters:',
    '0:00 Intro',
    '1:05 - Drama',
    '4:30 – Choreography',
    '10:00 Questions',
    '',
    'Licensed CC BY. See 2:00 for the dance.',
  );

  it('keeps the chapters of a description the way YouTube shows them', () => {
    expect(descriptionChapters(list, 721)).toEqual([
      { startSeconds: 0, title: 'Intro' },
      { startSeconds: 65, title: 'Drama' },
      { startSeconds: 270, title: 'Choreography' },
      { startSeconds: 600, title: 'Questions' },
    ]);
  });

  it('reads Windows and old Mac line ends too', () => {
    expect(descriptionChapters(list.replaceAll('\n', '\r\n'), 721)).toHaveLength(4);
    expect(descriptionChapters(list.replaceAll('\n', '\r'), 721)).toHaveLength(4);
  });

  it('keeps hour timestamps in a long video', () => {
    const text = lines('0:00:00 Part one', '0:45:10 Part two', '1:30:00 Part three');
    expect(descriptionChapters(text, 3 * 3600)?.map((chapter) => chapter.startSeconds)).toEqual([
      0, 2710, 5400,
    ]);
  });

  it('keeps chapters when the duration is unknown, judging the last one by nothing', () => {
    expect(descriptionChapters(lines('0:00 a', '0:10 b', '0:20 c'))).toHaveLength(3);
    expect(descriptionChapters(lines('0:00 a', '0:10 b', '0:20 c'), 0)).toHaveLength(3);
  });

  it.each([
    ['no description', undefined, 600],
    ['no timestamps', 'Just words.\nMore words.', 600],
    ['only two chapters', lines('0:00 Intro', '5:00 End'), 600],
    ['a first chapter after 0:00', lines('0:05 Intro', '1:00 Middle', '2:00 End'), 600],
    ['descending timestamps', lines('0:00 Intro', '2:00 Middle', '1:00 Back'), 600],
    ['a repeated timestamp', lines('0:00 Intro', '1:00 Middle', '1:00 Again'), 600],
    ['a chapter shorter than 10 s', lines('0:00 Intro', '0:09 Short', '1:00 End'), 600],
    ['a last chapter shorter than 10 s', lines('0:00 Intro', '1:00 Middle', '9:55 End'), 600],
    ['a chapter past the end', lines('0:00 Intro', '1:00 Middle', '20:00 Later'), 600],
  ])('gives none for %s', (_case, text, duration) => {
    expect(descriptionChapters(text, duration)).toBeUndefined();
  });

  it('keeps at most the chapters an ID3 table of contents holds', () => {
    const many = Array.from(
      { length: 300 },
      (_, index) => `${Math.floor(index / 6)}:${String((index % 6) * 10).padStart(2, '0')} Part ${index}`,
    );
    expect(descriptionChapters(many.join('\n'), 3600)).toHaveLength(255);
  });

  it('accepts chapters exactly 10 s long', () => {
    expect(descriptionChapters(lines('0:00 a', '0:10 b', '0:20 c'), 30)).toHaveLength(3);
  });
});
