import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import {
  jobInput,
  startEndpoint,
  STATE_MACHINE_ARN as ARN,
  type EndpointHarness,
} from './support/step-functions-endpoint.js';

const FOURTEEN_DAYS_MS = 14 * 24 * 60 * 60 * 1000;

describe('redrive on the local Step Functions endpoint, as AWS allows and reports it', () => {
  let endpoint: EndpointHarness;
  let sfn: SFNClient;
  beforeEach(async () => {
    endpoint = await startEndpoint();
    sfn = endpoint.sfn;
  });
  afterEach(() => endpoint.close());

  async function run(name: string, url?: string) {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: ARN, name, input: jobInput(name, url) }),
    );
    return executionArn!;
  }
  const redrive = (executionArn: string, clientToken?: string) =>
    sfn.send(new RedriveExecutionCommand({ executionArn, clientToken })).then(
      (answer) => answer.redriveDate,
      (error: Error) => ({ name: error.name, message: error.message }),
    );

  it('reports a running and a succeeded execution NOT_REDRIVABLE with AWS reason, and refuses to redrive them', async () => {
    const running = await run('r-1', 'http://127.0.0.1/slow.m4a');
    while (!endpoint.releaseExtract) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await sfn.send(new DescribeExecutionCommand({ executionArn: running }))).toMatchObject({
      status: 'RUNNING',
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is RUNNING and cannot be redriven.',
    });
    expect(await redrive(running)).toEqual({
      name: 'ExecutionNotRedrivable',
      message: 'Execution is RUNNING and cannot be redriven.',
    });
    endpoint.releaseExtract();
    expect(await endpoint.settled(running)).toMatchObject({
      status: 'SUCCEEDED',
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven.',
    });
    expect(await redrive(running)).toMatchObject({ name: 'ExecutionNotRedrivable' });
  });

  it('reports a failed execution REDRIVABLE without a reason, and redrives it once per client token', async () => {
    endpoint.extractFails = true;
    const failed = await run('r-2');
    const described = await endpoint.settled(failed);
    expect(described).toMatchObject({ status: 'FAILED', redriveStatus: 'REDRIVABLE', redriveCount: 0 });
    expect(described.redriveStatusReason).toBeUndefined();

    endpoint.extractFails = false;
    const first = await redrive(failed, 'retry-after-fix');
    const again = await redrive(failed, 'retry-after-fix');
    expect(first).toBeInstanceOf(Date);
    expect(again).toEqual(first);
    expect(await endpoint.settled(failed)).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
  });

  it('redrives an aborted execution, and refuses one stopped more than 14 days ago', async () => {
    const aborted = await run('r-3', 'http://127.0.0.1/slow.m4a');
    while (!endpoint.releaseExtract) await new Promise((resolve) => setTimeout(resolve, 10));
    await sfn.send(new StopExecutionCommand({ executionArn: aborted }));
    expect(await endpoint.settled(aborted)).toMatchObject({ status: 'ABORTED', redriveStatus: 'REDRIVABLE' });

    endpoint.clockOffsetMs = FOURTEEN_DAYS_MS + 60_000;
    expect(await sfn.send(new DescribeExecutionCommand({ executionArn: aborted }))).toMatchObject({
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution redrivable period exceeded.',
    });
    expect(await redrive(aborted)).toMatchObject({ name: 'ExecutionNotRedrivable' });
    endpoint.clockOffsetMs = 0;
    expect(await redrive(aborted)).toBeInstanceOf(Date);
    expect(await endpoint.settled(aborted)).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
  });

  it('lists executions by whether they were redriven', async () => {
    endpoint.extractFails = true;
    const redriven = await run('r-4');
    await endpoint.settled(redriven);
    const plain = await run('r-5');
    await endpoint.settled(plain);
    endpoint.extractFails = false;
    await redrive(redriven);
    await endpoint.settled(redriven);

    const names = async (redriveFilter: 'REDRIVEN' | 'NOT_REDRIVEN') =>
      (await sfn.send(new ListExecutionsCommand({ stateMachineArn: ARN, redriveFilter }))).executions?.map(
        (execution) => [execution.name, execution.redriveCount],
      );
    expect(await names('REDRIVEN')).toEqual([['r-4', 1]]);
    expect(await names('NOT_REDRIVEN')).toEqual([['r-5', 0]]);
  });
});
