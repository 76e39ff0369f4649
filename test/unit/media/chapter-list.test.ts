import { describe, expect, it } from 'vitest';
import { chapterList, MAX_CHAPTERS } from '../../../functions/shared/media/chapter-list.js';

describe('chapterList', () => {
  it('sorts, keeps one chapter per instant and names untitled ones by their place', () => {
    expect(
      chapterList(
        [
          { startSeconds: 30, title: 'Later' },
          { startSeconds: 0, title: '  First\u202e  ' },
          { startSeconds: 30, title: 'Same instant' },
          { startSeconds: 12.3456, title: null },
        ],
        60,
      ),
    ).toEqual([
      { startSeconds: 0, title: 'First' },
      { startSeconds: 12.346, title: 'Chapter 2' },
      { startSeconds: 30, title: 'Later' },
    ]);
  });

  it('drops chapters that start outside the video or at no real time', () => {
    expect(
      chapterList(
        [
          { startSeconds: -1, title: 'Before' },
          { startSeconds: Number.NaN, title: 'Nowhere' },
          { startSeconds: 5, title: 'Inside' },
          { startSeconds: 60, title: 'At the end' },
        ],
        60,
      ),
    ).toEqual([{ startSeconds: 5, title: 'Inside' }]);
    expect(chapterList([{ startSeconds: 90, title: 'Past' }], 60)).toBeUndefined();
    expect(chapterList([])).toBeUndefined();
  });

  it('keeps no more chapters than an ID3 table of contents holds', () => {
    const many = Array.from({ length: 400 }, (_, index) => ({ startSeconds: index, title: `c${index}` }));
    expect(chapterList(many, 1000)).toHaveLength(MAX_CHAPTERS);
  });
});
