import { afterEach, describe, expect, it, vi } from 'vitest';
import { prepareExtras } from '../../../functions/extract/rendition-extras.js';
import * as coverArt from '../../../functions/shared/media/cover-art.js';

const input = { type: 'url' as const, url: 'file:///tmp/clip.mp3' };
const video = { videoId: 'file-1', title: 'T', author: 'A', durationSeconds: 5, cached: false };
const settings = { config: { ALLOW_PRIVATE_SOURCES: false as const } };

describe('prepareExtras', () => {
  afterEach(() => vi.restoreAllMocks());

  it('does not look for a picture Validate found the source without', async () => {
    const prepare = vi.spyOn(coverArt, 'prepareCoverArt');
    const extras = await prepareExtras(
      { options: { coverArt: true }, video: { ...video, embeddedPicture: false } },
      { kind: 'file', input },
      'ffmpeg',
      settings,
    );
    expect(prepare).not.toHaveBeenCalled();
    expect(extras.coverArtPath).toBeUndefined();
  });

  it('passes the chapters on and asks for no cover when the job turned it off', async () => {
    const prepare = vi.spyOn(coverArt, 'prepareCoverArt');
    const chapters = [{ startSeconds: 0, title: 'One' }];
    const extras = await prepareExtras(
      { options: { coverArt: false }, video: { ...video, chapters } },
      { kind: 'file', input },
      'ffmpeg',
      settings,
    );
    expect(prepare).not.toHaveBeenCalled();
    expect(extras.chapters).toEqual(chapters);
  });

  it('looks for the picture of a source that has one (the control for the two above)', async () => {
    const prepare = vi.spyOn(coverArt, 'prepareCoverArt').mockResolvedValue(undefined);
    await prepareExtras(
      { options: { coverArt: true }, video: { ...video, embeddedPicture: true } },
      { kind: 'file', input },
      'ffmpeg',
      settings,
    );
    expect(prepare).toHaveBeenCalledOnce();
  });
});
