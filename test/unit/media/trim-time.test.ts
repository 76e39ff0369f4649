import { describe, expect, it } from 'vitest';
import { parseClockTime } from '../../../functions/shared/media/trim-time.js';

describe('parseClockTime', () => {
  it.each([
    ['90', 90],
    ['12.5', 12.5],
    ['0:05', 5],
    ['1:30', 90],
    ['01:30.25', 90.25],
    ['1:02:03', 3723],
    ['10:00:00', 36000],
    [' 2:00 ', 120],
  ])('reads %s as %d s', (text, seconds) => {
    expect(parseClockTime(text)).toBe(seconds);
  });

  it.each(['', 'abc', '1:75', '1:60:00', '-5', '1::30', '1:2:3:4', '1.2.3', '1e3', '0x10', '5.1234'])(
    'refuses %j',
    (text) => {
      expect(parseClockTime(text)).toBeUndefined();
    },
  );
});
