/**
 * Runs a Lambda handler function in place of a Task state the way Lambda and the Step Functions
 * Lambda integration would: JSON in and out, a Lambda-like context, errors reported by name.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/** Any Lambda handler: `(event, context)` returning a promise (a `Handler<E, R>` fits too). */
export type LocalLambdaHandler = (event: never, context: Context, callback: never) => unknown;

/** How a Task state reaches its function: the optimised integration wraps the result in `Payload`. */
export type LambdaIntegration = 'lambda:invoke' | 'function-arn';

/** A thrown function error as Step Functions sees it: `Error` = name, `Cause` = Lambda's JSON error document. */
export class LambdaFunctionError extends Error {
  constructor(errorType: string, cause: string) {
    super(cause);
    this.name = errorType;
  }
}

/** The function name in an ARN (`arn:aws:lambda:region:account:function:NAME[:qualifier]`) or a bare name. */
export function functionNameOf(functionArnOrName: string): string {
  const afterFunction = functionArnOrName.split(':function:')[1];
  return afterFunction ? (afterFunction.split(':')[0] as string) : functionArnOrName;
}

export function createLambdaContext(functionArnOrName: string, timeoutMs: number): Context {
  const functionName = functionNameOf(functionArnOrName);
  const deadline = Date.now() + timeoutMs;
  const unsupported = () => {
    throw new Error('The callback-style context methods are not supported: return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArnOrName.startsWith('arn:')
      ? functionArnOrName
      : `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${randomUUID()}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

/** Lambda's error document for a thrown value (what the Node.js runtime reports as the function error). */
function lambdaErrorOf(thrown: unknown): LambdaFunctionError {
  const error = thrown instanceof Error ? thrown : new Error(String(thrown));
  const document = {
    errorType: error.name,
    errorMessage: error.message,
    trace: error.stack?.split('\n') ?? [],
  };
  return new LambdaFunctionError(error.name, JSON.stringify(document));
}

/** A round trip through JSON, as Lambda serialises both the event and the result. */
function asJson(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

/**
 * The override for one Task state. aws-local-stepfunctions hands an override the input *after*
 * `Parameters`, so for `lambda:invoke` the function's event is that input's `Payload`, and the result
 * goes back as `{ Payload, StatusCode: 200 }` like the real integration.
 */
export function lambdaTaskOverride(options: {
  handler: LocalLambdaHandler;
  functionArn: string;
  integration: LambdaIntegration;
  timeoutSeconds: number;
}): (input: unknown) => Promise<unknown> {
  const { handler, functionArn, integration, timeoutSeconds } = options;
  return async (input) => {
    const event =
      integration === 'lambda:invoke'
        ? asJson((input as { Payload?: unknown } | null)?.Payload)
        : asJson(input);
    const context = createLambdaContext(functionArn, timeoutSeconds * 1000);
    let result: unknown;
    try {
      result = await handler(event as never, context, (() => undefined) as never);
    } catch (error) {
      throw lambdaErrorOf(error);
    }
    const payload = asJson(result);
    return integration === 'lambda:invoke'
      ? { ExecutedVersion: '$LATEST', Payload: payload, StatusCode: 200 }
      : payload;
  };
}
