import { describe, expect, it } from 'vitest';
import { parseClockTime } from '../../../functions/shared/media/trim-time.js';
import { parseTrimPoint } from '../../../functions/api/web/options.js';

// The page checks trim points before sending them; a rule of its own would refuse what the API takes.
const TEXTS = [
  ...['0', '90', '90.5', '90.125', '90.1234', '007', '1:30', '01:30', '1:30.5', '90:00', '100:00'],
  ...['1:02:03', '1:02:03.5', '25:00:00', '1:60:00', '1:75', '1:7', '0:00', ' 1:30 ', '1:2:3:4'],
  ...['', ' ', ':30', '1:', '1m30s', '-5', '+5', '1e3', '0x10', '١:٣٠', 'Infinity', '1,5', '1:30:'],
];

describe('the page and the API read a trim point alike', () => {
  it.each(TEXTS)('%j', (text) => {
    expect(parseTrimPoint(text)).toBe(parseClockTime(text));
  });
});
