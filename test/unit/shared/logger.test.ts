import { describe, expect, it } from 'vitest';
import { maskEmail } from '../../../functions/shared/logger.js';

describe('maskEmail', () => {
  it('keeps the first letter and the domain only', () => {
    expect(maskEmail('jane.doe+tag@example.co.uk')).toBe('j***@example.co.uk');
  });

  it('masks every address inside a longer text', () => {
    expect(maskEmail('to a@x.io and bob@mail.example.com')).toBe('to a***@x.io and b***@mail.example.com');
  });

  it('leaves text without an address alone', () => {
    expect(maskEmail('Rick Astley - Never Gonna Give You Up')).toBe('Rick Astley - Never Gonna Give You Up');
  });
});
