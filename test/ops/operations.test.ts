import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { JobsTable } from '../../functions/shared/tables/jobs.js';
import type { LocalStack } from '../../local/index.js';
import {
  deleteDeadLetters,
  listDeadLetters,
  redriveDeadLetters,
  FIFO_DEDUP_WINDOW_MS,
} from '../../ops/dlq.js';
import { NotFound, OperationRefused } from '../../ops/errors.js';
import { listJobs } from '../../ops/jobs.js';
import { redriveJob } from '../../ops/redrive.js';
import { replayJob } from '../../ops/replay.js';
import { showJob } from '../../ops/show.js';
import { writeStackFile } from '../../local/stack-file.js';
import { runCli } from '../../ops/cli.js';
import { generateClip, startMediaServer, tempDirectory, type MediaServer } from '../support/media.js';
import { startTestStack, submitJob, waitForJob } from '../e2e/local-stack-helpers.js';

const REQUESTER = 'operator.test@example.com';

describe('operating the local stack', () => {
  let stack: LocalStack;
  let media: MediaServer;
  let clip: string;
  let deps: {
    documents: DynamoDBDocumentClient;
    sfn: SFNClient;
    sqs: SQSClient;
    jobsTable: string;
    stateMachineArn: string;
    queueUrl: string;
    deadLetterQueueUrl: string;
  };
  let jobId: string;

  const readyEmails = () =>
    stack.emails().filter((email) => email.to === REQUESTER && /ready/i.test(email.subject));

  async function waitForExecution(name: string): Promise<string> {
    const executionArn = `${stack.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    for (;;) {
      const { status } = await deps.sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (status !== 'RUNNING') return status!;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    stack = await startTestStack();
    const { resources } = stack;
    const clientConfig = { region: resources.region };
    deps = {
      documents: DynamoDBDocumentClient.from(
        new DynamoDBClient({ ...clientConfig, endpoint: resources.endpoints.dynamoDb }),
      ),
      sfn: new SFNClient({ ...clientConfig, endpoint: resources.endpoints.stepFunctions }),
      sqs: new SQSClient({ ...clientConfig, endpoint: resources.endpoints.sqs }),
      jobsTable: resources.jobsTable,
      stateMachineArn: resources.stateMachineArn,
      queueUrl: resources.queueUrl,
      deadLetterQueueUrl: resources.deadLetterQueueUrl,
    };
    media = await startMediaServer();
    clip = await generateClip({ seconds: 3, codec: 'aac', directory: tempDirectory(), title: 'Ops' });
    media.route('/source.m4a', (_request, response) => void response.writeHead(500).end('down'));
  });
  afterAll(async () => {
    deps?.documents.destroy();
    deps?.sfn.destroy();
    deps?.sqs.destroy();
    await media?.close();
    await stack?.stop();
  });

  it('shows a job whose source answers 500 as FAILED at Validate with SourceUnreachable', async () => {
    jobId = await submitJob(stack, { url: media.url('/source.m4a'), email: REQUESTER });
    await waitForJob(stack, jobId, ['FAILED']);
    const report = await showJob(deps, jobId);
    expect(report.job?.status).toBe('FAILED');
    expect(report.execution).toMatchObject({
      status: 'FAILED',
      state: 'Validate',
      redriveStatus: 'REDRIVABLE',
      lastError: { error: 'SourceUnreachable' },
    });
    expect(report.execution?.lastError?.cause).toMatch(/HTTP 500/);
    // A passing fault of the source: the advice is to redrive, by the execution's name.
    expect(report.execution?.hint).toMatch(
      new RegExp(`SourceUnreachable is a passing fault.*npm run ops -- redrive ${jobId}$`),
    );
    expect(JSON.stringify(report)).not.toContain(REQUESTER);
    expect(report.job?.email).toBe('o***@example.com');
  });

  it('lists the failed job under --status FAILED, without the email', async () => {
    const failed = await listJobs(deps, { status: 'FAILED' });
    expect(failed.map((job) => job.jobId)).toEqual([jobId]);
    expect(failed[0]).toMatchObject({ status: 'FAILED', format: 'mp3' });
    expect(failed[0]!.reason).toMatch(/went wrong/);
    expect(JSON.stringify(failed)).not.toContain('@');
    expect(await listJobs(deps, { status: 'DELIVERED' })).toEqual([]);
    expect(await listJobs(deps, { since: new Date(Date.now() + 60_000) })).toEqual([]);
  });

  it('redrives the execution from Validate once the source is fixed, and it delivers', async () => {
    media.serveFile('/source.m4a', clip, 'audio/mp4');
    const result = await redriveJob(deps, jobId);
    expect(result).toMatchObject({ jobId, fromState: 'Validate' });
    await waitForJob(stack, jobId, ['DELIVERED']);
    expect(await waitForExecution(jobId)).toBe('SUCCEEDED');
    expect(readyEmails()).toHaveLength(1);
    const report = await showJob(deps, jobId);
    expect(report.execution).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
    // Delivered after the redrive: the first run's failure is history, not the job's state.
    expect(report.execution).not.toHaveProperty('lastError');
    expect(report.execution).not.toHaveProperty('hint');
    expect(report.job).not.toHaveProperty('reason');
    expect(report.job).not.toHaveProperty('error');
    const api = (await (await fetch(`${stack.apiUrl}/jobs/${jobId}`)).json()) as Record<string, unknown>;
    expect(api).toMatchObject({ status: 'DELIVERED' });
    expect(api).not.toHaveProperty('reason');
    const [listed] = await listJobs(deps, { status: 'DELIVERED' });
    expect(listed).toMatchObject({ jobId, status: 'DELIVERED' });
    expect(listed).not.toHaveProperty('reason');
  });

  it('refuses to redrive a succeeded execution and points at replay', async () => {
    await expect(redriveJob(deps, jobId)).rejects.toThrow(OperationRefused);
    await expect(redriveJob(deps, jobId)).rejects.toThrow(/replay/);
  });

  it('replays a delivered job as <jobId>-replay-<n> with the same input, and sends no second email', async () => {
    const first = await replayJob(deps, jobId);
    expect(first).toMatchObject({
      name: `${jobId}-replay-1`,
      jobStatus: 'DELIVERED',
      emailAlreadySent: true,
    });
    expect(await waitForExecution(first.name)).toBe('SUCCEEDED');
    const second = await replayJob(deps, jobId);
    expect(second.name).toBe(`${jobId}-replay-2`);
    expect(await waitForExecution(second.name)).toBe('SUCCEEDED');
    const replayed = await deps.sfn.send(new DescribeExecutionCommand({ executionArn: second.executionArn }));
    const original = await showJob(deps, jobId);
    expect(JSON.parse(replayed.input!)).toEqual(JSON.parse(original.execution!.input!));
    expect(readyEmails()).toHaveLength(1);
    // `show` lists the replays beside the original execution, oldest first.
    expect(original.replays?.map((replay) => [replay.name, replay.status])).toEqual([
      [`${jobId}-replay-1`, 'SUCCEEDED'],
      [`${jobId}-replay-2`, 'SUCCEEDED'],
    ]);
  });

  it('answers NotFound for a job that has neither an item nor an execution', async () => {
    await expect(showJob(deps, 'no-such-job')).rejects.toThrow(NotFound);
    await expect(redriveJob(deps, 'no-such-job')).rejects.toThrow(NotFound);
    await expect(replayJob(deps, 'no-such-job')).rejects.toThrow(NotFound);
  });

  describe('the dead-letter queue', () => {
    const dlqJobId = 'ops-dlq-job-1';

    beforeAll(async () => {
      // A job whose message ran out of receives: the item exists, its message sits in the DLQ.
      await new JobsTable(deps.jobsTable, deps.documents).create({
        job_id: dlqJobId,
        source_url: media.url('/source.m4a'),
        email: REQUESTER,
        format: 'opus',
      });
      const send = (body: string, id: string) =>
        deps.sqs.send(
          new SendMessageCommand({
            QueueUrl: deps.deadLetterQueueUrl,
            MessageBody: body,
            MessageGroupId: id,
            MessageDeduplicationId: id,
          }),
        );
      await send(
        JSON.stringify({ jobId: dlqJobId, url: media.url('/source.m4a'), format: 'opus' }),
        dlqJobId,
      );
      await send('{"not":"a job"', 'malformed-1');
    });

    it('lists the messages without consuming them', async () => {
      const first = await listDeadLetters(deps);
      expect(first.map((letter) => letter.jobId ?? letter.body).sort()).toEqual(
        [dlqJobId, '{"not":"a job"'].sort(),
      );
      expect(first.find((letter) => letter.jobId)).toMatchObject({
        groupId: dlqJobId,
        deduplicationId: dlqJobId,
      });
      const again = await listDeadLetters(deps);
      expect(again.map((letter) => letter.messageId).sort()).toEqual(first.map((l) => l.messageId).sort());
    });

    it('holds messages sent within the FIFO deduplication window in the DLQ', async () => {
      const result = await redriveDeadLetters(deps);
      expect(result.moved).toEqual([]);
      expect(result.held.map((held) => held.message.jobId)).toEqual([dlqJobId]);
      expect(result.skipped).toHaveLength(1);
      expect(await listDeadLetters(deps)).toHaveLength(2);
    });

    it('moves the job messages back to the jobs queue, where the job is started and delivered', async () => {
      const later = new Date(Date.now() + FIFO_DEDUP_WINDOW_MS + 60_000);
      const result = await redriveDeadLetters({ ...deps, now: () => later });
      expect(result.held).toEqual([]);
      expect(result.moved.map((letter) => letter.jobId)).toEqual([dlqJobId]);
      // The malformed body would only fail the starter again: it stays for `dlq delete`.
      expect(result.skipped.map((letter) => letter.body)).toEqual(['{"not":"a job"']);
      expect((await listDeadLetters(deps)).map((letter) => letter.body)).toEqual(['{"not":"a job"']);
      await waitForJob(stack, dlqJobId, ['DELIVERED']);
      expect(await waitForExecution(dlqJobId)).toBe('SUCCEEDED');
    });

    it('deletes a "(not a job)" message by its id, and answers NotFound for an id it does not hold', async () => {
      const [malformed] = await listDeadLetters(deps);
      const result = await deleteDeadLetters(deps, [malformed!.messageId, 'no-such-message']);
      expect(result.deleted.map((letter) => letter.messageId)).toEqual([malformed!.messageId]);
      expect(result.missing).toEqual(['no-such-message']);
      expect(await listDeadLetters(deps)).toEqual([]);
    });
  });

  describe('the command line', () => {
    let stackFile: string;

    async function ops(...argv: string[]) {
      let stdout = '';
      let stderr = '';
      const code = await runCli([...argv, '--stack-file', stackFile], {
        stdout: (text) => void (stdout += text),
        stderr: (text) => void (stderr += text),
      });
      return { code, stdout, stderr };
    }

    beforeAll(() => {
      stackFile = join(tempDirectory(), 'stack.json');
      writeStackFile(stackFile, stack.resources);
    });

    it('finds the running stack through its stack file and prints one JSON document for scripts', async () => {
      const { code, stdout } = await ops('jobs', '--status', 'delivered', '--json');
      expect(code).toBe(0);
      const { jobs, total } = JSON.parse(stdout) as { jobs: { jobId: string }[]; total: number };
      expect(jobs.map((job) => job.jobId).sort()).toEqual([jobId, 'ops-dlq-job-1'].sort());
      expect(total).toBe(2);
      expect(stdout).not.toContain('@');
    });

    it('shows a job for a person: status, execution, masked requester', async () => {
      const { code, stdout } = await ops('show', jobId);
      expect(code).toBe(0);
      expect(stdout).toMatch(/status\s+DELIVERED/);
      expect(stdout).toMatch(/status\s+SUCCEEDED \(redriven 1×\)/);
      expect(stdout).toContain('o***@example.com');
      expect(stdout).not.toContain(REQUESTER);
    });

    it('exits 2 for a job that does not exist, with the error as JSON', async () => {
      const { code, stdout } = await ops('show', 'no-such-job', '--json');
      expect(code).toBe(2);
      expect(JSON.parse(stdout)).toMatchObject({ error: { name: 'NotFound' } });
    });

    it('exits 1 when the operation is refused, saying what to do instead', async () => {
      const { code, stderr } = await ops('redrive', jobId);
      expect(code).toBe(1);
      expect(stderr).toMatch(/cannot be redriven.*replay/s);
    });

    it('says a replay of a delivered job sends no second email', async () => {
      const { code, stdout } = await ops('replay', jobId);
      expect(code).toBe(0);
      expect(stdout).toContain(`${jobId}-replay-3`);
      expect(stdout).toMatch(/no second email/);
      expect(await waitForExecution(`${jobId}-replay-3`)).toBe('SUCCEEDED');
    });

    it('shows the replays of a job in its report, each with its status', async () => {
      const { code, stdout } = await ops('show', jobId);
      expect(code).toBe(0);
      expect(stdout).toMatch(new RegExp(`Execution ${jobId}-replay-3\\n  status\\s+SUCCEEDED`));
      expect(stdout).not.toMatch(/last error|next /);
    });

    it('exits 2 when asked to delete a message the dead-letter queue does not hold', async () => {
      const { code, stdout } = await ops('dlq', 'delete', 'no-such-message', '--json');
      expect(code).toBe(2);
      expect(JSON.parse(stdout)).toMatchObject({ error: { name: 'NotFound' } });
    });

    it('lists an empty dead-letter queue', async () => {
      const { code, stdout } = await ops('dlq', '--json');
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toEqual({ messages: [] });
    });

    it('refuses --local without a stack file, and a bad --since, with exit 1', async () => {
      const missing = await runCli(['jobs', '--local', '--stack-file', join(tempDirectory(), 'none.json')], {
        stdout: () => undefined,
        stderr: () => undefined,
      });
      expect(missing).toBe(1);
      const { code, stderr } = await ops('jobs', '--since', 'yesterday');
      expect(code).toBe(1);
      expect(stderr).toMatch(/--since must be/);
    });
  });
});
