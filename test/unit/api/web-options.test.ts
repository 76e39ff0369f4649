import { describe, expect, it } from 'vitest';
import {
  describeOptions,
  formatClock,
  parseTrimPoint,
  requestOptions,
} from '../../../functions/api/web/options.js';

const FORM = { format: 'mp3', quality: '192', start: '', end: '', coverArt: true };

describe("the page's trim points", () => {
  it.each([
    ['90', 90],
    ['90.5', 90.5],
    ['1:30', 90],
    ['01:30', 90],
    ['1:30.5', 90.5],
    ['0:01', 1],
    ['1:02:03', 3723],
    [' 2:00 ', 120],
    ['0', 0],
  ])('reads %j as %d seconds', (text, seconds) => {
    expect(parseTrimPoint(text)).toBe(seconds);
  });

  it.each(['1:75', '1:60:00', '1m30s', '-5', '1:2:3:4', '1.2345', ':30', '1:', 'abc', ''])(
    'refuses %j',
    (text) => {
      expect(parseTrimPoint(text)).toBeUndefined();
    },
  );

  it('writes seconds back the way a person types them', () => {
    expect(formatClock(1)).toBe('0:01');
    expect(formatClock(90.5)).toBe('1:30.5');
    expect(formatClock(3723)).toBe('1:02:03');
  });
});

describe('the options a submission carries', () => {
  it('sends none for the defaults, so a plain request stays url, email and format', () => {
    expect(requestOptions(FORM)).toEqual({ options: {} });
  });

  it('sends each option that was set, the trim points as typed', () => {
    expect(requestOptions({ ...FORM, quality: 'V2', start: '0:01', end: ' 3 ', coverArt: false })).toEqual({
      options: { quality: 'V2', start: '0:01', end: '3', coverArt: false },
    });
  });

  it('leaves quality out for m4a and opus, which keep their own bitrate', () => {
    expect(requestOptions({ ...FORM, format: 'opus', quality: '320' })).toEqual({ options: {} });
  });

  it('names the field a bad trim point is in', () => {
    expect(requestOptions({ ...FORM, start: '1:75' }).error?.field).toBe('start');
    expect(requestOptions({ ...FORM, end: 'soon' }).error).toEqual({
      field: 'end',
      message: expect.stringMatching(/^Write the end as seconds \(90\) or minutes:seconds \(1:30/),
    });
    expect(requestOptions({ ...FORM, start: '25:00:00' }).error?.field).toBe('start');
  });

  it('refuses an end that is not after the start, on the end', () => {
    expect(requestOptions({ ...FORM, start: '1:30', end: '1:30' }).error).toEqual({
      field: 'end',
      message: 'The end must be after the start.',
    });
    expect(requestOptions({ ...FORM, end: '0' }).error?.field).toBe('end');
  });

  it('refuses a quality the API does not know', () => {
    expect(requestOptions({ ...FORM, quality: '999' }).error?.field).toBe('quality');
  });
});

describe('the options line of the job view', () => {
  it('says the format, quality, trim and cover art in words', () => {
    expect(describeOptions('mp3', { quality: 'V2', startSeconds: 1, endSeconds: 3, coverArt: false })).toBe(
      'MP3 · VBR V2 (about 190 kbit/s) · 0:01 to 0:03 · no cover art',
    );
    expect(describeOptions('mp3', { coverArt: true })).toBe('MP3 · 192 kbit/s · whole length · cover art');
    expect(describeOptions('opus', { startSeconds: 90, coverArt: true })).toBe(
      'OPUS · from 1:30 · cover art',
    );
    expect(describeOptions('m4a', { endSeconds: 30.5, coverArt: true })).toBe(
      'M4A · up to 0:30.5 · cover art',
    );
  });

  it('says the format alone for a job that answers no options', () => {
    expect(describeOptions('m4a', undefined)).toBe('M4A');
  });
});
