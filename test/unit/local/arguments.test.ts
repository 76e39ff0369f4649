import { describe, expect, it } from 'vitest';
import { parseStartArguments, USAGE, UsageError } from '../../../local/cli/arguments.js';

const LINK = 'https://youtu.be/dQw4w9WgXcQ';
const start = (...flags: string[]) => parseStartArguments([LINK, '--email', 'me@example.com', ...flags]);

describe('npm start audio options', () => {
  it('sends no options when none are given, so the defaults stay the API’s', () => {
    expect(start().options).toEqual({});
  });

  it('reads --quality, --start, --end and --no-cover-art into the POST /jobs fields', () => {
    expect(start('--quality', 'V2', '--start', '0:01', '--end', '3', '--no-cover-art').options).toEqual({
      quality: 'V2',
      start: 1,
      end: 3,
      coverArt: false,
    });
    expect(start('-q', 'v0', '--start', '1:02:03.5').options).toEqual({ quality: 'V0', start: 3723.5 });
  });

  it.each([
    [['--quality', '999'], /^--quality must be one of 128, 192, 256, 320, V0, V2 \(got "999"\)$/],
    [['--format', 'opus', '--quality', '320'], /^--quality is for mp3 only: opus keeps/],
    [['--start', '1:75'], /^--start must be seconds \(90\) or \[h:\]mm:ss .*\(got "1:75"\)$/],
    [['--end', 'soon'], /^--end must be seconds/],
    [['--start', '25:00:00'], /^--start must be .*at most 24 hours/],
    [['--start', '1:30', '--end', '1:00'], /^--end must be after --start$/],
    [['--end', '0'], /^--end must be after 0:00$/],
  ])('refuses %j with a usage error naming the flag', (flags, message) => {
    let error: unknown;
    try {
      start(...flags);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses --cover-art=false style values it does not define', () => {
    expect(() => start('--cover-art')).toThrow(UsageError);
  });

  it('lists every option in the usage', () => {
    for (const flag of ['--quality', '--start', '--end', '--no-cover-art', '160 kbit/s Opus', 't=']) {
      expect(USAGE).toContain(flag);
    }
  });
});
