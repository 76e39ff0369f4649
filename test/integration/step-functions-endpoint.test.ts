import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
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
import { loadStateMachineDefinition } from '../../statemachine/definition.js';
import { closeServer, listenOnLoopback } from '../../local/emulators/listen.js';
import { createExecutionEngine } from '../../local/step-functions/endpoint/engine.js';
import { ExecutionStore, type Execution } from '../../local/step-functions/endpoint/executions.js';
import { createStepFunctionsServer } from '../../local/step-functions/endpoint/server.js';
import { statusChangeEvent } from '../../local/step-functions/endpoint/status-change-event.js';

const ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:AudioSync';
const fn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
const video = { videoId: 'v1', title: 'T', author: 'A', durationSeconds: 3, cached: false };
const rendition = {
  s3Key: 'audio/v1/mp3.mp3',
  bytes: 10,
  contentType: 'audio/mpeg',
  createdAt: '2025-01-01T00:00:00Z',
};

class SourceUnreachable extends Error {
  override name = 'SourceUnreachable';
}

describe('the local Step Functions endpoint', () => {
  let server: Server;
  let sfn: SFNClient;
  let failures: Execution[];
  let extractFails: boolean;
  let extractInputs: unknown[];
  let releaseExtract: (() => void) | undefined;

  beforeEach(async () => {
    failures = [];
    extractFails = false;
    extractInputs = [];
    releaseExtract = undefined;
    const definition = loadStateMachineDefinition({
      ValidateFunctionArn: fn('validate'),
      ExtractFunctionArn: fn('extract'),
      NotifyFunctionArn: fn('notify'),
    });
    const engine = createExecutionEngine({
      definition,
      stateMachineArn: ARN,
      retryIntervalOverrides: { Validate: 0, Extract: 0, Notify: 0, NotifyRejected: 0 },
      functions: {
        [fn('validate')]: async () => video,
        [fn('extract')]: async (event: unknown) => {
          extractInputs.push(event);
          if (releaseExtract === undefined && (event as { url: string }).url.includes('slow')) {
            await new Promise<void>((resolve) => (releaseExtract = resolve));
          }
          if (extractFails) throw new SourceUnreachable('stream cut off');
          return rendition;
        },
        [fn('notify')]: async () => ({ sent: true }),
      },
    });
    const store = new ExecutionStore(ARN, engine, async (execution) => void failures.push(execution));
    server = createStepFunctionsServer(store);
    sfn = new SFNClient({ endpoint: await listenOnLoopback(server), region: 'us-east-1' });
  });

  afterEach(async () => {
    releaseExtract?.();
    sfn.destroy();
    await closeServer(server);
  });

  async function settled(executionArn: string) {
    for (;;) {
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (described.status !== 'RUNNING') return described;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const input = (jobId: string, url = 'http://127.0.0.1/a.m4a') =>
    JSON.stringify({ jobId, url, format: 'mp3' });

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
    expect(failures).toEqual([]);
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
    extractFails = true;
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: ARN, name: 'job-3', input: input('job-3') }),
    );
    const failed = await settled(executionArn!);
    expect(failed).toMatchObject({
      status: 'FAILED',
      error: 'SourceUnreachable',
      redriveStatus: 'REDRIVABLE',
    });
    expect(extractInputs).toHaveLength(4);
    expect(failures.map((execution) => statusChangeEvent(execution).detail)).toMatchObject([
      { name: 'job-3', status: 'FAILED', error: 'SourceUnreachable', failedState: 'Extract' },
    ]);

    extractFails = false;
    await sfn.send(new RedriveExecutionCommand({ executionArn }));
    const redriven = await settled(executionArn!);
    expect(redriven).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
    expect(extractInputs.at(-1)).toEqual({
      jobId: 'job-3',
      url: 'http://127.0.0.1/a.m4a',
      format: 'mp3',
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
    while (!releaseExtract) await new Promise((resolve) => setTimeout(resolve, 10));
    await sfn.send(new StopExecutionCommand({ executionArn, error: 'Operator', cause: 'stopped by hand' }));
    const stopped = await settled(executionArn!);
    expect(stopped).toMatchObject({ status: 'ABORTED', error: 'Operator', cause: 'stopped by hand' });
    expect(failures.map((execution) => execution.status)).toEqual(['ABORTED']);
    const listed = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: ARN, statusFilter: 'ABORTED' }),
    );
    expect(listed.executions?.map((execution) => execution.name)).toEqual(['job-5']);
  });
});
