import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateClip, probeDuration, tempDirectory } from '../support/media.js';

const run = promisify(execFile);
const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');

async function start(args: string[]) {
  try {
    const { stdout, stderr } = await run(TSX, ['local/cli/start.ts', ...args], { cwd: process.cwd() });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm start', () => {
  it('converts a local file, saves it as "<Title> - <Author>.<ext>" and ends with a JSON summary', async () => {
    const directory = tempDirectory();
    const clip = await generateClip({ seconds: 2, directory, title: 'Night: Song?', artist: 'The Band' });
    const out = join(directory, 'downloads');
    const result = await start([
      clip,
      '--email',
      'me@example.com',
      '--format',
      'opus',
      '--out',
      out,
      '--json',
    ]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(summary).toEqual({
      jobId: expect.any(String),
      status: 'DELIVERED',
      reason: null,
      video: {
        id: expect.any(String),
        title: 'Night: Song?',
        author: 'The Band',
        durationSeconds: expect.any(Number),
      },
      format: 'opus',
      options: { coverArt: true },
      file: join(out, 'Night Song - The Band.opus'),
      bytes: statSync(join(out, 'Night Song - The Band.opus')).size,
      email: { to: 'me@example.com', subject: expect.stringContaining('Night: Song?') },
    });
    expect(Math.abs((await probeDuration(summary.file as string)) - 2)).toBeLessThanOrEqual(0.5);
    expect(result.stderr).toMatch(/Extract/);
  });

  it('exits 2 and prints the reason when the source is rejected', async () => {
    const directory = tempDirectory();
    const long = join(directory, 'long.mp3');
    await run('ffmpeg', [
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'anullsrc=r=8000:cl=mono',
      '-t',
      '2700',
      '-b:a',
      '8k',
      long,
    ]);
    const result = await start([long, '--email', 'me@example.com', '--out', join(directory, 'out')]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/Rejected: \S/);
  });

  it('exits 1 with the problem and the usage, without a stack trace, for a bad flag', async () => {
    const result = await start(['clip.m4a', '--email', 'me@example.com', '--format', 'wav']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--format must be one of mp3, m4a, opus/);
    expect(result.stderr).toMatch(/Usage: npm start/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('keeps 0:01 to 0:03 as mp3 V2 when asked with --quality, --start, --end and --no-cover-art', async () => {
    const directory = tempDirectory();
    const clip = await generateClip({ seconds: 6, directory, title: 'Trim Me', artist: 'Tester' });
    const out = join(directory, 'downloads');
    const result = await start([
      ...[clip, '--email', 'me@example.com', '--quality', 'V2', '--start', '0:01', '--end', '3'],
      ...['--no-cover-art', '--out', out, '--json'],
    ]);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { status: string; file: string };
    expect(summary.status).toBe('DELIVERED');
    expect(Math.abs((await probeDuration(summary.file)) - 2)).toBeLessThanOrEqual(0.1);
    expect(result.stderr).toMatch(/Delivered: .*\(mp3 VBR V2, 0:01–0:03, no cover art, [\d.]+ KiB\)/);
  });

  it('exits 1 naming the flag, before starting anything, for a trim point it cannot read', async () => {
    const result = await start(['clip.m4a', '--email', 'me@example.com', '--start', '1:75']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^--start must be seconds \(90\) or \[h:\]mm:ss/);
    expect(result.stderr).toMatch(/Usage: npm start/);
  });

  it('exits 1 when the email is missing', async () => {
    const result = await start(['https://example.com/a.mp3']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--email is required/);
  });
});
