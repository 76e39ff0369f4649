import { describe, expect, it, vi } from 'vitest';
import { resolveSecretReferences } from '../../../functions/shared/config.js';
import { ConfigError } from '../../../functions/shared/errors.js';
import { withSecretReferences } from '../../../functions/shared/secrets.js';

const COOKIES_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:youtube-cookies-AbCdEf';

describe('secret references', () => {
  it('puts the secret value under the variable the reference stands for', async () => {
    const env: NodeJS.ProcessEnv = { YOUTUBE_COOKIES_SECRET_ARN: COOKIES_ARN };
    const reader = vi.fn(async () => 'SID=abc; HSID=def');

    await resolveSecretReferences(['YOUTUBE_COOKIES', 'SOURCE_PROXY_URL'], reader, env);

    expect(env.YOUTUBE_COOKIES).toBe('SID=abc; HSID=def');
    expect(env.SOURCE_PROXY_URL).toBeUndefined();
    expect(reader).toHaveBeenCalledExactlyOnceWith(COOKIES_ARN);
  });

  it('ignores references to variables the function does not read', async () => {
    const env: NodeJS.ProcessEnv = { YOUTUBE_COOKIES_SECRET_ARN: COOKIES_ARN };
    const reader = vi.fn(async () => 'value');
    await resolveSecretReferences(['JOBS_TABLE'], reader, env);
    expect(reader).not.toHaveBeenCalled();
    expect(env.YOUTUBE_COOKIES).toBeUndefined();
  });

  it('fails naming the reference when the secret is empty', async () => {
    const env: NodeJS.ProcessEnv = { YOUTUBE_COOKIES_SECRET_ARN: COOKIES_ARN };
    const attempt = resolveSecretReferences(['YOUTUBE_COOKIES'], async () => undefined, env);
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(resolveSecretReferences(['YOUTUBE_COOKIES'], async () => undefined, env)).rejects.toThrow(
      /YOUTUBE_COOKIES_SECRET_ARN/,
    );
  });

  it('resolves once across invocations, and again after a failed first try', async () => {
    const reader = vi
      .fn<(arn: string) => Promise<string | undefined>>()
      .mockRejectedValueOnce(new Error('throttled'))
      .mockResolvedValue('cookie');
    const handler = vi.fn(async (event: string) => `handled ${event}`);
    // Only references present in process.env are read: this test names a variable nothing else uses.
    process.env.AUDIO_SYNC_TEST_ONLY_SECRET_ARN = COOKIES_ARN;
    try {
      const wrapped = withSecretReferences(['AUDIO_SYNC_TEST_ONLY'], handler, reader);
      await expect(wrapped('first', {})).rejects.toThrow('throttled');
      expect(handler).not.toHaveBeenCalled();
      await expect(wrapped('second', {})).resolves.toBe('handled second');
      await expect(wrapped('third', {})).resolves.toBe('handled third');
      expect(reader).toHaveBeenCalledTimes(2);
      expect(process.env.AUDIO_SYNC_TEST_ONLY).toBe('cookie');
    } finally {
      delete process.env.AUDIO_SYNC_TEST_ONLY_SECRET_ARN;
      delete process.env.AUDIO_SYNC_TEST_ONLY;
    }
  });
});
