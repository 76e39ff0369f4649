/**
 * `npm run serve` keeps DynamoDB in its persist directory across restarts, but not S3: a second request
 * for a video and format converted before the restart must be extracted again, not answered from the
 * stale idempotency record (which used to fail at Notify with "No opus rendition is recorded").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClip, startMediaServer, tempDirectory, type MediaServer } from '../support/media.js';

/** Real processes: the handlers' SDK clients are per process, as a restart of `npm run serve` is. */
const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');

interface Served {
  child: ChildProcess;
  apiUrl: string;
  sesUrl: string;
}

/** Starts `npm run serve` on free ports and waits for the URLs it prints. */
function serve(persistDir: string): Promise<Served> {
  const child = spawn(TSX, ['local/cli/serve.ts', '--port', '0', '--persist-dir', persistDir], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const api = /HTTP API\s+(\S+)/.exec(stdout);
      const ses = /Emails\s+(\S+)/.exec(stdout);
      if (api && ses) resolve({ child, apiUrl: api[1]!, sesUrl: ses[1]! });
    });
    child.once('exit', (code) => reject(new Error(`npm run serve exited with ${code}: ${stdout}`)));
  });
}

function stop(served: Served | undefined): Promise<void> {
  if (!served || served.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    served.child.once('exit', () => resolve());
    served.child.kill('SIGTERM');
  });
}

async function deliver(served: Served, url: string, email: string): Promise<string> {
  const response = await fetch(`${served.apiUrl}/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url, email, format: 'opus' }),
  });
  expect(response.status).toBe(202);
  const { jobId } = (await response.json()) as { jobId: string };
  for (;;) {
    const job = (await (await fetch(`${served.apiUrl}/jobs/${jobId}`)).json()) as { status: string };
    if (['DELIVERED', 'REJECTED', 'FAILED'].includes(job.status)) return job.status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The download link emailed to `to`, read from the SES emulator's store as a mail viewer would. */
async function emailedLink(served: Served, to: string): Promise<string> {
  for (;;) {
    const { emails } = (await (await fetch(`${served.sesUrl}/store`)).json()) as {
      emails: { destination: { to: string[] }; body: { text?: string } }[];
    };
    const text = emails.find((email) => email.destination.to.includes(to))?.body.text;
    const link = text && /https?:\/\/\S+\/download\/[A-Za-z0-9._-]+/.exec(text)?.[0];
    if (link) return link;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('npm run serve, restarted', () => {
  const directory = tempDirectory();
  const persistDir = join(directory, '.audio-sync');
  let media: MediaServer;
  let served: Served | undefined;

  beforeAll(async () => {
    media = await startMediaServer();
    media.serveFile('/talk.m4a', await generateClip({ seconds: 3, directory, title: 'Twice' }), 'audio/mp4');
  });
  afterAll(async () => {
    await stop(served);
    await media?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('delivers a video converted before the restart again, with a link that downloads it', async () => {
    served = await serve(persistDir);
    expect(await deliver(served, media.url('/talk.m4a'), 'before@example.com')).toBe('DELIVERED');
    await stop(served);

    // The records of the first extraction survive the restart; its object does not.
    served = await serve(persistDir);
    expect(await deliver(served, media.url('/talk.m4a'), 'after@example.com')).toBe('DELIVERED');
    const download = await fetch(await emailedLink(served, 'after@example.com'));
    expect(download.status).toBe(200);
    expect((await download.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    // Two cold starts of the whole stack under tsx, on two shared cores.
  }, 240_000);
});
