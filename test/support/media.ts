/** Test media: clips generated with ffmpeg's lavfi sources (no committed binaries) and a loopback HTTP server. */
import { execFile } from 'node:child_process';
import { createReadStream, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server, type ServerResponse, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';

const run = promisify(execFile);

export type ClipCodec = 'aac' | 'opus' | 'mp3';

const CODEC_ARGS: Record<ClipCodec, { args: string[]; ext: string }> = {
  // +faststart keeps the MP4 index first, as web servers usually serve it.
  aac: { args: ['-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart'], ext: 'm4a' },
  opus: { args: ['-c:a', 'libopus', '-b:a', '96k'], ext: 'webm' },
  mp3: { args: ['-c:a', 'libmp3lame', '-b:a', '128k'], ext: 'mp3' },
};

export interface ClipOptions {
  seconds: number;
  codec?: ClipCodec;
  title?: string;
  artist?: string;
  directory?: string;
  /** File name without extension. */
  name?: string;
}

const madeDirectories: string[] = [];

/** A fresh temporary folder, removed after the test file by `removeTempDirectories` (test/support/setup-env.ts). */
export function tempDirectory(prefix = 'audio-sync-test-'): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  madeDirectories.push(directory);
  return directory;
}

/**
 * Points this test file's `os.tmpdir()` at a folder of its own (its worker's environment only), so the
 * scratch folders a test finds there are its own, not those of a test file running beside it. Returns
 * the undo.
 */
export function ownTmpdir(): () => void {
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = tempDirectory('tmpdir-');
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  };
}

/** The encoder's scratch folders (functions/shared/ffmpeg/scratch-dir.ts) left in `os.tmpdir()`. */
export function scratchFolders(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('audio-sync-ffmpeg-'));
}

/** Removes every folder `tempDirectory` made in this test file (a test may have removed its own already). */
export function removeTempDirectories(): void {
  for (const directory of madeDirectories.splice(0)) rmSync(directory, { recursive: true, force: true });
}

/** A stereo 44.1 kHz sine clip of the given length, tagged with title/artist. Returns its path. */
export async function generateClip(options: ClipOptions): Promise<string> {
  const codec = options.codec ?? 'aac';
  const { args, ext } = CODEC_ARGS[codec];
  const directory = options.directory ?? tempDirectory();
  const path = join(directory, `${options.name ?? `clip-${options.seconds}s-${codec}`}.${ext}`);
  await run('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:sample_rate=44100:duration=${options.seconds}`,
    '-ac',
    '2',
    ...args,
    '-metadata',
    `title=${options.title ?? 'Test Tone'}`,
    '-metadata',
    `artist=${options.artist ?? 'Audio Sync Tests'}`,
    path,
  ]);
  return path;
}

/** Duration in seconds of a media file, stream or URL, by ffprobe. */
/**
 * Output options that make one ffmpeg's mp3 the reference for the parallel encoder's joins: its decoder
 * hands the encoders 16-bit PCM, and its frames are encoded without a bit reservoir.
 */
export const LIKE_THE_PARALLEL_ENCODER = ['-af', 'aformat=sample_fmts=s16', '-reservoir', '0'];

export async function probeDuration(pathOrUrl: string): Promise<number> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'format=duration',
    '-of',
    'default=nw=1:nk=1',
    pathOrUrl,
  ]);
  return Number.parseFloat(stdout.trim());
}

/** Codec name of the first audio stream, by ffprobe. */
export async function probeAudioCodec(pathOrUrl: string): Promise<string> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'a:0',
    '-show_entries',
    'stream=codec_name',
    '-of',
    'default=nw=1:nk=1',
    pathOrUrl,
  ]);
  return stdout.trim();
}

/** Format-level tags (title, artist, ...) with lower-case keys, by ffprobe. */
export async function probeTags(pathOrUrl: string): Promise<Record<string, string>> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-show_format',
    '-show_streams',
    '-of',
    'json',
    pathOrUrl,
  ]);
  const parsed = JSON.parse(stdout) as {
    format?: { tags?: Record<string, string> };
    streams?: { tags?: Record<string, string> }[];
  };
  const tags = { ...(parsed.streams?.[0]?.tags ?? {}), ...(parsed.format?.tags ?? {}) };
  return Object.fromEntries(Object.entries(tags).map(([key, value]) => [key.toLowerCase(), value]));
}

export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => void;

export interface MediaServer {
  url(path: string): string;
  /** Serves a file at `path` (with Range support, as ordinary web servers do). */
  serveFile(path: string, filePath: string, contentType?: string): void;
  /** Custom behaviour at `path` (faults, slow streams, cut-offs). */
  route(path: string, handler: RouteHandler): void;
  /** Requests served per path. */
  hits(path: string): number;
  close(): Promise<void>;
}

/** A loopback HTTP server for media files and injected faults. */
export async function startMediaServer(): Promise<MediaServer> {
  const routes = new Map<string, RouteHandler>();
  const counts = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    const handler = routes.get(path);
    if (handler) return handler(request, response);
    response.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    serveFile(path, filePath, contentType = 'application/octet-stream') {
      routes.set(path, (request, response) => sendFile(request, response, filePath, contentType));
    },
    route: (path, handler) => void routes.set(path, handler),
    hits: (path) => counts.get(path) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sendFile(
  request: IncomingMessage,
  response: ServerResponse,
  filePath: string,
  contentType: string,
): void {
  const size = statSync(filePath).size;
  const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.range ?? '');
  if (range) {
    const start = range[1] ? Number(range[1]) : 0;
    const end = range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start >= size) {
      response.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      return;
    }
    response.writeHead(206, {
      'content-type': contentType,
      'content-length': end - start + 1,
      'content-range': `bytes ${start}-${end}/${size}`,
      'accept-ranges': 'bytes',
    });
    if (request.method === 'HEAD') return void response.end();
    createReadStream(filePath, { start, end }).pipe(response);
    return;
  }
  response.writeHead(200, { 'content-type': contentType, 'content-length': size, 'accept-ranges': 'bytes' });
  if (request.method === 'HEAD') return void response.end();
  createReadStream(filePath).pipe(response);
}
