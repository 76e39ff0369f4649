import { describe, expect, it } from 'vitest';
import { canCopy, encoderArgs } from '../../../functions/shared/ffmpeg/encoder-args.js';
import { classifyFailure } from '../../../functions/shared/ffmpeg/classify-failure.js';
import { StderrMonitor } from '../../../functions/shared/ffmpeg/stderr-monitor.js';
import { inputArgs, truncationTolerance } from '../../../functions/shared/ffmpeg/transcode.js';

const valueAfter = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('encoderArgs', () => {
  it('encodes mp3 with libmp3lame at 192k, first audio stream only, source tags dropped', () => {
    const args = encoderArgs({ format: 'mp3', sourceCodec: 'mp3' });
    expect(valueAfter(args, '-c:a')).toBe('libmp3lame');
    expect(valueAfter(args, '-b:a')).toBe('192k');
    expect(args).toContain('-vn');
    expect(valueAfter(args, '-map')).toBe('0:a:0');
    expect(valueAfter(args, '-map_metadata')).toBe('-1');
    expect(args.at(-1)).toBe('pipe:1');
  });

  it('copies AAC into m4a and encodes anything else to AAC, muxed as fragmented MP4', () => {
    expect(valueAfter(encoderArgs({ format: 'm4a', sourceCodec: 'aac' }), '-c:a')).toBe('copy');
    const encoded = encoderArgs({ format: 'm4a', sourceCodec: 'opus' });
    expect(valueAfter(encoded, '-c:a')).toBe('aac');
    expect(valueAfter(encoded, '-f')).toBe('mp4');
    expect(valueAfter(encoded, '-movflags')).toContain('empty_moov');
  });

  it('copies Opus into Ogg and encodes anything else with libopus', () => {
    expect(valueAfter(encoderArgs({ format: 'opus', sourceCodec: 'opus' }), '-c:a')).toBe('copy');
    const encoded = encoderArgs({ format: 'opus', sourceCodec: 'aac' });
    expect(valueAfter(encoded, '-c:a')).toBe('libopus');
    expect(valueAfter(encoded, '-f')).toBe('ogg');
  });

  it('encodes when the source codec is unknown', () => {
    expect(canCopy('m4a', undefined)).toBe(false);
    expect(canCopy('opus', 'OPUS')).toBe(true);
  });

  it('passes each tag as one argument, whatever characters the title holds', () => {
    const title = `Rock "n" Roll; rm -rf / $(whoami) 'x'`;
    const args = encoderArgs({ format: 'mp3', title, artist: 'A & B' });
    expect(args).toContain(`title=${title}`);
    expect(args).toContain('artist=A & B');
  });
});

describe('inputArgs', () => {
  it('makes ffmpeg resume http sources by range and time out, with headers', () => {
    const args = inputArgs({ type: 'url', url: 'https://cdn.example/a.m4a', headers: { Referer: 'x' } }, 10);
    expect(valueAfter(args, '-reconnect')).toBe('1');
    // Reconnecting a stream without range support would splice its start into the middle of the audio.
    expect(args).not.toContain('-reconnect_streamed');
    expect(valueAfter(args, '-rw_timeout')).toBe('10000000');
    expect(valueAfter(args, '-headers')).toBe('Referer: x\r\n');
    expect(args.slice(-2)).toEqual(['-i', 'https://cdn.example/a.m4a']);
  });

  it('reads a stream input from stdin and a local path as is, each held to its protocol and media demuxers', () => {
    const file = inputArgs({ type: 'url', url: '/tmp/a.m4a' });
    expect(file.slice(-2)).toEqual(['-i', '/tmp/a.m4a']);
    expect(valueAfter(file, '-protocol_whitelist')).toBe('file');
    const stream = inputArgs({ type: 'stream', stream: process.stdin });
    expect(stream.slice(-2)).toEqual(['-i', 'pipe:0']);
    expect(valueAfter(stream, '-protocol_whitelist')).toBe('pipe');
    expect(valueAfter(stream, '-format_whitelist')?.split(',')).not.toContain('hls');
  });

  it('reads an http source only through its egress door, with the probed demuxer forced', () => {
    const door = { url: 'http://127.0.0.1:4000', failure: undefined, close: async () => undefined };
    const args = inputArgs({ type: 'url', url: 'https://cdn.example/a.m4a', demuxer: 'mov', door });
    expect(valueAfter(args, '-http_proxy')).toBe('http://127.0.0.1:4000');
    expect(valueAfter(args, '-f')).toBe('mov');
    expect(valueAfter(args, '-protocol_whitelist')?.split(',')).not.toContain('file');
  });
});

describe('StderrMonitor', () => {
  it('reports the seconds encoded from out_time_us and keeps log lines apart from progress', () => {
    const seen: number[] = [];
    const monitor = new StderrMonitor((seconds) => seen.push(seconds));
    monitor.push('out_time_us=N/A\nprogress=continue\n[http @ 0x1] Will reconnect at 10 in 0 second(s)\n');
    monitor.push('out_time_us=1500000\nout_ti');
    monitor.push('me_us=3000000\nprogress=end\n');
    expect(seen).toEqual([1.5, 3]);
    expect(monitor.encodedSeconds).toBe(3);
    expect(monitor.tail()).toEqual(['[http @ 0x1] Will reconnect at 10 in 0 second(s)']);
  });

  it('keeps only a bounded tail of log lines', () => {
    const monitor = new StderrMonitor();
    for (let index = 0; index < 10_000; index += 1) monitor.push(`warning number ${index}\n`);
    monitor.push('x'.repeat(100_000));
    const tail = monitor.tail();
    expect(tail.length).toBeLessThanOrEqual(21);
    expect(tail.join('').length).toBeLessThan(20_000);
    expect(tail).toContain('warning number 9999');
  });
});

describe('classifyFailure', () => {
  const failed = (...stderrTail: string[]) => classifyFailure({ exitCode: 1, signal: null, stderrTail });

  it.each([
    'http://h/a: Connection refused',
    'Connection reset by peer',
    'http://h/a: Server returned 503 Service Unavailable',
    'pipe:0: End of file',
    'Connection timed out',
    'http://h/a: I/O error',
  ])('treats "%s" as an unreachable source (transient)', (line) => {
    expect(failed(line)?.name).toBe('SourceUnreachable');
  });

  it.each([
    'junk.m4a: Invalid data found when processing input',
    '[mov,mp4,m4a,3gp,3g2,mj2 @ 0x1] moov atom not found',
    'Error while decoding stream #0:0: Invalid data found when processing input',
  ])('treats "%s" as a failed extraction (permanent)', (line) => {
    expect(failed(line)?.name).toBe('ExtractionFailed');
  });

  it('reports a missing binary as ToolMissing with an install hint', () => {
    const spawnError = Object.assign(new Error('spawn ffmpeg ENOENT'), { code: 'ENOENT' });
    const error = classifyFailure({ exitCode: -2, signal: null, stderrTail: [], spawnError });
    expect(error?.name).toBe('ToolMissing');
    expect(error?.message).toMatch(/apt-get install ffmpeg/);
  });

  it('blames the source when the stream fed to stdin failed', () => {
    const error = classifyFailure({
      exitCode: null,
      signal: 'SIGKILL',
      stderrTail: [],
      sourceError: new Error('reset'),
    });
    expect(error?.name).toBe('SourceUnreachable');
  });

  it('accepts a clean exit', () => {
    expect(classifyFailure({ exitCode: 0, signal: null, stderrTail: ['some warning'] })).toBeUndefined();
  });
});

describe('truncationTolerance', () => {
  it('allows two seconds on short sources and two percent on long ones', () => {
    expect(truncationTolerance(10)).toBe(2);
    expect(truncationTolerance(1000)).toBe(20);
  });
});
