import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { StateMachineDefinitionJson } from '../../statemachine/definition.js';
import { installPromiseWithResolvers } from '../../local/step-functions/runner/promise-with-resolvers.js';
import { runStateMachine, startLocalExecution } from '../../local/step-functions/runner/run-state-machine.js';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:echo';

/** One lambda:invoke Task that keeps the integration's whole response, to see its shape. */
const oneTask: StateMachineDefinitionJson = {
  StartAt: 'Call',
  States: {
    Call: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: FUNCTION_ARN, Payload: { 'value.$': '$.value', fixed: 'yes' } },
      TimeoutSeconds: 30,
      Catch: [{ ErrorEquals: ['Caught'], ResultPath: '$.error', Next: 'Done' }],
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
};

describe('the local Step Functions runner', () => {
  it('installs Promise.withResolvers when missing, as aws-local-stepfunctions needs and Node 20 lacks', async () => {
    type WithResolvers = { withResolvers?: <T>() => { promise: Promise<T>; resolve: (value: T) => void } };
    const promiseConstructor = Promise as unknown as WithResolvers;
    const original = promiseConstructor.withResolvers;
    delete promiseConstructor.withResolvers;
    try {
      installPromiseWithResolvers();
      const { promise, resolve } = promiseConstructor.withResolvers!<number>();
      resolve(42);
      await expect(promise).resolves.toBe(42);
    } finally {
      if (original) promiseConstructor.withResolvers = original;
    }
  });

  it('gives a lambda:invoke handler the Payload, a Lambda context, and wraps its result like the integration', async () => {
    let seen: { event: unknown; context: Context; remaining: number } | undefined;
    const execution = await runStateMachine({
      definition: oneTask,
      input: { value: 7 },
      functions: {
        [FUNCTION_ARN]: async (event: unknown, context: Context) => {
          seen = { event, context, remaining: context.getRemainingTimeInMillis() };
          return { doubled: 14, dropped: undefined };
        },
      },
    });

    expect(seen?.event).toEqual({ value: 7, fixed: 'yes' });
    expect(seen?.context).toMatchObject({ functionName: 'echo', invokedFunctionArn: FUNCTION_ARN });
    expect(seen?.context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen?.remaining).toBeGreaterThan(0);
    expect(seen?.remaining).toBeLessThanOrEqual(30_000);
    expect(execution.output).toEqual({
      ExecutedVersion: '$LATEST',
      Payload: { doubled: 14 },
      StatusCode: 200,
    });
  });

  it('reports a thrown error by its name, with Lambda’s JSON error document as the Cause', async () => {
    const execution = await runStateMachine({
      definition: oneTask,
      input: { value: 1 },
      functions: {
        [FUNCTION_ARN]: async () => {
          const error = new Error('it was caught');
          error.name = 'Caught';
          throw error;
        },
      },
    });

    expect(execution.path).toEqual(['Call', 'Done']);
    expect(execution.catches).toEqual([
      expect.objectContaining({ state: 'Call', error: 'Caught', next: 'Done' }),
    ]);
    const { error } = execution.output as { error: { Error: string; Cause: string } };
    expect(error.Error).toBe('Caught');
    expect(JSON.parse(error.Cause)).toMatchObject({ errorType: 'Caught', errorMessage: 'it was caught' });
  });

  it('names the failing state and its input when an uncaught error fails the execution', async () => {
    const execution = await runStateMachine({
      definition: oneTask,
      input: { value: 2 },
      name: 'job-1',
      functions: {
        [FUNCTION_ARN]: async () => {
          throw new TypeError('a bug');
        },
      },
    });

    expect(execution).toMatchObject({
      status: 'FAILED',
      executionArn: 'arn:aws:states:us-east-1:000000000000:execution:AudioSync:job-1',
      error: { Error: 'TypeError' },
      failedAt: { state: 'Call', input: { value: 2 } },
    });
  });

  it('refuses to start when a Task has no local handler, rather than calling the real AWS Lambda', () => {
    expect(() => startLocalExecution({ definition: oneTask, input: {}, functions: {} })).toThrow(
      /Task state Call: no local handler for function arn:aws:lambda:us-east-1:000000000000:function:echo/,
    );
  });
});
