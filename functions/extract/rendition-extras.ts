/** What a rendition carries besides the audio: its cover (unless the job said no) and the source's chapters. */
import type { Chapter } from '../shared/contract/audio-options.js';
import type { ExtractInput } from '../shared/contract/tasks.js';
import { coverArtSource, prepareCoverArt, type CoverArtDeps } from '../shared/media/cover-art.js';
import type { AudioInput, SourceKind } from '../shared/media/types.js';

export interface RenditionExtras {
  /** The square JPEG to embed, when there is one. */
  coverArtPath?: string;
  chapters?: Chapter[];
  /** Removes the cover's temp folder: call it once the encoder is done. */
  cleanup(): Promise<void>;
}

/** The cover settings Extract is deployed with: the source egress rules thumbnails are fetched under. */
export type CoverArtSettings = Omit<CoverArtDeps, 'ffmpegPath'>;

export async function prepareExtras(
  request: Pick<ExtractInput, 'options' | 'video'>,
  source: { kind: SourceKind; input: AudioInput },
  ffmpegPath: string,
  settings: CoverArtSettings | undefined,
): Promise<RenditionExtras> {
  const chapters = request.video.chapters?.length ? { chapters: request.video.chapters } : {};
  // A direct source Validate found without a picture is not probed for one again.
  const wanted = request.options.coverArt && request.video.embeddedPicture !== false;
  const cover =
    wanted && settings
      ? await prepareCoverArt(coverArtSource(source.kind, request.video, source.input), {
          ffmpegPath,
          ...settings,
        })
      : undefined;
  return {
    ...chapters,
    ...(cover ? { coverArtPath: cover.path } : {}),
    cleanup: async () => cover?.cleanup(),
  };
}
