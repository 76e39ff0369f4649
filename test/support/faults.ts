/**
 * Test-only fault injection for the local stack: AWS SDK middleware on the clients the handlers share
 * (functions/shared/aws.ts), and handler switches for `startLocalStack({ wrapFunction })`. Production
 * code carries no fault flags: the handlers run unchanged, only their clients' stacks are extended.
 */
import { Readable } from 'node:stream';
import type {
  DeserializeHandler,
  DeserializeHandlerArguments,
  DeserializeHandlerOutput,
  HandlerExecutionContext,
  MiddlewareStack,
} from '@smithy/types';
import type { AnyHandler, FunctionName, WrapFunction } from '../../local/index.js';

/** Any AWS SDK v3 client (its middleware stack is all a fault needs). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- every client's stack has its own input/output types
export type AnyClient = { middlewareStack: MiddlewareStack<any, any> };

/** What a failing service puts on the wire; the SDK parses it into its own error, as in production. */
export interface WireAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export const WIRE_ANSWERS = {
  s3ServiceUnavailable: {
    statusCode: 503,
    headers: { 'content-type': 'application/xml' },
    body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>ServiceUnavailable</Code><Message>Please reduce your request rate.</Message></Error>',
  },
  s3InternalError: {
    statusCode: 500,
    headers: { 'content-type': 'application/xml' },
    body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message></Error>',
  },
  sesThrottled: {
    statusCode: 429,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' },
    body: '{"message":"Maximum sending rate exceeded."}',
  },
  dynamoDbThrottled: {
    statusCode: 400,
    headers: { 'content-type': 'application/x-amz-json-1.0' },
    body: '{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"The level of configured provisioned throughput for the table was exceeded."}',
  },
} satisfies Record<string, WireAnswer>;

/** Which calls a fault applies to: the command's class name, optionally narrowed by its input. */
export interface CallMatch {
  command: string;
  when?: (input: Record<string, unknown>) => boolean;
}

export interface Fault {
  /** Calls the fault has acted on so far. */
  readonly hits: number;
  remove(): void;
}

let nextId = 0;

type Output = DeserializeHandlerOutput<object>;

interface Call {
  input: Record<string, unknown>;
  proceed: () => Promise<Output>;
}

/**
 * Adds a middleware for matching calls. It sits last before the HTTP handler (deserialize step, low
 * priority), so the SDK's retry and error parsing run around it exactly as they do around the network.
 */
function intercept(
  client: AnyClient,
  match: CallMatch,
  act: (call: Call, hit: number) => Promise<Output> | undefined,
): Fault {
  const name = `test-fault-${(nextId += 1)}`;
  let hits = 0;
  client.middlewareStack.add(
    (next: DeserializeHandler<object, object>, context: HandlerExecutionContext) =>
      async (args: DeserializeHandlerArguments<object>) => {
        const input = args.input as Record<string, unknown>;
        const proceed = () => next(args);
        if (context.commandName !== match.command || (match.when && !match.when(input))) return proceed();
        const acted = act({ input, proceed }, hits + 1);
        if (!acted) return proceed();
        hits += 1;
        return acted;
      },
    { step: 'deserialize', priority: 'low', name },
  );
  return {
    get hits() {
      return hits;
    },
    remove: () => void client.middlewareStack.remove(name),
  };
}

/** Answers the first `times` matching calls with `answer` (a list is taken in turn) instead of sending them. */
export function failCalls(
  client: AnyClient,
  match: CallMatch & { times: number; answer: WireAnswer | WireAnswer[] },
): Fault {
  const answers = [match.answer].flat();
  return intercept(client, match, (_call, hit) => {
    if (hit > match.times) return undefined;
    const answer = answers[(hit - 1) % answers.length]!;
    return Promise.resolve({
      output: undefined,
      response: {
        statusCode: answer.statusCode,
        headers: { ...answer.headers },
        body: Readable.from([Buffer.from(answer.body)]),
      },
    });
  });
}

/** Lets the first `times` matching calls succeed, then throws: a function that dies after its effect. */
export function failAfterCalls(
  client: AnyClient,
  match: CallMatch & { times: number; error: () => Error },
): Fault {
  return intercept(client, match, (call, hit) =>
    hit <= match.times
      ? call.proceed().then(() => {
          throw match.error();
        })
      : undefined,
  );
}

/** Counts matching calls that reached the service, and keeps their inputs. */
export function recordCalls(
  client: AnyClient,
  match: CallMatch,
): Fault & { inputs: Record<string, unknown>[] } {
  const inputs: Record<string, unknown>[] = [];
  const fault = intercept(client, match, (call) => {
    inputs.push(call.input);
    return call.proceed();
  });
  return Object.assign(fault, { inputs });
}

/** Holds matching calls until `release()`: keeps a step in the middle of its work for as long as a test needs. */
export function holdCalls(client: AnyClient, match: CallMatch): Fault & { release(): void } {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const fault = intercept(client, match, (call) => released.then(call.proceed));
  return Object.assign(fault, { release });
}

/**
 * Follows multipart uploads through the client, since the S3 emulator cannot list them: an upload is
 * open from a successful CreateMultipartUpload until a successful Complete or Abort.
 */
export function trackMultipartUploads(s3: AnyClient): {
  created(): string[];
  open(): string[];
  remove(): void;
} {
  const created: string[] = [];
  const open = new Set<string>();
  const faults = [
    intercept(s3, { command: 'CreateMultipartUploadCommand' }, async (call) => {
      const result = await call.proceed();
      const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(await peekBody(result.response))?.[1];
      if (uploadId) {
        created.push(uploadId);
        open.add(uploadId);
      }
      return result;
    }),
    ...['CompleteMultipartUploadCommand', 'AbortMultipartUploadCommand'].map((command) =>
      intercept(s3, { command }, async (call) => {
        const result = await call.proceed();
        const status = (result.response as { statusCode?: number }).statusCode ?? 0;
        if (status < 300) open.delete(String(call.input.UploadId));
        return result;
      }),
    ),
  ];
  return {
    created: () => [...created],
    open: () => [...open],
    remove: () => faults.forEach((fault) => fault.remove()),
  };
}

/** Reads a raw response body and puts an equal one back for the SDK's own deserializer. */
async function peekBody(response: unknown): Promise<string> {
  const raw = response as { body?: Readable };
  if (!raw.body) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of raw.body) chunks.push(Buffer.from(chunk as Uint8Array));
  const body = Buffer.concat(chunks);
  raw.body = Readable.from([body]);
  return body.toString('utf8');
}

/** Broken functions for `startLocalStack({ wrapFunction })`: a broken one throws before its handler runs. */
export class HandlerFaults {
  private readonly broken = new Map<FunctionName, () => Error>();
  private readonly counts = new Map<FunctionName, number>();

  readonly wrap: WrapFunction = (name, handler): AnyHandler =>
    (async (event, context) => {
      this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
      const error = this.broken.get(name);
      if (error) throw error();
      return handler(event, context);
    }) as AnyHandler;

  breakFunction(name: FunctionName, error: () => Error): void {
    this.broken.set(name, error);
  }

  repair(name: FunctionName): void {
    this.broken.delete(name);
  }

  /** Invocations of the function so far, broken or not. */
  invocations(name: FunctionName): number {
    return this.counts.get(name) ?? 0;
  }
}
