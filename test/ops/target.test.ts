import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { writeStackFile, type LocalStackResources } from '../../local/stack-file.js';
import { opsConfig } from '../../ops/config.js';
import { NoTarget, UsageError } from '../../ops/errors.js';
import { parseSince, parseStatus } from '../../ops/jobs.js';
import { resolveTarget } from '../../ops/target.js';
import { tempDirectory } from '../support/media.js';

const RESOURCES: LocalStackResources = {
  region: 'us-east-1',
  apiUrl: 'http://127.0.0.1:3000',
  sesUrl: 'http://127.0.0.1:3001',
  endpoints: {
    dynamoDb: 'http://127.0.0.1:3002',
    s3: 'http://127.0.0.1:3003',
    sqs: 'http://127.0.0.1:3003',
    stepFunctions: 'http://127.0.0.1:3004',
    ses: 'http://127.0.0.1:3001',
  },
  jobsTable: 'local-jobs',
  mediaTable: 'local-media',
  idempotencyTable: 'local-idempotency',
  bucket: 'local-bucket',
  queueUrl: 'http://127.0.0.1:3003/000000000000/jobs.fifo',
  deadLetterQueueUrl: 'http://127.0.0.1:3003/000000000000/jobs-dlq.fifo',
  stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:AudioSync',
};

const AWS_OUTPUTS = {
  JOBS_TABLE: 'AudioSync-JobsTable',
  STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:123456789012:stateMachine:AudioSync',
  JOBS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs.fifo',
  JOBS_DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs-dlq.fifo',
};

function stackFile(pid: number): string {
  const path = join(tempDirectory(), 'stack.json');
  writeStackFile(path, RESOURCES, pid);
  return path;
}

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('target selection', () => {
  // The configuration is parsed once per process; each case brings its own environment.
  beforeEach(() => opsConfig.reset());

  it('uses a running local stack by default, pointing the SDK at its emulators offline', () => {
    const target = resolveTarget({ stackFile: stackFile(process.pid) }, AWS_OUTPUTS);
    expect(target).toEqual({
      kind: 'local',
      jobsTable: 'local-jobs',
      stateMachineArn: RESOURCES.stateMachineArn,
      queueUrl: RESOURCES.queueUrl,
      deadLetterQueueUrl: RESOURCES.deadLetterQueueUrl,
    });
    expect(process.env.AWS_ENDPOINT_URL_SFN).toBe(RESOURCES.endpoints.stepFunctions);
    expect(process.env.AWS_ENDPOINT_URL_DYNAMODB).toBe(RESOURCES.endpoints.dynamoDb);
    expect(process.env.AWS_EC2_METADATA_DISABLED).toBe('true');
  });

  it('uses the stack outputs when the stack file was left by a stack that is no longer running', () => {
    const target = resolveTarget({ stackFile: stackFile(deadPid()) }, AWS_OUTPUTS);
    expect(target).toMatchObject({ kind: 'aws', jobsTable: 'AudioSync-JobsTable' });
  });

  it('uses the stack outputs with --aws even when a local stack runs', () => {
    const target = resolveTarget({ aws: true, stackFile: stackFile(process.pid) }, AWS_OUTPUTS);
    expect(target).toMatchObject({ kind: 'aws', deadLetterQueueUrl: AWS_OUTPUTS.JOBS_DLQ_URL });
  });

  it('refuses --local when the stack in the file is not running', () => {
    expect(() => resolveTarget({ local: true, stackFile: stackFile(deadPid()) }, AWS_OUTPUTS)).toThrow(
      /is not running/,
    );
  });

  it('names every missing output when there is no local stack either', () => {
    const missing = join(tempDirectory(), 'none.json');
    expect(() => resolveTarget({ stackFile: missing }, { JOBS_TABLE: 'jobs' })).toThrow(NoTarget);
    expect(() => resolveTarget({ stackFile: missing }, { JOBS_TABLE: 'jobs' })).toThrow(
      /STATE_MACHINE_ARN is required; JOBS_QUEUE_URL is required; JOBS_DLQ_URL is required/,
    );
  });
});

describe('jobs filters', () => {
  const now = new Date('2030-05-01T12:00:00.000Z');

  it.each([
    ['30m', '2030-05-01T11:30:00.000Z'],
    ['1h', '2030-05-01T11:00:00.000Z'],
    ['2d', '2030-04-29T12:00:00.000Z'],
    ['2030-04-30', '2030-04-30T00:00:00.000Z'],
    ['2030-04-30T08:15:00Z', '2030-04-30T08:15:00.000Z'],
  ])('reads --since %s as %s', (text, expected) => {
    expect(parseSince(text, now).toISOString()).toBe(expected);
  });

  it.each(['yesterday', '1w', '-1h', '2030-13-45'])('refuses --since %s', (text) => {
    expect(() => parseSince(text, now)).toThrow(UsageError);
  });

  it('reads a status in any case and refuses one that does not exist', () => {
    expect(parseStatus('failed')).toBe('FAILED');
    expect(() => parseStatus('LOST')).toThrow(/--status must be one of QUEUED, VALIDATING/);
  });
});
