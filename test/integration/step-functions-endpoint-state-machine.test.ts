import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { loadStateMachineDefinition } from '../../statemachine/definition.js';
import {
  fn,
  jobInput,
  RENDITION,
  startEndpoint,
  STATE_MACHINE_ARN as ARN,
  VIDEO,
  type EndpointHarness,
} from './support/step-functions-endpoint.js';

describe('the state machine, task history and pages of the local Step Functions endpoint', () => {
  let endpoint: EndpointHarness;
  let sfn: SFNClient;
  let executionArn: string;
  beforeAll(async () => {
    endpoint = await startEndpoint();
    sfn = endpoint.sfn;
    ({ executionArn } = (await sfn.send(
      new StartExecutionCommand({ stateMachineArn: ARN, name: 'sm-1', input: jobInput('sm-1') }),
    )) as { executionArn: string });
    await endpoint.settled(executionArn);
  });
  afterAll(() => endpoint.close());

  const definition = loadStateMachineDefinition({
    ValidateFunctionArn: fn('validate'),
    ExtractFunctionArn: fn('extract'),
    NotifyFunctionArn: fn('notify'),
  });

  it('lists the one STANDARD state machine', async () => {
    const { stateMachines, nextToken } = await sfn.send(new ListStateMachinesCommand({}));
    expect(stateMachines).toEqual([
      { stateMachineArn: ARN, name: 'AudioSync', type: 'STANDARD', creationDate: expect.any(Date) },
    ]);
    expect(nextToken).toBeUndefined();
  });

  it('describes it with its definition, role, type and status, and for one of its executions', async () => {
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: ARN }));
    expect(described).toMatchObject({
      stateMachineArn: ARN,
      name: 'AudioSync',
      status: 'ACTIVE',
      type: 'STANDARD',
      roleArn: expect.stringMatching(/^arn:aws:iam::000000000000:role\//),
      creationDate: expect.any(Date),
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
    });
    expect(JSON.parse(described.definition!)).toEqual(definition);
    const forExecution = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    expect(forExecution).toMatchObject({
      stateMachineArn: ARN,
      name: 'AudioSync',
      definition: described.definition,
      roleArn: described.roleArn,
      updateDate: described.creationDate,
    });
  });

  it('records in TaskScheduled the resolved Parameters each Task was invoked with, and its timeout', async () => {
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const scheduled = events!
      .filter((event) => event.type === 'TaskScheduled')
      .map((event) => ({
        ...event.taskScheduledEventDetails,
        parameters: JSON.parse(event.taskScheduledEventDetails!.parameters!) as unknown,
      }));
    const input = JSON.parse(jobInput('sm-1')) as Record<string, unknown>;
    expect(scheduled).toEqual([
      expect.objectContaining({
        resourceType: 'lambda',
        resource: 'invoke',
        timeoutInSeconds: 120,
        parameters: { FunctionName: fn('validate'), Payload: input },
      }),
      expect.objectContaining({
        timeoutInSeconds: 900,
        parameters: { FunctionName: fn('extract'), Payload: { ...input, video: VIDEO } },
      }),
      expect.objectContaining({
        timeoutInSeconds: 60,
        parameters: {
          FunctionName: fn('notify'),
          Payload: { outcome: 'DELIVERED', ...input, video: VIDEO },
        },
      }),
    ]);
    const notifyEntered = events!.find((event) => event.stateEnteredEventDetails?.name === 'Notify');
    expect(JSON.parse(notifyEntered!.stateEnteredEventDetails!.input!)).toMatchObject({
      rendition: RENDITION,
    });
  });

  it('puts each attempt of a retried Task after its own entry or retry, as AWS orders the history', async () => {
    endpoint.extractFails = true;
    const { executionArn: failing } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: ARN, name: 'sm-2', input: jobInput('sm-2') }),
    );
    await endpoint.settled(failing!);
    endpoint.extractFails = false;
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn: failing }));
    const types = events!.map((event) => event.type);
    const extract = types.slice(types.indexOf('TaskStateEntered', types.indexOf('TaskStateExited')));
    expect(extract.slice(0, 9)).toEqual([
      'TaskStateEntered',
      ...['TaskScheduled', 'TaskStarted', 'TaskFailed'],
      ...['TaskScheduled', 'TaskStarted', 'TaskFailed'],
      'TaskScheduled',
      'TaskStarted',
    ]);
    expect(types.filter((type) => type === 'TaskScheduled')).toHaveLength(1 + 4);
  });

  it('pages executions newest first with nextToken, and a newer start does not shift the next page', async () => {
    for (const name of ['p-1', 'p-2', 'p-3']) {
      await sfn.send(new StartExecutionCommand({ stateMachineArn: ARN, name, input: jobInput(name) }));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const all = (await sfn.send(new ListExecutionsCommand({ stateMachineArn: ARN }))).executions!.map(
      (e) => e.name,
    );
    expect(all.slice(0, 3)).toEqual(['p-3', 'p-2', 'p-1']);

    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const pageOf = await sfn.send(
        new ListExecutionsCommand({ stateMachineArn: ARN, maxResults: 2, nextToken }),
      );
      expect(pageOf.executions!.length).toBeLessThanOrEqual(2);
      seen.push(...pageOf.executions!.map((execution) => execution.name!));
      nextToken = pageOf.nextToken;
      if (seen.length === 2) {
        await sfn.send(
          new StartExecutionCommand({ stateMachineArn: ARN, name: 'p-4', input: jobInput('p-4') }),
        );
      }
    } while (nextToken);
    expect(seen).toEqual(all);
  });
});
