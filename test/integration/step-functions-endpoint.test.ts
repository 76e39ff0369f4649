import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { statusChangeEvent } from '../../local/step-functions/endpoint/status-change-event.js';
import {
  jobInput as input,
  startEndpoint,
  STATE_MACHINE_ARN as ARN,
  VIDEO as video,
  type EndpointHarness,
} from './support/step-functions-endpoint.js';

describe('the local Step Functions endpoint', () => {
  let endpoint: EndpointHarness;
  let sfn: SFNClient;
  beforeEach(async () => {
    endpoint = await startEndpoint();
    sfn = endpoint.sfn;
  });
  afterEach(() => endpoint.close());

  const settled = (executionArn: string) => endpoint.settled(executionArn);

  it('runs the state machine to SUCCEEDED and reports its history in order', async () => {
    const started = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: ARN, name: 'job-1', input: input('job-1') }),
    );
    expect(started.executionArn).toBe('arn:aws:states:us-east-1:000000000000:execution:AudioSync:job-1');
    const described = await settled(started.executionArn!);
    expect(described.status).toBe('SUCCEEDED');
    expect(described.startDate).toBeInstanceOf(Date);
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn }));
    const entered = events!
      .filter((event) => event.type?.endsWith('StateEntered'))
      .map((event) => event.stateEnteredEventDetails?.name);
    expect(entered).toEqual(['Validate', 'IsCached', 'Extract', 'Notify', 'Delivered']);
    expect(events![0]?.type).toBe('ExecutionStarted');
    expect(events!.at(-1)?.type).toBe('ExecutionSucceeded');
    expect(events!.map((event) => event.id)).toEqual(events!.map((_event, index) => index + 1));
    expect(endpoint.failures).toEqual([]);
  });

  it('refuses a second execution with the same name as ExecutionAlreadyExists', async () => {
    const first = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: ARN, name: 'job-2', input: input('job-2') }),
    );
    await settled(first.executionArn!);
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: ARN, name: 'job-2', input: input('job-2') })),
    ).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it('answers ExecutionDoesNotExist for an unknown execution', async () => {
    await expect(
      sfn.send(
        new DescribeExecutionCommand({ executionArn: `${ARN.replace('stateMachine', 'execution')}:nope` }),
      ),
    ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
  });

  it('fails at Extract after its retries, reports the failure, and a redrive resumes at Extract with its input', async () => {
    endpoint.extractFails = true;
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: ARN, name: 'job-3', input: input('job-3') }),
    );
    const failed = await settled(executionArn!);
    expect(failed).toMatchObject({
      status: 'FAILED',
      error: 'SourceUnreachable',
      redriveStatus: 'REDRIVABLE',
    });
    expect(endpoint.extractInputs).toHaveLength(4);
    expect(endpoint.failures.map((execution) => statusChangeEvent(execution).detail)).toMatchObject([
      { name: 'job-3', status: 'FAILED', error: 'SourceUnreachable', failedState: 'Extract' },
    ]);

    endpoint.extractFails = false;
    await sfn.send(new RedriveExecutionCommand({ executionArn }));
    const redriven = await settled(executionArn!);
    expect(redriven).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
    expect(endpoint.extractInputs.at(-1)).toEqual({
      jobId: 'job-3',
      url: 'http://127.0.0.1/a.m4a',
      format: 'mp3',
      options: { coverArt: true },
      video,
    });
    const { events } = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1 }),
    );
    expect(events?.[0]?.type).toBe('ExecutionSucceeded');
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const afterRedrive = history.events!.slice(
      history.events!.findIndex((event) => event.type === 'ExecutionRedriven'),
    );
    expect(
      afterRedrive
        .filter((event) => event.type === 'TaskStateEntered')
        .map((event) => event.stateEnteredEventDetails?.name),
    ).toEqual(['Extract', 'Notify']);
  });

  it('refuses to redrive an execution that succeeded', async () => {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: ARN, name: 'job-4', input: input('job-4') }),
    );
    await settled(executionArn!);
    await expect(sfn.send(new RedriveExecutionCommand({ executionArn }))).rejects.toMatchObject({
      name: 'ExecutionNotRedrivable',
    });
  });

  it('stops a running execution as ABORTED, delivers the failure event and lists it by status', async () => {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: ARN,
        name: 'job-5',
        input: input('job-5', 'http://127.0.0.1/slow.m4a'),
      }),
    );
    while (!endpoint.releaseExtract) await new Promise((resolve) => setTimeout(resolve, 10));
    await sfn.send(new StopExecutionCommand({ executionArn, error: 'Operator', cause: 'stopped by hand' }));
    const stopped = await settled(executionArn!);
    expect(stopped).toMatchObject({ status: 'ABORTED', error: 'Operator', cause: 'stopped by hand' });
    expect(endpoint.failures.map((execution) => execution.status)).toEqual(['ABORTED']);
    const listed = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: ARN, statusFilter: 'ABORTED' }),
    );
    expect(listed.executions?.map((execution) => execution.name)).toEqual(['job-5']);
  });
});
