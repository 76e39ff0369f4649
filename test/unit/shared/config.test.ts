import { describe, expect, it } from 'vitest';
import { defineConfig, mediaSourceFields, pickFields } from '../../../functions/shared/config.js';
import { ConfigError } from '../../../functions/shared/errors.js';

const config = () =>
  defineConfig({ ...pickFields('JOBS_TABLE', 'LINK_TTL_HOURS', 'PUBLIC_API_URL'), ...mediaSourceFields });

describe('config', () => {
  it('applies the documented defaults', () => {
    const parsed = config().load({ JOBS_TABLE: 'jobs', PUBLIC_API_URL: 'https://api.example.com' });
    expect(parsed.LINK_TTL_HOURS).toBe(168);
    expect(parsed.YOUTUBE_DRIVERS).toEqual(['youtubei', 'ytdlp']);
    expect(parsed.ALLOW_PRIVATE_SOURCES).toBe(false);
    expect(parsed.ALLOW_FILE_SOURCES).toBe(false);
  });

  it('fails naming every missing or bad variable', () => {
    const attempt = () =>
      config().load({ LINK_TTL_HOURS: 'soon', PUBLIC_API_URL: 'ftp://x', YOUTUBE_DRIVERS: 'ytdl' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/JOBS_TABLE is required/);
    expect(attempt).toThrow(/LINK_TTL_HOURS/);
    expect(attempt).toThrow(/PUBLIC_API_URL/);
    expect(attempt).toThrow(/YOUTUBE_DRIVERS/);
  });

  it('parses once and serves the cached value until reset', () => {
    const definition = config();
    const first = definition.load({ JOBS_TABLE: 'a', PUBLIC_API_URL: 'http://localhost:3000' });
    expect(definition.load({ JOBS_TABLE: 'b', PUBLIC_API_URL: 'http://localhost:3000' })).toBe(first);
    definition.reset();
    expect(definition.load({ JOBS_TABLE: 'b', PUBLIC_API_URL: 'http://localhost:3000' }).JOBS_TABLE).toBe(
      'b',
    );
  });

  it('lists the variables a function reads, for the CDK app', () => {
    expect(defineConfig(pickFields('JOBS_TABLE', 'SENDER_EMAIL')).variables).toEqual([
      'JOBS_TABLE',
      'SENDER_EMAIL',
    ]);
  });
});
