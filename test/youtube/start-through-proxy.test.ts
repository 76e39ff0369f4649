/**
 * `npm start -- https://www.youtube.com/watch?v=M4gD1WSo5mA` on the local stack delivers the file,
 * with every YouTube request going through SOURCE_PROXY_URL: a loopback TLS-terminating proxy whose
 * CA the process trusts through NODE_EXTRA_CA_CERTS, serving the recorded InnerTube answers.
 */
import { execFile } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeAudioCodec, probeDuration, tempDirectory } from '../support/media.js';
import { probeMedia } from '../support/probe-media.js';
import { startFakeYoutube, type FakeYoutube } from '../support/youtube-fake.js';
import { CASES } from '../support/youtube-recorded.js';
import { startTlsProxy, type TlsProxy } from '../support/youtube-tls-proxy.js';

const run = promisify(execFile);
const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const directory = tempDirectory('youtube-start-');
let youtube: FakeYoutube;
let proxy: TlsProxy;
beforeAll(async () => {
  youtube = await startFakeYoutube();
  proxy = await startTlsProxy(youtube.handler);
});
afterAll(async () => {
  await proxy.close();
  await youtube.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('npm start with a YouTube link, through the source proxy', () => {
  it('delivers the m4a of the recorded public video, its AAC copied from googlevideo, with the thumbnail as its cover', async () => {
    const out = join(directory, 'downloads');
    const { stdout } = await run(
      TSX,
      [
        'local/cli/start.ts',
        `https://www.youtube.com/watch?v=${CASES.cclicensed}`,
        '--email',
        'me@example.com',
        '--format',
        'm4a',
        '--out',
        out,
        '--json',
      ],
      {
        cwd: process.cwd(),
        env: {
          ...process.env,
          SOURCE_PROXY_URL: proxy.url,
          NODE_EXTRA_CA_CERTS: proxy.caFile,
          YOUTUBE_DRIVERS: 'youtubei',
          YOUTUBE_CLIENTS: 'VISIONOS,TV',
          TMPDIR: directory,
        },
      },
    );
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      status: string;
      file: string;
      bytes: number;
    };
    expect(summary).toMatchObject({
      status: 'DELIVERED',
      video: { id: CASES.cclicensed, durationSeconds: 4 },
    });
    expect(summary.file).toMatch(/CopyrightX.*\.m4a$/);
    expect(statSync(summary.file).size).toBe(summary.bytes);
    expect(await probeAudioCodec(summary.file)).toBe('aac');
    expect(Math.abs((await probeDuration(summary.file)) - 4)).toBeLessThan(0.5);
    // The cover is the video's largest thumbnail (1280×720 hq720), fetched through the proxy and cut square.
    const cover = (await probeMedia(summary.file)).streams.find((stream) => stream.disposition?.attached_pic);
    expect(cover).toMatchObject({ codec_name: 'mjpeg', width: 720, height: 720 });
    expect(proxy.connects).toContain('i.ytimg.com:443');

    // Every request reached the fake through the proxy's TLS tunnels: InnerTube, then googlevideo.
    expect(
      proxy.connects.some((target) => /^(www\.youtube\.com|youtubei\.googleapis\.com):443$/.test(target)),
    ).toBe(true);
    expect(proxy.connects.some((target) => /\.googlevideo\.com:443$/.test(target))).toBe(true);
    expect(youtube.requests.filter((request) => request.client).map((request) => request.client)).toEqual([
      'VISIONOS',
      'VISIONOS',
    ]);
    expect(youtube.mediaItags()).toEqual([140]);
  }, 240_000);
});
