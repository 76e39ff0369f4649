/**
 * A job's lifecycle as its requester and an operator see it on the local stack: a corrupt source fails
 * once and for good, a job fails, is redriven and replayed, and its requester hears about it once.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startLocalStack, type AnyHandler, type LocalStack } from '../../local/index.js';
import { describeExecution } from '../../ops/execution.js';
import { redriveJob } from '../../ops/redrive.js';
import { replayJob } from '../../ops/replay.js';
import { showJob } from '../../ops/show.js';
import { formatJobReport } from '../../ops/format.js';
import { oggWithHole } from '../support/faults-media.js';
import { startMediaServer, tempDirectory, type MediaServer } from '../support/media.js';
import { executionHistory, getJob, submitJob } from '../e2e/local-stack-helpers.js';
import {
  eventually,
  NO_RETRY_WAITS,
  subjectsTo,
  taskAttempts,
  taskErrors,
} from '../reliability/fault-stack.js';

describe('a job lifecycle that tells the truth', () => {
  let stack: LocalStack;
  let media: MediaServer;
  let sfn: SFNClient;
  let documents: DynamoDBDocumentClient;
  const directory = tempDirectory();
  /** How many failure events the failed function has finished handling. */
  let failuresHandled = 0;

  const deps = () => ({
    sfn,
    documents,
    jobsTable: stack.resources.jobsTable,
    stateMachineArn: stack.stateMachineArn,
  });

  /** The execution's status; undefined while the starter has not started it yet. */
  async function executionStatus(name: string): Promise<string | undefined> {
    return (await describeExecution(deps(), name))?.status;
  }

  /** Waits until the execution has failed and the failed function has handled `count` failures in all. */
  async function failureHandled(name: string, count: number): Promise<void> {
    await eventually(async () => (await executionStatus(name)) === 'FAILED' && failuresHandled >= count);
  }

  beforeAll(async () => {
    stack = await startLocalStack({
      port: 0,
      retryIntervalOverrides: NO_RETRY_WAITS,
      onError: () => undefined,
      wrapFunction: (name, handler): AnyHandler =>
        name === 'failed'
          ? async (event, context) => {
              try {
                return await handler(event, context);
              } finally {
                failuresHandled += 1;
              }
            }
          : handler,
    });
    const { resources } = stack;
    sfn = new SFNClient({ region: resources.region, endpoint: resources.endpoints.stepFunctions });
    documents = DynamoDBDocumentClient.from(
      new DynamoDBClient({ region: resources.region, endpoint: resources.endpoints.dynamoDb }),
    );
    media = await startMediaServer();
    media.serveFile('/hole.opus', await oggWithHole(directory, 30), 'audio/ogg');
    media.route('/down.m4a', (_request, response) => void response.writeHead(500).end('down'));
  });
  afterAll(async () => {
    sfn?.destroy();
    documents?.destroy();
    await media?.close();
    await stack?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('fails a file with a hole at Extract on the first try as ExtractionFailed, and ops says to leave it', async () => {
    const email = 'hole@example.com';
    const jobId = await submitJob(stack, { url: media.url('/hole.opus'), email, format: 'mp3' });
    await failureHandled(jobId, 1);

    const events = await executionHistory(sfn, stack, jobId);
    expect(taskAttempts(events)).toEqual({ Validate: 1, Extract: 1 });
    expect(taskErrors(events)).toEqual(['ExtractionFailed']);
    const report = await showJob(deps(), jobId);
    expect(report.execution).toMatchObject({
      status: 'FAILED',
      state: 'Extract',
      lastError: { error: 'ExtractionFailed' },
    });
    expect(report.execution?.lastError?.cause).toMatch(
      /corrupt or cut short: 1\d\.\d s of 30(\.\d+)? s encoded/,
    );
    expect(formatJobReport(report)).toMatch(
      /next\s+ffmpeg could not convert the source.*Leave the job failed/,
    );
    expect(subjectsTo(stack, email)).toEqual([expect.stringMatching(/could not finish/i)]);
  });

  it('sends one apology for a job whose execution, redrive and replay all fail, and shows each run', async () => {
    const email = 'unlucky@example.com';
    const jobId = await submitJob(stack, { url: media.url('/down.m4a'), email });
    await failureHandled(jobId, 2);

    await redriveJob(deps(), jobId);
    await failureHandled(jobId, 3);

    const replay = await replayJob(deps(), jobId);
    await failureHandled(replay.name, 4);

    expect(subjectsTo(stack, email)).toEqual([expect.stringMatching(/could not finish/i)]);
    expect(await getJob(stack, jobId)).toMatchObject({
      status: 'FAILED',
      reason: expect.stringMatching(/wrong/),
    });
    const report = await showJob(deps(), jobId);
    expect(report.execution).toMatchObject({ status: 'FAILED', redriveCount: 1, state: 'Validate' });
    expect(report.replays).toEqual([
      expect.objectContaining({
        name: `${jobId}-replay-1`,
        status: 'FAILED',
        lastError: expect.objectContaining({ error: 'SourceUnreachable' }),
        hint: expect.stringMatching(new RegExp(`redrive ${jobId}-replay-1$`)),
      }),
    ]);
    expect(formatJobReport(report)).toContain(`Execution ${jobId}-replay-1`);
  });
});
