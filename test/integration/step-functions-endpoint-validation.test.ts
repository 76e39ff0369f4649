import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import {
  executionArn,
  jobInput,
  startEndpoint,
  STATE_MACHINE_ARN as ARN,
  type EndpointHarness,
} from './support/step-functions-endpoint.js';

// What AWS answers to requests it refuses, as the SDK surfaces it: the exception name and AWS's message.
describe('the local Step Functions endpoint refuses what AWS refuses', () => {
  let endpoint: EndpointHarness;
  let sfn: SFNClient;
  beforeAll(async () => {
    endpoint = await startEndpoint();
    sfn = endpoint.sfn;
  });
  afterAll(() => endpoint.close());

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => ({ name: 'no error', message: '' }),
      (error: Error) => ({ name: error.name, message: error.message }),
    );

  it.each([
    ['DescribeExecution', () => new DescribeExecutionCommand({ executionArn: 'job-1' })],
    ['GetExecutionHistory', () => new GetExecutionHistoryCommand({ executionArn: 'job-1' })],
    ['StopExecution', () => new StopExecutionCommand({ executionArn: 'job-1' })],
    ['RedriveExecution', () => new RedriveExecutionCommand({ executionArn: 'job-1' })],
    [
      'DescribeStateMachineForExecution',
      () => new DescribeStateMachineForExecutionCommand({ executionArn: 'job-1' }),
    ],
    ['StartExecution', () => new StartExecutionCommand({ stateMachineArn: 'job-1' })],
    ['ListExecutions', () => new ListExecutionsCommand({ stateMachineArn: 'job-1' })],
    ['DescribeStateMachine', () => new DescribeStateMachineCommand({ stateMachineArn: 'job-1' })],
  ])('answers %s on a malformed ARN with InvalidArn', async (_operation, command) => {
    expect(await refusal(sfn.send(command() as never))).toEqual({
      name: 'InvalidArn',
      message: "Invalid Arn: 'Invalid ARN prefix: job-1'",
    });
  });

  it('answers an ARN of the other resource type with InvalidArn naming the type', async () => {
    expect(await refusal(sfn.send(new DescribeExecutionCommand({ executionArn: ARN })))).toEqual({
      name: 'InvalidArn',
      message: "Invalid Arn: 'Resource type not valid in this context: stateMachine'",
    });
    const asMachine = sfn.send(new ListExecutionsCommand({ stateMachineArn: executionArn('job-1') }));
    expect(await refusal(asMachine)).toMatchObject({ name: 'InvalidArn' });
  });

  it('keeps ExecutionDoesNotExist and StateMachineDoesNotExist for well-formed ARNs of nothing', async () => {
    const missing = executionArn('nope');
    expect(await refusal(sfn.send(new DescribeExecutionCommand({ executionArn: missing })))).toEqual({
      name: 'ExecutionDoesNotExist',
      message: `Execution Does Not Exist: '${missing}'`,
    });
    const other = ARN.replace('AudioSync', 'Other');
    expect(await refusal(sfn.send(new ListExecutionsCommand({ stateMachineArn: other })))).toEqual({
      name: 'StateMachineDoesNotExist',
      message: `State Machine Does Not Exist: '${other}'`,
    });
  });

  it('refuses an unknown status or redrive filter with ValidationException naming the value and the set', async () => {
    const bogus = sfn.send(
      new ListExecutionsCommand({ stateMachineArn: ARN, statusFilter: 'BOGUS' as never }),
    );
    expect(await refusal(bogus)).toEqual({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'BOGUS' at 'statusFilter' failed to satisfy constraint: " +
        'Member must satisfy enum value set: [RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE]',
    });
    const redrive = sfn.send(
      new ListExecutionsCommand({ stateMachineArn: ARN, redriveFilter: 'SOME' as never }),
    );
    expect((await refusal(redrive)).message).toMatch(
      /Value 'SOME' at 'redriveFilter'.*\[REDRIVEN, NOT_REDRIVEN\]/,
    );
  });

  it('refuses a page size over 1000 with ValidationException, and every broken constraint at once', async () => {
    const big = sfn.send(new ListExecutionsCommand({ stateMachineArn: ARN, maxResults: 5000 }));
    expect(await refusal(big)).toEqual({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '5000' at 'maxResults' failed to satisfy constraint: " +
        'Member must have value less than or equal to 1000',
    });
    const both = sfn.send(
      new GetExecutionHistoryCommand({
        executionArn: executionArn('x'),
        maxResults: -1,
        nextToken: 'n'.repeat(1025),
      }),
    );
    expect((await refusal(both)).message).toMatch(
      /^2 validation errors detected: .*'maxResults'.*; .*'nextToken'/,
    );
  });

  it('refuses a garbage page token, and a token issued for another listing, with InvalidToken', async () => {
    const garbage = sfn.send(new ListExecutionsCommand({ stateMachineArn: ARN, nextToken: 'garbage' }));
    expect(await refusal(garbage)).toMatchObject({ name: 'InvalidToken' });
    for (const name of ['t-1', 't-2']) {
      await sfn.send(new StartExecutionCommand({ stateMachineArn: ARN, name, input: jobInput(name) }));
    }
    const { nextToken } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: ARN, maxResults: 1 }));
    expect(nextToken).toEqual(expect.any(String));
    const elsewhere = sfn.send(
      new ListExecutionsCommand({ stateMachineArn: ARN, statusFilter: 'FAILED', nextToken }),
    );
    expect(await refusal(elsewhere)).toMatchObject({ name: 'InvalidToken' });
  });

  it('refuses input that is not JSON with InvalidExecutionInput, and input over 256 KiB with ValidationException', async () => {
    const broken = sfn.send(new StartExecutionCommand({ stateMachineArn: ARN, name: 'in-1', input: '{' }));
    expect(await refusal(broken)).toMatchObject({
      name: 'InvalidExecutionInput',
      message: expect.stringMatching(/^Invalid State Machine Execution Input: '/),
    });
    const large = sfn.send(
      new StartExecutionCommand({
        stateMachineArn: ARN,
        name: 'in-2',
        input: JSON.stringify('a'.repeat(262_144)),
      }),
    );
    expect(await refusal(large)).toEqual({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value at 'input' failed to satisfy constraint: " +
        'Member must have size less than or equal to 262144 bytes in UTF-8 encoding',
    });
  });
});
