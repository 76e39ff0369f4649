/**
 * The local Step Functions endpoint over the real ASL, with small Lambda stand-ins whose behaviour a test
 * controls (Extract can fail or hold), served on loopback for the SDK and the AWS CLI.
 */
import type { Server } from 'node:http';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { loadStateMachineDefinition } from '../../../statemachine/definition.js';
import { closeServer, listenOnLoopback } from '../../../local/emulators/listen.js';
import { createExecutionEngine } from '../../../local/step-functions/endpoint/engine.js';
import { ExecutionStore, type Execution } from '../../../local/step-functions/endpoint/executions.js';
import { createStepFunctionsServer } from '../../../local/step-functions/endpoint/server.js';

export const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:AudioSync';
export const executionArn = (name: string) =>
  `arn:aws:states:us-east-1:000000000000:execution:AudioSync:${name}`;
export const fn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
export const VIDEO = { videoId: 'v1', title: 'T', author: 'A', durationSeconds: 3, cached: false };
export const RENDITION = {
  s3Key: 'audio/v1/mp3.mp3',
  bytes: 10,
  contentType: 'audio/mpeg',
  createdAt: '2025-01-01T00:00:00Z',
};

/** An execution input as the starter writes it: the job message with its options (defaults filled in). */
export const jobInput = (jobId: string, url = 'http://127.0.0.1/a.m4a') =>
  JSON.stringify({ jobId, url, format: 'mp3', options: { coverArt: true } });

class SourceUnreachable extends Error {
  override name = 'SourceUnreachable';
}

export type EndpointHarness = Awaited<ReturnType<typeof startEndpoint>>;

export async function startEndpoint() {
  const harness = {
    failures: [] as Execution[],
    extractInputs: [] as unknown[],
    /** While true, Extract throws SourceUnreachable. */
    extractFails: false,
    /** Extract of a URL containing "slow" waits for this; set once it is waiting. */
    releaseExtract: undefined as (() => void) | undefined,
    /** Milliseconds added to the store's clock (the 14-day redrive window). */
    clockOffsetMs: 0,
  };
  const definition = loadStateMachineDefinition({
    ValidateFunctionArn: fn('validate'),
    ExtractFunctionArn: fn('extract'),
    NotifyFunctionArn: fn('notify'),
  });
  const engine = createExecutionEngine({
    definition,
    stateMachineArn: STATE_MACHINE_ARN,
    retryIntervalOverrides: { Validate: 0, Extract: 0, Notify: 0, NotifyRejected: 0 },
    functions: {
      [fn('validate')]: async () => VIDEO,
      [fn('extract')]: async (event: unknown) => {
        harness.extractInputs.push(event);
        if (harness.releaseExtract === undefined && (event as { url: string }).url.includes('slow')) {
          await new Promise<void>((resolve) => (harness.releaseExtract = resolve));
        }
        if (harness.extractFails) throw new SourceUnreachable('stream cut off');
        return RENDITION;
      },
      [fn('notify')]: async () => ({ sent: true }),
    },
  });
  const store = new ExecutionStore(
    STATE_MACHINE_ARN,
    engine,
    async (execution) => void harness.failures.push(execution),
    { now: () => Date.now() + harness.clockOffsetMs },
  );
  const server: Server = createStepFunctionsServer(store);
  const url = await listenOnLoopback(server);
  const sfn = new SFNClient({ endpoint: url, region: 'us-east-1' });

  async function settle(arn: string) {
    for (;;) {
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
      if (described.status !== 'RUNNING') return described;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  return Object.assign(harness, {
    url,
    sfn,
    store,
    settled: settle,
    async close() {
      harness.releaseExtract?.();
      sfn.destroy();
      await store.stopAll();
      await closeServer(server);
    },
  });
}
