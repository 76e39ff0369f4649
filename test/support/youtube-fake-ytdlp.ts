/** A fake yt-dlp executable for offline tests: prints `-J` JSON or stderr, streams bytes, exits with a set code. */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDirectory } from './media.js';

export interface FakeRun {
  stdout?: string;
  stderr?: string;
  code?: number;
  /** For audio: bytes written to stdout before stderr and the exit. */
  bytes?: number;
}

export interface FakeYtdlpScenario {
  /** What `--version` prints; builds before 2025.11 reject `--js-runtimes`, as the real ones do. */
  version?: string;
  probe?: FakeRun;
  audio?: FakeRun;
}

export interface FakeYtdlp {
  path: string;
  /** The argument lists of every run, in order. */
  calls(): string[][];
}

const SCRIPT = `
const { appendFileSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const dir = __dirname;
const args = process.argv.slice(2);
appendFileSync(join(dir, 'calls.jsonl'), JSON.stringify(args) + '\\n');
const scenario = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8'));
const version = scenario.version || '2026.08.19';
if (args.includes('--version')) { process.stdout.write(version + '\\n'); process.exit(0); }
const [year, month] = version.split('.').map(Number);
if (args.includes('--js-runtimes') && !(year > 2025 || (year === 2025 && month >= 11))) {
  process.stderr.write('yt-dlp: error: no such option: --js-runtimes\\n'); process.exit(2);
}
const run = (args.includes('-J') ? scenario.probe : scenario.audio) || {};
if (run.stdout) process.stdout.write(run.stdout);
const finish = () => { if (run.stderr) process.stderr.write(run.stderr); process.exitCode = run.code || 0; };
if (run.bytes) process.stdout.write(Buffer.alloc(run.bytes, 65), finish); else finish();
`;

export function fakeYtdlp(scenario: FakeYtdlpScenario): FakeYtdlp {
  const directory = tempDirectory('fake-ytdlp-');
  const path = join(directory, 'yt-dlp');
  writeFileSync(path, `#!${process.execPath}\n${SCRIPT}`);
  chmodSync(path, 0o755);
  writeFileSync(join(directory, 'scenario.json'), JSON.stringify(scenario));
  return {
    path,
    calls: () => {
      const file = join(directory, 'calls.jsonl');
      if (!existsSync(file)) return [];
      return readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as string[]);
    },
  };
}

/** `yt-dlp -J` output with the fields the driver reads; real output has hundreds more. */
export function ytdlpVideoJson(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: 'dQw4w9WgXcQ',
    title: 'Never Gonna Give You Up',
    uploader: 'Rick Astley',
    channel: 'Rick Astley',
    duration: 212,
    is_live: false,
    live_status: 'not_live',
    thumbnail: 'https://i.ytimg.com/vi/dQw4w9WgXcQ/maxresdefault.jpg',
    formats: [
      { format_id: '139', acodec: 'mp4a.40.5', vcodec: 'none', abr: 48 },
      { format_id: '251', acodec: 'opus', vcodec: 'none', abr: 135 },
      { format_id: '140', acodec: 'mp4a.40.2', vcodec: 'none', abr: 129 },
      { format_id: '18', acodec: 'mp4a.40.2', vcodec: 'avc1.42001E', tbr: 500 },
    ],
    ...overrides,
  });
}
