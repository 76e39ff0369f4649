/**
 * A YouTube thumbnail reaches the cover art through SOURCE_PROXY_URL over TLS, as on a deployment whose
 * egress goes through a proxy: the loopback TLS-terminating proxy serves the fake's i.ytimg.com.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeYoutube, type FakeYoutube } from '../support/youtube-fake.js';
import { CASES } from '../support/youtube-recorded.js';
import { startTlsProxy, type TlsProxy } from '../support/youtube-tls-proxy.js';

const run = promisify(execFile);
const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
let youtube: FakeYoutube;
let proxy: TlsProxy;
beforeAll(async () => {
  youtube = await startFakeYoutube();
  proxy = await startTlsProxy(youtube.handler);
});
afterAll(async () => {
  await proxy.close();
  await youtube.close();
});

const coverThroughProxy = async (url: string) => {
  const { stdout } = await run(TSX, ['test/support/cover-art-child.ts', url, proxy.url], {
    cwd: process.cwd(),
    env: { ...process.env, NODE_EXTRA_CA_CERTS: proxy.caFile },
  });
  return JSON.parse(stdout.trim()) as { width: number; height: number } | null;
};

describe('cover art from a YouTube thumbnail, through the source proxy', () => {
  it('fetches i.ytimg.com through a TLS tunnel of the proxy and cuts a 720×720 cover', async () => {
    const url = `https://i.ytimg.com/vi/${CASES.cclicensed}/hq720.jpg?sqp=-oaymwEmCIAKENAF&rs=AOn4CL`;
    await expect(coverThroughProxy(url)).resolves.toEqual({ width: 720, height: 720 });
    expect(proxy.connects).toContain('i.ytimg.com:443');
    expect(youtube.requests.filter((request) => request.host === 'i.ytimg.com')).toHaveLength(1);
  });

  it('gets no cover when the proxy refuses the host, and the job would go on without one', async () => {
    await expect(coverThroughProxy('https://example.com/thumbnail.jpg')).resolves.toBeNull();
    expect(proxy.connects).toContain('example.com:443');
  });
});
