/** A media source driver double: probe answers (or rejects) as told, audio comes from a local file. */
import type { MediaSource } from '../../../functions/shared/media/types.js';
import type { MediaInfo } from '../../../functions/shared/types.js';

export interface FakeSourceOptions {
  info: MediaInfo;
  /** The file ffmpeg reads as the source's best audio. */
  audioPath: string;
  /** Thrown by every probe: a rejection or a fault of the source. */
  probeError?: () => Error;
  /** Thrown by the next `openAudio` calls, one per call, before audio is served. */
  openErrors?: (() => Error)[];
}

export function fakeSource(url: string, options: FakeSourceOptions): MediaSource & { opened: number } {
  const openErrors = [...(options.openErrors ?? [])];
  const source = {
    kind: 'http' as const,
    videoId: options.info.id,
    url,
    opened: 0,
    async probe() {
      if (options.probeError) throw options.probeError();
      return options.info;
    },
    async openAudio() {
      source.opened += 1;
      const error = openErrors.shift();
      if (error) throw error();
      return { type: 'url' as const, url: options.audioPath };
    },
  };
  return source;
}
