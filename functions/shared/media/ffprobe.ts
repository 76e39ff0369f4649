/** Reads title, author, duration and audio codec of a media URL or file with ffprobe, mapping its failures. */
import { execFile } from 'node:child_process';
import { z } from 'zod';
import { InvalidSource, SourceUnreachable, ToolMissing, VideoUnavailable } from '../errors.js';
import type { MediaInfo } from '../types.js';
import { NO_AUDIO_TRACK } from './no-audio.js';
import { forcedDemuxer, leashArgs, toolEnvironment } from './egress/leash.js';

const ProbeOutput = z.object({
  format: z
    .object({
      format_name: z.string().optional(),
      duration: z.string().optional(),
      tags: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  streams: z
    .array(
      z.object({
        codec_type: z.string().optional(),
        codec_name: z.string().optional(),
        tags: z.record(z.string(), z.string()).optional(),
      }),
    )
    .default([]),
});

export interface ProbeOptions {
  ffprobePath: string;
  /** The stable id the MediaInfo carries. */
  id: string;
  /** Used when the media has no title tag (the URL's file name). */
  fallbackTitle: string;
  /** Used when the media has no artist tag (the host). */
  fallbackAuthor: string;
  /** Protocols ffprobe may open, so a playlist cannot reach `file:` or other schemes. */
  protocols: readonly string[];
  /** The egress door every http(s) read goes through. */
  httpProxy?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

const AUTHOR_TAGS = ['artist', 'album_artist', 'author', 'composer'];

/** Tag names lower-cased, values trimmed, empty ones dropped (so a blank format tag never hides a stream tag). */
function lowerCased(tags: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tags ?? {})
      .map(([key, value]) => [key.toLowerCase(), value.trim()])
      .filter(([, value]) => value),
  );
}

/** Maps ffprobe's stderr to the error a caller acts on. */
export function ffprobeError(stderr: string, subject: string): Error {
  const text = stderr.trim().split('\n').slice(-3).join(' ');
  if (/not on whitelist/i.test(text)) {
    return new InvalidSource(
      `${subject} is a playlist, a manifest or a format we do not read; link the media file itself`,
    );
  }
  if (/\b(404|410)\b|No such file or directory/i.test(text)) {
    return new VideoUnavailable(`${subject} was not found (${text})`);
  }
  if (
    /\b5(\d\d|XX)\b|Connection refused|Connection timed out|timed out|Network is unreachable|reset by peer|I\/O error/i.test(
      text,
    )
  ) {
    return new SourceUnreachable(`${subject} could not be reached (${text})`);
  }
  if (/\b(401|403)\b|Permission denied/i.test(text))
    return new VideoUnavailable(`${subject} refused access (${text})`);
  return new InvalidSource(`${subject} is not a readable audio or video file (${text || 'ffprobe failed'})`);
}

function runFfprobe(input: string, options: ProbeOptions): Promise<string> {
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams'];
  args.push(...leashArgs(options.protocols, options.httpProxy), input);
  return new Promise((resolve, reject) => {
    execFile(
      options.ffprobePath,
      args,
      {
        timeout: options.timeoutMs ?? 60_000,
        signal: options.signal,
        maxBuffer: 4 * 1024 * 1024,
        env: toolEnvironment(),
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const failure = error as NodeJS.ErrnoException & { killed?: boolean };
        if (failure.code === 'ENOENT')
          return reject(new ToolMissing(`ffprobe not found at ${options.ffprobePath}`));
        if (failure.killed || failure.name === 'AbortError') {
          return reject(new SourceUnreachable(`ffprobe timed out reading ${input}`, { cause: error }));
        }
        reject(ffprobeError(stderr, input));
      },
    );
  });
}

export async function probeMedia(input: string, options: ProbeOptions): Promise<MediaInfo> {
  const parsed = ProbeOutput.safeParse(JSON.parse((await runFfprobe(input, options)) || '{}'));
  if (!parsed.success) throw new InvalidSource(`ffprobe could not describe ${input}`);
  const { format, streams } = parsed.data;
  if (/\b(hls|dash)\b/.test(format?.format_name ?? '')) {
    throw new InvalidSource(`${input} is a streaming playlist; link the media file itself`);
  }
  const audio = streams.find((stream) => stream.codec_type === 'audio');
  if (!audio) throw new InvalidSource(`${input} ${NO_AUDIO_TRACK}`);
  const durationSeconds = Number.parseFloat(format?.duration ?? '');
  if (!Number.isFinite(durationSeconds) || durationSeconds <= 0) {
    throw new InvalidSource(`${input} has no duration (a live stream or a broken file)`);
  }
  // Ogg keeps Vorbis comments (TITLE, ARTIST) on the stream, MP4 and MP3 on the container: read both.
  const tags = { ...lowerCased(audio.tags), ...lowerCased(format?.tags) };
  const author = AUTHOR_TAGS.map((key) => tags[key]).find(Boolean);
  return {
    id: options.id,
    title: tags.title || options.fallbackTitle,
    author: author || options.fallbackAuthor,
    durationSeconds,
    isLive: false,
    ...(forcedDemuxer(format?.format_name) ? { inputFormat: forcedDemuxer(format?.format_name) } : {}),
    ...(audio.codec_name ? { audioCodec: audio.codec_name } : {}),
  };
}
