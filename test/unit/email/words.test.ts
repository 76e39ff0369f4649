import { describe, expect, it } from 'vitest';
import {
  durationAsClock,
  durationInWords,
  periodInWords,
  sizeInWords,
} from '../../../functions/shared/email/words.js';

describe('durationInWords', () => {
  it.each([
    [2700, '45 minutes'],
    [1860, '31 minutes'],
    [1801, '30 minutes 1 second'],
    [3725, '1 hour 2 minutes 5 seconds'],
    [7200, '2 hours'],
    [59.6, '1 minute'],
    [0, '0 seconds'],
  ])('says %s seconds as "%s"', (seconds, words) => {
    expect(durationInWords(seconds)).toBe(words);
  });
});

describe('durationAsClock', () => {
  it.each([
    [212, '3:32'],
    [5, '0:05'],
    [3725, '1:02:05'],
  ])('shows %s seconds as %s', (seconds, clock) => {
    expect(durationAsClock(seconds)).toBe(clock);
  });
});

describe('periodInWords', () => {
  it.each([
    [168, '7 days'],
    [24, '1 day'],
    [1, '1 hour'],
    [36, '36 hours'],
  ])('says %s hours as "%s"', (hours, words) => {
    expect(periodInWords(hours)).toBe(words);
  });
});

describe('sizeInWords', () => {
  it('uses kB under a megabyte and MB with one decimal above', () => {
    expect(sizeInWords(48_000)).toBe('48 kB');
    expect(sizeInWords(3_400_000)).toBe('3.4 MB');
  });
});
