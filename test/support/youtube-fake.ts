/**
 * A fake InnerTube + googlevideo on loopback that answers per client the way YouTube does in 2026:
 * VISIONOS gets direct URLs (recorded), TV and WEB_EMBEDDED ciphered URLs with an n-challenge
 * (solved by the player script it serves), every other client SABR-only formats. Player answers
 * come from the recordings in test/fixtures/youtube; the audio at the format URLs and the thumbnail
 * i.ytimg.com serves are generated.
 */
import { createReadStream, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tempDirectory } from './media.js';
import { generatePicture } from './pictured-media.js';
import { AUDIO_ITAGS, generateItagAudio, type GeneratedAudio } from './youtube-audio.js';
import { IFRAME_API, PLAYER_ID, PLAYER_SCRIPT } from './youtube-player.js';
import { recordingsByVideo } from './youtube-recorded.js';
import { shapeAnswer, SIGNATURE, type ClientAnswer } from './youtube-shapes.js';

export type { ClientAnswer } from './youtube-shapes.js';

/** InnerTube client names (context.client.clientName) → what YouTube gives them in 2026. */
export const YOUTUBE_2026: Record<string, ClientAnswer> = {
  VISIONOS: 'urls',
  TVHTML5: 'ciphered',
  WEB_EMBEDDED_PLAYER: 'ciphered',
};

export interface FakeYoutubeOptions {
  /** Overrides per client name; clients not listed get `sabr`. */
  answers?: Record<string, ClientAnswer>;
  /** Length of the generated audio (and of every video's adjusted duration). */
  seconds?: number;
  /** Player answers built for cases nobody recorded (members-only, dubbed...): videoId → client or `*` → answer. */
  videos?: Record<string, Record<string, Record<string, unknown>>>;
  /** Replaces the served base.js (hostile-player tests). */
  playerScript?: string;
  /** Status of every googlevideo request (403: an IP the URLs were not issued to). */
  mediaStatus?: number;
}

export interface FakeRequest {
  host: string;
  path: string;
  /** For /youtubei/v1/player: the client that asked and the video. */
  client?: string;
  videoId?: string;
  /** For googlevideo: the itag fetched and the full query. */
  itag?: number;
  query?: URLSearchParams;
}

export interface FakeYoutube {
  /** http://127.0.0.1:port: the server itself (answers by Host header or x-fake-host). */
  origin: string;
  /** A fetch for youtubei.js that sends every https request to this server. */
  fetch: typeof globalThis.fetch;
  /** The request handler, for a TLS-terminating proxy in front of it. */
  handler: RequestListener;
  requests: FakeRequest[];
  /** googlevideo requests: the itags fetched, in order. */
  mediaItags(): number[];
  /** The generated file served for an itag (and track xtags). */
  audioPath(itag: number, xtags?: string): Promise<string>;
  close(): Promise<void>;
}

// Generated once per process (ffmpeg takes a while) and shared by every fake; removed at exit.
let audioDirectory: string | undefined;
const audioFiles = new Map<string, Promise<GeneratedAudio>>();

function sharedDirectory(): string {
  if (!audioDirectory) {
    const directory = tempDirectory('fake-youtube-');
    audioDirectory = directory;
    process.once('exit', () => rmSync(directory, { recursive: true, force: true }));
  }
  return audioDirectory;
}

let thumbnail: Promise<string> | undefined;
/** The picture i.ytimg.com serves for every thumbnail URL: 1280×720, as YouTube's hq720. */
const sharedThumbnail = () => (thumbnail ??= generatePicture(sharedDirectory(), 1280, 720, 'jpg'));

/** One file per itag, length and track; the tone tells tracks apart (xtags carry the language). */
function sharedAudio(itag: number, seconds: number, track: string): Promise<GeneratedAudio> {
  const key = `${itag}:${seconds}:${track}`;
  let file = audioFiles.get(key);
  if (!file) {
    file = generateItagAudio(
      sharedDirectory(),
      itag,
      seconds,
      track ? 660 : 440,
      track ? `-${audioFiles.size}` : '',
    );
    audioFiles.set(key, file);
  }
  return file;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

function sendJson(response: ServerResponse, body: unknown, status = 200): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' }).end(JSON.stringify(body));
}

export async function startFakeYoutube(options: FakeYoutubeOptions = {}): Promise<FakeYoutube> {
  const seconds = options.seconds ?? 4;
  const answers = { ...YOUTUBE_2026, ...options.answers };
  const recordings = recordingsByVideo();
  const requests: FakeRequest[] = [];
  const audioFor = (itag: number, track = '') => sharedAudio(itag, seconds, track);

  const player = async (request: IncomingMessage, response: ServerResponse, entry: FakeRequest) => {
    const body = JSON.parse(await readBody(request)) as {
      videoId?: string;
      context?: { client?: { clientName?: string } };
    };
    const client = body.context?.client?.clientName ?? 'WEB';
    const videoId = body.videoId ?? '';
    Object.assign(entry, { client, videoId });
    const built = options.videos?.[videoId];
    const recorded = recordings.get(videoId);
    const answer = answers[client] ?? 'sabr';
    const base =
      built?.[client] ??
      built?.['*'] ??
      recorded?.get(client) ??
      (answer === 'urls' ? recorded?.get('VISIONOS') : undefined) ??
      recorded?.get('ANDROID') ??
      recorded?.get('VISIONOS');
    // An id nobody recorded gets what the recording of a nonexistent id got: `{}`.
    if (!base) return sendJson(response, {});
    sendJson(response, await shapeAnswer(base, { answer, client, seconds, audioFor }));
  };

  const media = async (request: IncomingMessage, response: ServerResponse, entry: FakeRequest, url: URL) => {
    const query = url.searchParams;
    const itag = Number(query.get('itag'));
    Object.assign(entry, { itag, query });
    if (options.mediaStatus) return void response.writeHead(options.mediaStatus).end();
    // Ciphered URLs play only with the signature and n solved, as googlevideo's 403s say.
    if (query.get('fake-cipher') === '1') {
      const solved = query.get('sig') === SIGNATURE && query.get('n') === query.get('fake-n-solved');
      if (!solved) return void response.writeHead(403).end('forbidden');
    }
    if (query.get('sabr') === '1' || !AUDIO_ITAGS[itag]) return void response.writeHead(403).end();
    const file = await audioFor(itag, query.get('xtags') ?? '');
    const range = /^(\d+)-(\d*)$/.exec(query.get('range') ?? '');
    const start = range ? Number(range[1]) : 0;
    const end = range?.[2] ? Math.min(Number(range[2]), file.bytes - 1) : file.bytes - 1;
    response.writeHead(200, { 'content-type': file.mimeType, 'content-length': end - start + 1 });
    createReadStream(file.path, { start, end }).pipe(response);
  };

  const handler: RequestListener = (request, response) => {
    const host = String(request.headers['x-fake-host'] ?? request.headers.host ?? '').replace(/:\d+$/, '');
    const url = new URL(request.url ?? '/', `https://${host}`);
    const entry: FakeRequest = { host, path: url.pathname };
    requests.push(entry);
    const done = (work: Promise<void>) =>
      work.catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500).end(String(error));
      });
    if (host.endsWith('.googlevideo.com') && url.pathname === '/videoplayback') {
      return void done(media(request, response, entry, url));
    }
    if (url.pathname.endsWith('/youtubei/v1/player')) return void done(player(request, response, entry));
    if (host === 'i.ytimg.com' && /^\/vi(_webp)?\/[\w-]{11}\/\w+\.jpg$/.test(url.pathname)) {
      return void done(
        sharedThumbnail().then((path) => {
          response.writeHead(200, { 'content-type': 'image/jpeg' });
          createReadStream(path).pipe(response);
        }),
      );
    }
    if (url.pathname === '/iframe_api') return void response.writeHead(200).end(IFRAME_API);
    if (url.pathname === `/s/player/${PLAYER_ID}/player_es6.vflset/en_US/base.js`) {
      return void response.writeHead(200).end(options.playerScript ?? PLAYER_SCRIPT);
    }
    response.writeHead(404).end('not found');
  };

  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fetch = async (input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit) => {
    const request = input instanceof Request ? input : undefined;
    const target = new URL(request ? request.url : input instanceof URL ? input.href : String(input));
    const headers = new Headers(init?.headers ?? request?.headers);
    headers.set('x-fake-host', target.hostname);
    const body = init?.body ?? (request?.body ? await request.text() : undefined);
    return globalThis.fetch(`${origin}${target.pathname}${target.search}`, {
      method: init?.method ?? request?.method,
      headers,
      body,
      signal: init?.signal ?? request?.signal,
    });
  };

  return {
    origin,
    fetch: fetch as typeof globalThis.fetch,
    handler,
    requests,
    mediaItags: () => requests.filter((entry) => entry.itag !== undefined).map((entry) => entry.itag!),
    audioPath: async (itag, xtags = '') => (await audioFor(itag, xtags)).path,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
