/**
 * Every function's entry point, wrapped once with middy: Powertools puts the Lambda context on each log
 * line and drops the invocation's keys (jobId, videoId) afterwards, and the metrics recorded are flushed
 * whether the handler returned or threw. Task handlers also get their payload parsed against the contract.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type * as z from 'zod';
import { appendJobKeys, logger } from './logger.js';
import { flushMetrics } from './metrics.js';
import { parseTaskInput } from './task-input.js';

/** What a wrapped handler looks like to its callers: Lambda passes a context, unit tests may not. */
export type WrappedHandler<E, R> = (event: E, context?: Context) => Promise<R>;

export interface JobKeys {
  jobId?: string;
  videoId?: string;
}

/**
 * Powertools' own metrics middleware warns on every invocation that recorded nothing (a status
 * request, a redelivered job): this one flushes only what was recorded.
 */
const flushRecordedMetrics = { after: flushMetrics, onError: flushMetrics };

/** Stands in for a missing context inside middy; the handler itself is given `undefined` again. */
const NO_CONTEXT = Object.freeze({}) as Context;

/** Wraps a handler with the logging context and the metrics flush. */
export function lambdaHandler<E, R>(
  handler: (event: E, context: Context | undefined) => Promise<R>,
): WrappedHandler<E, R> {
  const wrapped = middy<E, R, Error, Context>(
    (event: E, context: Context) => handler(event, context === NO_CONTEXT ? undefined : context),
    // Lambda's own timeout stops an invocation; middy must not race it with one of its own.
    { timeoutEarlyInMillis: 0 },
  )
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(flushRecordedMetrics);
  return (event, context) => wrapped(event, context ?? NO_CONTEXT);
}

export interface TaskContract<S extends z.ZodType> {
  /** The Task's input schema (functions/shared/contract/tasks.ts). */
  schema: S;
  /** Names the payload in the InvalidTaskInput message, e.g. "Invalid Extract input". */
  invalid: string;
  /** The ids every log line of the invocation carries. */
  jobKeys: (input: z.infer<S>) => JobKeys;
}

/**
 * A Task's handler: the payload is parsed with its schema first (a malformed one is the permanent
 * InvalidTaskInput naming each bad field), then its job keys join the log lines.
 */
export function taskHandler<S extends z.ZodType, R>(
  contract: TaskContract<S>,
  handler: (input: z.infer<S>, context: Context | undefined) => Promise<R>,
): WrappedHandler<unknown, R> {
  return lambdaHandler(async (event: unknown, context: Context | undefined) => {
    const input = parseTaskInput(contract.schema, event, contract.invalid);
    appendJobKeys(contract.jobKeys(input));
    return handler(input, context);
  });
}
