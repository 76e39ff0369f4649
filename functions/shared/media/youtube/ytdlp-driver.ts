/** The yt-dlp driver: the binary gets YouTube fixes fastest, so it backs up (or replaces) youtubei.js. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import { AudioSyncError, SourceUnreachable } from '../../errors.js';
import type { AudioFormat, MediaInfo } from '../../types.js';
import { chapterList } from '../chapter-list.js';
import { youtubeWatchUrl } from '../source-url.js';
import type { AudioInput } from '../types.js';
import { ffmpegCodecName } from './codec.js';
import { descriptionChapters } from './description-chapters.js';
import type { YoutubeDriver } from './driver-chain.js';
import { classifyYoutubeFailure, DEPLOYMENT_HINT, DriverUnusable } from './messages.js';
import { primedStream } from './primed-stream.js';
import { runToCompletion, streamStdout } from './ytdlp-process.js';
import { logYtdlpWarnings } from './ytdlp-warnings.js';

export interface YtdlpOptions {
  binary: string;
  /** The egress door (or any proxy) yt-dlp fetches through; a function when it opens on first use. */
  proxy?: string | (() => Promise<string>);
  /** Netscape cookies.txt content (converted from YOUTUBE_COOKIES). */
  cookies?: string;
  /** The node binary yt-dlp runs YouTube's player JS with (2025.11+ needs a JS runtime). */
  nodePath: string;
  /** YTDLP_PLAYER_CLIENTS: `--extractor-args youtube:player_client=…`; unset leaves yt-dlp's choice. */
  playerClients?: string;
  /** yt-dlp keeps the solved player there across warm invocations (default under the OS temp dir). */
  cacheDir?: string;
  probeTimeoutMs?: number;
}

const VideoJson = z.object({
  id: z.string(),
  title: z.string(),
  uploader: z.string().nullish(),
  channel: z.string().nullish(),
  duration: z.number().nullish(),
  is_live: z.boolean().nullish(),
  live_status: z.string().nullish(),
  /** yt-dlp's best thumbnail (the highest preference of its `thumbnails`). */
  thumbnail: z.string().nullish(),
  description: z.string().nullish(),
  chapters: z
    .array(z.object({ start_time: z.number(), title: z.string().nullish() }))
    .nullish()
    .catch(undefined),
  formats: z
    .array(
      z.object({
        acodec: z.string().nullish(),
        vcodec: z.string().nullish(),
        abr: z.number().nullish(),
        tbr: z.number().nullish(),
      }),
    )
    .default([]),
});

/** yt-dlp's own sort prefers the original-language track; these add the codec a copy needs. */
const FORMAT_SELECTORS: Partial<Record<AudioFormat, string>> = {
  m4a: 'bestaudio[acodec^=mp4a]/bestaudio',
  opus: 'bestaudio[acodec=opus]/bestaudio',
};

const LIVE_STATUSES = new Set(['is_live', 'is_upcoming', 'post_live']);
const versions = new Map<string, Promise<string>>();

/** True when yt-dlp knows `--js-runtimes` (added in 2025.11; older builds reject unknown flags). */
export function supportsJsRuntimes(version: string): boolean {
  const [year = 0, month = 0] = version.trim().split('.').map(Number);
  return year > 2025 || (year === 2025 && month >= 11);
}

/** yt-dlp's chapter list (YouTube's own, or the description's), else the description's by YouTube's rules. */
function videoChapters(video: z.infer<typeof VideoJson>) {
  const listed = (video.chapters ?? []).map((chapter) => ({
    startSeconds: chapter.start_time,
    title: chapter.title,
  }));
  return (
    chapterList(listed, video.duration ?? undefined) ??
    descriptionChapters(video.description ?? undefined, video.duration ?? undefined)
  );
}

function bestAudioCodec(formats: z.infer<typeof VideoJson>['formats']): string | undefined {
  const audioOnly = formats.filter((f) => (f.vcodec ?? 'none') === 'none' && f.acodec && f.acodec !== 'none');
  const best = audioOnly.sort((a, b) => (b.abr ?? b.tbr ?? 0) - (a.abr ?? a.tbr ?? 0))[0];
  return ffmpegCodecName(best?.acodec);
}

export function ytdlpDriver(options: YtdlpOptions): YoutubeDriver {
  const version = () => {
    let pending = versions.get(options.binary);
    if (!pending) {
      pending = runToCompletion(options.binary, ['--version'], 15_000).then((result) => result.stdout.trim());
      versions.set(options.binary, pending);
    }
    return pending;
  };

  /** Common flags, plus a cookies file that `cleanup` removes. */
  const commonArgs = async () => {
    const installed = await version();
    // Without a JS runtime yt-dlp cannot solve YouTube's challenges: only a newer build helps.
    if (!supportsJsRuntimes(installed)) {
      throw new DriverUnusable(
        'broken',
        `yt-dlp ${installed} is too old for YouTube (needs 2025.11.12 or later); ${DEPLOYMENT_HINT}`,
      );
    }
    const cacheDir = options.cacheDir ?? join(tmpdir(), 'audio-sync', 'yt-dlp-cache');
    const args = ['--no-playlist', '--ignore-config', '--cache-dir', cacheDir];
    args.push('--js-runtimes', `node:${options.nodePath}`);
    if (options.playerClients)
      args.push('--extractor-args', `youtube:player_client=${options.playerClients}`);
    const proxy = typeof options.proxy === 'function' ? await options.proxy() : options.proxy;
    if (proxy) args.push('--proxy', proxy);
    let directory: string | undefined;
    if (options.cookies) {
      directory = mkdtempSync(join(tmpdir(), 'audio-sync-cookies-'));
      const cookieFile = join(directory, 'cookies.txt');
      writeFileSync(cookieFile, options.cookies, { mode: 0o600 });
      args.push('--cookies', cookieFile);
    }
    return { args, cleanup: () => directory && rmSync(directory, { recursive: true, force: true }) };
  };

  return {
    name: 'ytdlp',
    async probe(videoId: string, signal?: AbortSignal): Promise<MediaInfo> {
      const { args, cleanup } = await commonArgs();
      try {
        const result = await runToCompletion(
          options.binary,
          ['-J', ...args, youtubeWatchUrl(videoId)],
          options.probeTimeoutMs ?? 90_000,
          signal,
        );
        logYtdlpWarnings(result.stderr, videoId);
        if (result.code !== 0)
          throw classifyYoutubeFailure(result.stderr || `exit code ${result.code}`, videoId);
        let json: unknown;
        try {
          json = JSON.parse(result.stdout);
        } catch (error) {
          throw new DriverUnusable('broken', `yt-dlp printed no JSON for ${videoId}`, { cause: error });
        }
        const parsed = VideoJson.safeParse(json);
        if (!parsed.success)
          throw new DriverUnusable('broken', `yt-dlp JSON for ${videoId} has an unexpected shape`);
        const video = parsed.data;
        const isLive = Boolean(video.is_live) || LIVE_STATUSES.has(video.live_status ?? '');
        if (!isLive && !video.duration)
          throw new DriverUnusable('broken', `yt-dlp gave no duration for ${videoId}`);
        const audioCodec = bestAudioCodec(video.formats);
        const chapters = videoChapters(video);
        return {
          id: video.id,
          title: video.title,
          author: video.uploader ?? video.channel ?? 'YouTube',
          durationSeconds: video.duration ?? 0,
          isLive,
          ...(video.thumbnail ? { thumbnailUrl: video.thumbnail } : {}),
          ...(audioCodec ? { audioCodec } : {}),
          ...(chapters ? { chapters } : {}),
        };
      } finally {
        cleanup();
      }
    },
    async openAudio(videoId: string, _signal?: AbortSignal, target?: AudioFormat): Promise<AudioInput> {
      const { args, cleanup } = await commonArgs();
      const stdout = streamStdout(
        options.binary,
        [
          '-f',
          FORMAT_SELECTORS[target ?? 'mp3'] ?? 'bestaudio',
          '-o',
          '-',
          ...args,
          youtubeWatchUrl(videoId),
        ],
        (stderr) => {
          logYtdlpWarnings(stderr, videoId);
          return classifyYoutubeFailure(stderr, videoId);
        },
      );
      stdout.once('close', cleanup);
      // Failures before the first byte reach the chain (which may try the next driver); later ones end the stream.
      const stream = await primedStream(stdout, (error) =>
        error instanceof AudioSyncError
          ? error
          : new SourceUnreachable(`yt-dlp stopped streaming ${videoId}: ${(error as Error).message}`, {
              cause: error,
            }),
      );
      // No codec: with the fallback selector the stream may not be the wanted one, so extract re-encodes it.
      return { type: 'stream', stream };
    },
  };
}
