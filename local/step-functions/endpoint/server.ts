/**
 * The local Step Functions endpoint: the AWS JSON 1.0 protocol (`X-Amz-Target: AWSStepFunctions.<Op>`)
 * for the operations the service and its operators use, answered from an ExecutionStore.
 */
import { createServer, type Server } from 'node:http';
import type { Execution, ExecutionStore } from './executions.js';
import type { ExecutionStatus } from '../types.js';
import { StepFunctionsError } from './errors.js';
import { isFailureStatus } from '../../../functions/shared/contract/statuses.js';

type Operation = (store: ExecutionStore, request: Record<string, unknown>) => unknown;

const seconds = (date: Date | undefined) => (date ? date.getTime() / 1000 : undefined);

function describeExecution(execution: Execution) {
  const closedByFailure = isFailureStatus(execution.status);
  return {
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: seconds(execution.startDate),
    stopDate: seconds(execution.stopDate),
    input: execution.input,
    inputDetails: { included: true },
    output: execution.output,
    outputDetails: execution.output === undefined ? undefined : { included: true },
    error: execution.error,
    cause: execution.cause,
    redriveCount: execution.redriveCount,
    redriveDate: seconds(execution.redriveDate),
    redriveStatus: closedByFailure && execution.failedAt ? 'REDRIVABLE' : 'NOT_REDRIVABLE',
  };
}

/** `nextToken` is the index of the next item: enough for a single-process store. */
function page<T>(items: readonly T[], request: Record<string, unknown>, fallbackSize: number) {
  const size = Number(request.maxResults) > 0 ? Number(request.maxResults) : fallbackSize;
  const start = request.nextToken ? Number(request.nextToken) : 0;
  const slice = items.slice(start, start + size);
  return { slice, nextToken: start + size < items.length ? String(start + size) : undefined };
}

function text(request: Record<string, unknown>, field: string, required = true): string {
  const value = request[field];
  if (typeof value === 'string') return value;
  if (!required && value === undefined) return '';
  throw new StepFunctionsError(
    'ValidationException',
    `Value at '${field}' failed to satisfy constraint: Member must not be null`,
  );
}

const operations: Record<string, Operation> = {
  StartExecution(store, request) {
    const name = typeof request.name === 'string' ? request.name : crypto.randomUUID();
    const input = typeof request.input === 'string' ? request.input : '{}';
    const execution = store.start(text(request, 'stateMachineArn'), name, input);
    return { executionArn: execution.executionArn, startDate: seconds(execution.startDate) };
  },
  DescribeExecution: (store, request) => describeExecution(store.describe(text(request, 'executionArn'))),
  ListExecutions(store, request) {
    const all = store.list(
      text(request, 'stateMachineArn'),
      request.statusFilter as ExecutionStatus | undefined,
    );
    const { slice, nextToken } = page(all, request, 100);
    return {
      executions: slice.map((execution) => ({
        executionArn: execution.executionArn,
        stateMachineArn: execution.stateMachineArn,
        name: execution.name,
        status: execution.status,
        startDate: seconds(execution.startDate),
        stopDate: seconds(execution.stopDate),
        redriveCount: execution.redriveCount,
        redriveDate: seconds(execution.redriveDate),
      })),
      nextToken,
    };
  },
  GetExecutionHistory(store, request) {
    const events = [...store.history(text(request, 'executionArn'))];
    if (request.reverseOrder === true) events.reverse();
    const { slice, nextToken } = page(events, request, 100);
    if (request.includeExecutionData === false) {
      // Without execution data, AWS leaves out inputs and outputs.
      const stripped = JSON.parse(
        JSON.stringify(slice, (key, value: unknown) =>
          ['input', 'output', 'parameters'].includes(key) ? undefined : value,
        ),
      ) as unknown[];
      return { events: stripped, nextToken };
    }
    return { events: slice, nextToken };
  },
  StopExecution(store, request) {
    const stopDate = store.stop(
      text(request, 'executionArn'),
      typeof request.error === 'string' ? request.error : undefined,
      typeof request.cause === 'string' ? request.cause : undefined,
    );
    return { stopDate: seconds(stopDate) };
  },
  RedriveExecution: (store, request) => ({
    redriveDate: seconds(store.redrive(text(request, 'executionArn'))),
  }),
};

export function createStepFunctionsServer(store: ExecutionStore): Server {
  return createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, body: unknown) =>
        response
          .writeHead(status, { 'content-type': 'application/x-amz-json-1.0' })
          .end(JSON.stringify(body));
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = operations[target.replace(/^AWSStepFunctions\./, '')];
      if (request.method !== 'POST' || !target.startsWith('AWSStepFunctions.') || !operation) {
        return reply(400, {
          __type: 'UnknownOperationException',
          message: `Operation not supported locally: ${target}`,
        });
      }
      try {
        const body = chunks.length
          ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>)
          : {};
        reply(200, operation(store, body));
      } catch (error) {
        if (error instanceof StepFunctionsError)
          return reply(400, { __type: error.type, message: error.message });
        if (error instanceof SyntaxError)
          return reply(400, { __type: 'SerializationException', message: error.message });
        reply(500, { __type: 'InternalFailure', message: String(error) });
      }
    });
  });
}
