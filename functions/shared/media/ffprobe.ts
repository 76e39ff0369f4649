/** Reads title, author, duration and audio codec of a media URL or file with ffprobe, mapping its failures. */
import { execFile, spawn } from 'node:child_process';
import * as z from 'zod';
import { InvalidSource, SourceUnreachable, ToolMissing, VideoUnavailable } from '../errors.js';
import type { MediaInfo } from '../types.js';
import { chapterList } from './chapter-list.js';
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
        disposition: z.object({ attached_pic: z.number().optional() }).optional(),
      }),
    )
    .default([]),
  chapters: z
    .array(z.object({ start_time: z.string(), tags: z.record(z.string(), z.string()).optional() }))
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

/** ffprobe's output and its warnings (which say when a duration is only a bitrate estimate). */
function runFfprobe(input: string, options: ProbeOptions): Promise<{ stdout: string; stderr: string }> {
  const args = ['-v', 'warning', '-print_format', 'json', '-show_format', '-show_streams', '-show_chapters'];
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
        if (!error) return resolve({ stdout, stderr });
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

/** How far the packet scan reads at most: a stream that reaches it is reported this long (and refused). */
const SCAN_LIMIT_SECONDS = 24 * 60 * 60;

/**
 * Ogg keeps its length only in the last page's granule, which ffprobe reaches by seeking; from a server
 * without Range it cannot, so the audio packets are read to the end (through the same door, so its byte
 * cap and deadline hold) and the last one's end is the duration. Only the last line is kept in memory.
 */
function scanDuration(input: string, options: ProbeOptions): Promise<number> {
  const args = ['-v', 'error', '-select_streams', 'a:0', '-read_intervals', `%+${SCAN_LIMIT_SECONDS}`];
  args.push('-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0');
  args.push(...leashArgs(options.protocols, options.httpProxy), input);
  return new Promise((resolve, reject) => {
    const child = spawn(options.ffprobePath, args, {
      timeout: options.timeoutMs ?? 60_000,
      signal: options.signal,
      env: toolEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let end = Number.NaN;
    let pending = '';
    let stderr = '';
    const take = (line: string) => {
      const [pts = Number.NaN, duration = 0] = line.split(',').map((field) => Number.parseFloat(field));
      if (Number.isFinite(pts)) end = Math.max(end || 0, pts + (Number.isFinite(duration) ? duration : 0));
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(take);
    });
    child.stderr
      .setEncoding('utf8')
      .on('data', (chunk: string) => void (stderr = (stderr + chunk).slice(-4096)));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new ToolMissing(`ffprobe not found at ${options.ffprobePath}`)
          : new SourceUnreachable(`ffprobe timed out reading ${input}`, { cause: error }),
      ),
    );
    child.on('close', (code, signal) => {
      take(pending);
      if (signal) return reject(new SourceUnreachable(`ffprobe timed out reading ${input}`));
      if (code !== 0) return reject(ffprobeError(stderr, input));
      resolve(end);
    });
  });
}

export async function probeMedia(input: string, options: ProbeOptions): Promise<MediaInfo> {
  const { stdout, stderr } = await runFfprobe(input, options);
  const parsed = ProbeOutput.safeParse(JSON.parse(stdout || '{}'));
  if (!parsed.success) throw new InvalidSource(`ffprobe could not describe ${input}`);
  const { format, streams, chapters: listed } = parsed.data;
  if (/\b(hls|dash)\b/.test(format?.format_name ?? '')) {
    throw new InvalidSource(`${input} is a streaming playlist; link the media file itself`);
  }
  const audio = streams.find((stream) => stream.codec_type === 'audio');
  if (!audio) throw new InvalidSource(`${input} ${NO_AUDIO_TRACK}`);
  let durationSeconds = Number.parseFloat(format?.duration ?? '');
  // Without Range, Opus gets no duration and Vorbis one guessed from the bitrate (0.9 s for 5 s here).
  const unknown = !(durationSeconds > 0) || /Estimating duration from bitrate/i.test(stderr);
  if (unknown && forcedDemuxer(format?.format_name) === 'ogg') {
    durationSeconds = await scanDuration(input, options);
  }
  if (!Number.isFinite(durationSeconds) || durationSeconds <= 0) {
    throw new InvalidSource(`${input} has no duration (a live stream or a broken file)`);
  }
  // Ogg keeps Vorbis comments (TITLE, ARTIST) on the stream, MP4 and MP3 on the container: read both.
  const tags = { ...lowerCased(audio.tags), ...lowerCased(format?.tags) };
  const author = AUTHOR_TAGS.map((key) => tags[key]).find(Boolean);
  const chapters = chapterList(
    listed.map((chapter) => ({
      startSeconds: Number.parseFloat(chapter.start_time),
      title: lowerCased(chapter.tags).title,
    })),
    durationSeconds,
  );
  // An attached picture (mp3 APIC, m4a covr, FLAC/Ogg picture) is what a player shows as the cover.
  const embeddedPicture = streams.some((stream) => stream.disposition?.attached_pic === 1);
  return {
    id: options.id,
    title: tags.title || options.fallbackTitle,
    author: author || options.fallbackAuthor,
    durationSeconds,
    isLive: false,
    ...(forcedDemuxer(format?.format_name) ? { inputFormat: forcedDemuxer(format?.format_name) } : {}),
    ...(audio.codec_name ? { audioCodec: audio.codec_name } : {}),
    ...(chapters ? { chapters } : {}),
    embeddedPicture,
  };
}
