/**
 * What an operator should do about a failed execution, by the kind of its error: the same advice as the
 * README's "When an execution fails", so the tool and the runbook never disagree.
 */
import { isTransient } from '../functions/shared/contract/errors.js';
import { isFailureStatus } from '../functions/shared/contract/statuses.js';
import type { ExecutionReport } from './execution.js';

/** Errors that mean the deployment, not the job, is wrong: a redrive fails the same way until it is fixed. */
const DEPLOYMENT_ERRORS = new Set([
  'ToolMissing',
  'ConfigError',
  'ExtractorOutdated',
  'InvalidTaskInput',
  'States.Runtime',
]);

/** Step Functions' own names for Lambda service faults: the functions' retries already ran out on them. */
const LAMBDA_TRANSIENT =
  /^Lambda\.(ServiceException|TooManyRequestsException|SdkClientException|AWSLambdaException)$/;

function again(execution: ExecutionReport): string {
  return execution.redriveStatus === 'REDRIVABLE'
    ? `npm run ops -- redrive ${execution.name}`
    : `npm run ops -- replay ${execution.name.replace(/-replay-\d+$/, '')} (no longer redrivable)`;
}

/** One line of advice for a failed execution, or undefined for one that is running or succeeded. */
export function hintFor(execution: ExecutionReport): string | undefined {
  if (!isFailureStatus(execution.status)) return undefined;
  const error = execution.lastError?.error ?? `States.${execution.status}`;
  if (error === 'ExtractionFailed') {
    return (
      'ffmpeg could not convert the source (corrupt, cut short or an unsupported codec): a redrive or ' +
      'replay fails the same way unless the source changed. Leave the job failed; its requester was told.'
    );
  }
  if (error === 'JobNotFound') {
    return 'The job item is gone (expired, or the execution was started by hand): there is nothing to finish.';
  }
  if (isTransient(error) || LAMBDA_TRANSIENT.test(error)) {
    return `${error} is a passing fault of the source, S3, SES, DynamoDB or Lambda that outlasted the step's retries: check that service's health, then: ${again(execution)}`;
  }
  if (DEPLOYMENT_ERRORS.has(error) || error.startsWith('Lambda.')) {
    return `${error} is a deployment problem (image, settings, secret, permissions or quota): fix it or redeploy first, then: ${again(execution)}`;
  }
  if (error === 'States.Timeout' || execution.status === 'TIMED_OUT') {
    return `A step or the execution ran out of time: read the function's log for why, then: ${again(execution)}`;
  }
  if (execution.status === 'ABORTED')
    return `The execution was stopped by hand: to finish it, ${again(execution)}`;
  return `Fix the cause, then: ${again(execution)}`;
}
