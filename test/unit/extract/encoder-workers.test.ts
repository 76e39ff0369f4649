import { describe, expect, it } from 'vitest';
import { extractConfig } from '../../../functions/extract/config.js';
import { encoderWorkers } from '../../../functions/extract/encoder-workers.js';

describe('encoderWorkers', () => {
  it('runs one encoder on 2,048 MB, though Node sees two cores (Lambda gives about 1.16 vCPU)', () => {
    expect(encoderWorkers(2, 2048)).toBe(1);
  });

  it('runs one encoder per whole vCPU the memory buys', () => {
    expect(encoderWorkers(6, 3538)).toBe(2);
    expect(encoderWorkers(6, 10240)).toBe(5);
  });

  it('never runs more encoders than the cores Node sees', () => {
    expect(encoderWorkers(2, 10240)).toBe(2);
  });

  it('runs at least one encoder on the smallest memory', () => {
    expect(encoderWorkers(2, 128)).toBe(1);
  });

  it('uses every core off Lambda, where no memory size is set', () => {
    expect(encoderWorkers(8, undefined)).toBe(8);
  });
});

describe('extract config', () => {
  const base = {
    JOBS_TABLE: 'jobs',
    MEDIA_TABLE: 'media',
    MEDIA_BUCKET: 'bucket',
    IDEMPOTENCY_TABLE: 'idempotency',
  };

  it('reads the memory size Lambda sets as a number', () => {
    const parsed = extractConfig.schema.parse({ ...base, AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '2048' });
    expect(parsed.AWS_LAMBDA_FUNCTION_MEMORY_SIZE).toBe(2048);
  });

  it('refuses a memory size that is not a positive whole number, naming it', () => {
    const result = extractConfig.schema.safeParse({ ...base, AWS_LAMBDA_FUNCTION_MEMORY_SIZE: 'lots' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['AWS_LAMBDA_FUNCTION_MEMORY_SIZE']);
  });
});
