import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { AWS_CLI_VERSION, stepFunctionsCli, type CliAnswer } from './support/aws-cli.js';
import {
  executionArn,
  fn,
  jobInput,
  startEndpoint,
  STATE_MACHINE_ARN as ARN,
  type EndpointHarness,
} from './support/step-functions-endpoint.js';

// CLI v1 exits 255 on a service error, v2 254; v2 prints timestamps as ISO 8601, v1 as sent (seconds).
const SERVICE_ERROR_EXIT = AWS_CLI_VERSION?.startsWith('aws-cli/1') ? 255 : 254;
const timestamp = () =>
  expect.toSatisfy((value: unknown) => typeof value === 'number' || !Number.isNaN(Date.parse(String(value))));

type Listed = { executions: { name: string; redriveCount: number }[]; NextToken?: string };

// The CLI an operator types, against the local endpoint. In CI (.ci/run installs it) a missing CLI fails here.
describe.skipIf(AWS_CLI_VERSION === undefined && !process.env.CI)(
  `the local Step Functions endpoint through the AWS CLI (${AWS_CLI_VERSION ?? 'missing'})`,
  // Each CLI call starts a Python interpreter: seconds apiece on a busy machine.
  { timeout: 180_000 },
  () => {
    let endpoint: EndpointHarness;
    const aws = (...args: string[]) => stepFunctionsCli(endpoint.url, args);
    const refusal = (answer: CliAnswer) => ({ exitCode: answer.exitCode, ...answer.error });

    beforeAll(async () => {
      endpoint = await startEndpoint();
    });
    afterAll(() => endpoint.close());

    it('lists and describes the state machine', async () => {
      const listed = await aws('list-state-machines');
      expect(listed.output).toEqual({
        stateMachines: [
          { stateMachineArn: ARN, name: 'AudioSync', type: 'STANDARD', creationDate: timestamp() },
        ],
      });
      const described = (await aws('describe-state-machine', '--state-machine-arn', ARN)).output!;
      expect(described).toMatchObject({ name: 'AudioSync', status: 'ACTIVE', type: 'STANDARD' });
      expect(JSON.parse(described.definition as string)).toMatchObject({ StartAt: 'Validate' });
      expect(described.roleArn).toMatch(/^arn:aws:iam::000000000000:role\//);
    });

    it('starts executions whose names have dots or non-ASCII letters, and refuses one with a space', async () => {
      for (const name of ['job.v1', 'Café-über']) {
        const started = await aws(
          'start-execution',
          '--state-machine-arn',
          ARN,
          '--name',
          name,
          '--input',
          jobInput(name),
        );
        expect(started.output?.executionArn).toBe(executionArn(name));
        await endpoint.settled(executionArn(name));
      }
      expect(refusal(await aws('start-execution', '--state-machine-arn', ARN, '--name', 'a b'))).toEqual({
        exitCode: SERVICE_ERROR_EXIT,
        code: 'InvalidName',
        message: "Invalid Name: 'a b'",
      });
      const forExecution = await aws(
        'describe-state-machine-for-execution',
        '--execution-arn',
        executionArn('job.v1'),
      );
      expect(forExecution.output).toMatchObject({
        stateMachineArn: ARN,
        name: 'AudioSync',
        updateDate: timestamp(),
      });
    });

    it('answers malformed ARNs with InvalidArn', async () => {
      expect(refusal(await aws('describe-execution', '--execution-arn', 'job-1'))).toMatchObject({
        code: 'InvalidArn',
        message: "Invalid Arn: 'Invalid ARN prefix: job-1'",
      });
      expect(refusal(await aws('get-execution-history', '--execution-arn', ARN))).toMatchObject({
        code: 'InvalidArn',
        message: "Invalid Arn: 'Resource type not valid in this context: stateMachine'",
      });
    });

    it('refuses a bogus status filter, a page size over 1000 and a garbage starting token', async () => {
      const list = (...args: string[]) => aws('list-executions', '--state-machine-arn', ARN, ...args);
      expect(refusal(await list('--status-filter', 'BOGUS'))).toMatchObject({
        code: 'ValidationException',
        message: expect.stringContaining("Value 'BOGUS' at 'statusFilter' failed to satisfy constraint"),
      });
      expect(refusal(await list('--page-size', '5000'))).toMatchObject({
        code: 'ValidationException',
        message: expect.stringContaining("Value '5000' at 'maxResults'"),
      });
      expect(refusal(await list('--starting-token', 'garbage'))).toMatchObject({ code: 'InvalidToken' });
    });

    it('pages with nextToken: the CLI follows it page by page, and resumes from its own token', async () => {
      const all = (await aws('list-executions', '--state-machine-arn', ARN)).output as Listed;
      const byPages = (await aws('list-executions', '--state-machine-arn', ARN, '--page-size', '1'))
        .output as Listed;
      expect(byPages.executions).toEqual(all.executions);
      const first = (await aws('list-executions', '--state-machine-arn', ARN, '--max-items', '1'))
        .output as Listed;
      expect(first.executions).toHaveLength(1);
      const rest = (
        await aws('list-executions', '--state-machine-arn', ARN, '--starting-token', first.NextToken!)
      ).output as Listed;
      expect([...first.executions, ...rest.executions]).toEqual(all.executions);
    });

    it('reports redrive status and reasons, redrives a failed execution and filters on it', async () => {
      expect(
        (await aws('describe-execution', '--execution-arn', executionArn('job.v1'))).output,
      ).toMatchObject({
        status: 'SUCCEEDED',
        redriveStatus: 'NOT_REDRIVABLE',
        redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven.',
      });
      expect(
        refusal(await aws('redrive-execution', '--execution-arn', executionArn('job.v1'))),
      ).toMatchObject({
        code: 'ExecutionNotRedrivable',
      });
      endpoint.extractFails = true;
      await endpoint.sfn.send(
        new StartExecutionCommand({ stateMachineArn: ARN, name: 'cli-fail', input: jobInput('cli-fail') }),
      );
      expect(await endpoint.settled(executionArn('cli-fail'))).toMatchObject({
        status: 'FAILED',
        redriveStatus: 'REDRIVABLE',
      });
      endpoint.extractFails = false;
      const redriven = await aws('redrive-execution', '--execution-arn', executionArn('cli-fail'));
      expect(redriven.output?.redriveDate).toEqual(timestamp());
      await endpoint.settled(executionArn('cli-fail'));
      const filtered = (
        await aws('list-executions', '--state-machine-arn', ARN, '--redrive-filter', 'REDRIVEN')
      ).output as Listed;
      expect(filtered.executions.map((execution) => [execution.name, execution.redriveCount])).toEqual([
        ['cli-fail', 1],
      ]);
    });

    it("shows Notify's resolved Parameters in TaskScheduled, not its state input", async () => {
      const history = (await aws('get-execution-history', '--execution-arn', executionArn('job.v1')))
        .output as {
        events: { type: string; taskScheduledEventDetails?: { parameters: string } }[];
      };
      const scheduled = history.events.filter((event) => event.type === 'TaskScheduled');
      const notify = JSON.parse(scheduled.at(-1)!.taskScheduledEventDetails!.parameters) as Record<
        string,
        unknown
      >;
      expect(notify).toEqual({
        FunctionName: fn('notify'),
        Payload: expect.objectContaining({ outcome: 'DELIVERED', jobId: 'job.v1' }),
      });
      expect(notify.Payload).not.toHaveProperty('rendition');
    });
  },
);
