/**
 * The local stack: the whole service in this process. Emulators that speak the AWS wire APIs
 * (DynamoDB, S3, SQS, SES), a Step Functions endpoint running the real ASL with the real handlers,
 * the SQS event source for the starter, failure events for the failure handler, and the HTTP API.
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { SQSClient } from '@aws-sdk/client-sqs';
import { loadStateMachineDefinition } from '../statemachine/definition.js';
import { JOBS_QUEUE } from '../functions/shared/tables/schema.js';
import { startDynamoDb } from './emulators/dynamodb.js';
import { startS3Sqs } from './emulators/s3-sqs.js';
import { startSes, type CapturedEmail } from './emulators/ses.js';
import { closeServer, listenOnLoopback } from './emulators/listen.js';
import { localEnvironment, useOfflineCredentials } from './environment.js';
import {
  FUNCTION_NAMES,
  InFlight,
  loadFunctions,
  type ExtractProgress,
  type LocalFunctions,
  type WrapFunction,
} from './functions.js';
import { createHttpApiServer, type ApiHandler } from './http-api.js';
import { functionArn, LOCAL_NAMES, LOCAL_REGION, queueArn } from './resources.js';
import { createLambdaContext } from './step-functions/runner/lambda-adapter.js';
import { createExecutionEngine } from './step-functions/endpoint/engine.js';
import { ExecutionStore, type Execution } from './step-functions/endpoint/executions.js';
import { createStepFunctionsServer } from './step-functions/endpoint/server.js';
import { statusChangeEvent } from './step-functions/endpoint/status-change-event.js';
import { startSqsEventSource } from './sqs-event-source.js';
import type { LocalStackResources } from './stack-file.js';
import { DECLARED_ROUTE_KEYS } from '../functions/api/route-keys.js';

export type { CapturedEmail } from './emulators/ses.js';
export type { AnyHandler, ExtractProgress, FunctionName, WrapFunction } from './functions.js';
export type { LocalStackResources } from './stack-file.js';

export interface LocalStackOptions {
  /** Port of the HTTP API; 0 picks a free one. Default 0 (`serve` uses 3000). */
  port?: number;
  /** Keep DynamoDB data in this directory; omit to keep everything in memory. */
  persistDir?: string;
  /** Milliseconds to wait before each retry, per state (tests shorten the ASL's waits). */
  retryIntervalOverrides?: Record<string, number | number[]>;
  /** Extra environment for the handlers (e.g. MAX_DURATION_SECONDS). */
  environment?: Record<string, string>;
  /** Where the stack reports its own faults (a failing poll, a failed event delivery). Default: stderr. */
  onError?: (message: string, error: unknown) => void;
  /**
   * Test-only seam: wraps each function's handler, e.g. to make one throw until a fault is removed.
   * Production code has no such flag; the handlers run unchanged inside the wrapper.
   */
  wrapFunction?: WrapFunction;
  /**
   * Run the handlers from the deploy bundles (the CDK app's esbuild output for the zip functions,
   * docker/media/bundle.mjs's for validate and extract) instead of the TypeScript sources.
   */
  bundled?: boolean;
}

export interface LocalStack {
  apiUrl: string;
  /** The email viewer (aws-ses-v2-local's web UI); `${sesUrl}/store` has the emails as JSON. */
  sesUrl: string;
  /** The local Step Functions endpoint (what AWS_ENDPOINT_URL_SFN points at). */
  stepFunctionsUrl: string;
  stateMachineArn: string;
  /** Every endpoint and resource name, as `npm run ops` reads them from `.audio-sync/stack.json`. */
  resources: LocalStackResources;
  emails(): CapturedEmail[];
  /** Calls the listener with extract's progress; returns a function that removes it. */
  onExtractProgress(listener: (progress: ExtractProgress) => void): () => void;
  stop(): Promise<void>;
}

let running = false;

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  // The handlers read one process-wide environment and cache their config and clients.
  if (running) throw new Error('A local stack is already running in this process; stop it first');
  running = true;
  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    running = false;
  };
  const onError =
    options.onError ?? ((message, error) => console.error(`[local stack] ${message}:`, errorText(error)));
  try {
    useOfflineCredentials();
    const clientConfig = { region: LOCAL_REGION };
    if (options.persistDir) mkdirSync(options.persistDir, { recursive: true });
    const dynamoDb = await startDynamoDb({
      path: options.persistDir ? join(options.persistDir, 'dynamodb') : undefined,
      tableNames: LOCAL_NAMES.tables,
      clientConfig,
    });
    cleanups.push(dynamoDb.stop);
    const s3Sqs = await startS3Sqs({
      bucket: LOCAL_NAMES.bucket,
      queueName: LOCAL_NAMES.queue,
      deadLetterQueueName: LOCAL_NAMES.deadLetterQueue,
      clientConfig,
    });
    cleanups.push(s3Sqs.stop);
    const ses = await startSes();
    cleanups.push(ses.stop);

    const inFlight = new InFlight();
    cleanups.push(() => inFlight.settled());
    // The handlers load once the environment has every endpoint; the servers call them through this.
    const loaded: { functions?: LocalFunctions } = {};
    const progress = new EventEmitter();
    const definition = loadStateMachineDefinition({
      ValidateFunctionArn: placeholder('validate'),
      ExtractFunctionArn: placeholder('extract'),
      NotifyFunctionArn: placeholder('notify'),
    });
    const taskFunctions: LocalFunctions['tasks'] = {};
    const executions = new ExecutionStore(
      LOCAL_NAMES.stateMachineArn,
      createExecutionEngine({
        definition,
        stateMachineArn: LOCAL_NAMES.stateMachineArn,
        functions: taskFunctions,
        retryIntervalOverrides: options.retryIntervalOverrides,
      }),
      (execution) => deliverFailureEvent(execution, () => loaded.functions!.failed, onError),
    );
    const stepFunctionsServer = createStepFunctionsServer(executions);
    const stepFunctionsUrl = await listenOnLoopback(stepFunctionsServer);
    cleanups.push(() => closeServer(stepFunctionsServer));
    cleanups.push(() => executions.stopAll());

    const apiServer = createHttpApiServer({
      routeKeys: DECLARED_ROUTE_KEYS,
      handler: (event, context) => (loaded.functions!.api as ApiHandler)(event, context),
      context: () => createLambdaContext(FUNCTION_NAMES.api, 29_000),
      onError: (error) => onError('The api function failed', error),
    });
    const apiUrl = await listenOnLoopback(apiServer, options.port ?? 0);
    cleanups.push(() => closeServer(apiServer));

    Object.assign(process.env, {
      ...localEnvironment(
        {
          dynamoDb: dynamoDb.endpoint,
          s3Sqs: s3Sqs.endpoint,
          ses: ses.endpoint,
          stepFunctions: stepFunctionsUrl,
          api: apiUrl,
        },
        {
          jobsTable: LOCAL_NAMES.tables.jobs,
          mediaTable: LOCAL_NAMES.tables.media,
          idempotencyTable: LOCAL_NAMES.tables.idempotency,
          requestsTable: LOCAL_NAMES.tables.requests,
          suppressionTable: LOCAL_NAMES.tables.suppression,
          bucket: LOCAL_NAMES.bucket,
          queueUrl: s3Sqs.queueUrl,
          stateMachineArn: LOCAL_NAMES.stateMachineArn,
        },
      ),
      ...options.environment,
    });
    loaded.functions = await loadFunctions(
      inFlight,
      (report) => progress.emit('progress', report),
      options.wrapFunction,
      options.bundled,
    );
    Object.assign(taskFunctions, loaded.functions.tasks);

    const sqs = new SQSClient({ ...clientConfig, endpoint: s3Sqs.endpoint });
    const eventSource = startSqsEventSource({
      client: sqs,
      queueUrl: s3Sqs.queueUrl,
      queueArn: queueArn(LOCAL_NAMES.queue),
      batchSize: JOBS_QUEUE.batchSize,
      handler: (event, context) => loaded.functions!.starter(event as never, context) as never,
      context: () => createLambdaContext(FUNCTION_NAMES.starter, 60_000),
      onError: (error) => onError('The jobs queue poller failed', error),
    });
    cleanups.push(async () => {
      await eventSource.stop();
      sqs.destroy();
    });

    return {
      apiUrl,
      sesUrl: ses.endpoint,
      stepFunctionsUrl,
      stateMachineArn: LOCAL_NAMES.stateMachineArn,
      resources: {
        region: LOCAL_REGION,
        apiUrl,
        sesUrl: ses.endpoint,
        endpoints: {
          dynamoDb: dynamoDb.endpoint,
          s3: s3Sqs.endpoint,
          sqs: s3Sqs.endpoint,
          stepFunctions: stepFunctionsUrl,
          ses: ses.endpoint,
        },
        jobsTable: LOCAL_NAMES.tables.jobs,
        mediaTable: LOCAL_NAMES.tables.media,
        idempotencyTable: LOCAL_NAMES.tables.idempotency,
        bucket: LOCAL_NAMES.bucket,
        queueUrl: s3Sqs.queueUrl,
        deadLetterQueueUrl: s3Sqs.deadLetterQueueUrl,
        stateMachineArn: LOCAL_NAMES.stateMachineArn,
      },
      emails: ses.emails,
      onExtractProgress(listener) {
        progress.on('progress', listener);
        return () => progress.off('progress', listener);
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function placeholder(name: 'validate' | 'extract' | 'notify'): string {
  return functionArn(FUNCTION_NAMES[name]);
}

/** EventBridge invokes the target asynchronously: Lambda retries a failed async invocation twice. */
async function deliverFailureEvent(
  execution: Execution,
  failedHandler: () => LocalFunctions['failed'],
  onError: (message: string, error: unknown) => void,
): Promise<void> {
  const event = statusChangeEvent(execution);
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    try {
      await failedHandler()(event as never, createLambdaContext(FUNCTION_NAMES.failed, 30_000));
      return;
    } catch (error) {
      if (attempt === 3) onError(`The failed function could not handle ${execution.name}`, error);
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
