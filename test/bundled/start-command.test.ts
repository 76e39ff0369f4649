/** `npm start -- … --bundled`, spawned as a user runs it: the deploy bundles deliver a job and reject a long one. */
import { execFile } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { generateClip, probeDuration, tempDirectory } from '../support/media.js';

const run = promisify(execFile);
const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const directory = tempDirectory('audio-sync-bundled-cli-');
afterAll(() => rmSync(directory, { recursive: true, force: true }));

async function start(args: string[]) {
  try {
    const { stdout, stderr } = await run(TSX, ['local/cli/start.ts', ...args, '--bundled'], {
      cwd: process.cwd(),
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm start --bundled', () => {
  it('exits 2 with the rejection for a 46-minute file', async () => {
    const long = join(directory, 'long.mp3');
    await run('ffmpeg', [
      ...['-loglevel', 'error', '-f', 'lavfi', '-i', 'anullsrc=r=8000:cl=mono'],
      ...['-t', String(46 * 60), '-b:a', '8k', long],
    ]);
    const result = await start([long, '--email', 'me@example.com', '--out', join(directory, 'out')]);

    expect(result.code).toBe(2);
    expect(result.stdout).toContain('Running the deploy bundles');
    expect(result.stdout).toMatch(/Rejected: The video is 46 minutes long; the limit is 30 minutes\./);
  }, 240_000);

  it('delivers a local file and saves it, as the sources do', async () => {
    const clip = await generateClip({ seconds: 2, directory, title: 'Bundled', artist: 'Build' });
    const out = join(directory, 'downloads');
    const result = await start([
      clip,
      '--email',
      'me@example.com',
      '--format',
      'm4a',
      '--out',
      out,
      '--json',
    ]);

    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { status: string; file: string };
    expect(summary).toMatchObject({ status: 'DELIVERED', file: join(out, 'Bundled - Build.m4a') });
    expect(statSync(summary.file).size).toBeGreaterThan(0);
    expect(Math.abs((await probeDuration(summary.file)) - 2)).toBeLessThanOrEqual(0.5);
  }, 240_000);
});
