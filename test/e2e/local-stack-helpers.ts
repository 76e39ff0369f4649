/** Shared steps of the end-to-end tests: a memory-only local stack with no retry waits, job submission and polling. */
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GetExecutionHistoryCommand, SFNClient, type HistoryEvent } from '@aws-sdk/client-sfn';
import { loadStateMachineDefinition } from '../../statemachine/definition.js';
import { noRetryDelays } from '../../local/step-functions/runner/run-state-machine.js';
import { startLocalStack, type CapturedEmail, type LocalStack } from '../../local/index.js';

const NO_RETRY_WAITS = noRetryDelays(
  loadStateMachineDefinition({ ValidateFunctionArn: 'v', ExtractFunctionArn: 'e', NotifyFunctionArn: 'n' }),
);

/** `environment`: settings the handlers read (e.g. a shorter MAX_DURATION_SECONDS). */
export function startTestStack(environment?: Record<string, string>): Promise<LocalStack> {
  return startLocalStack({
    port: 0,
    retryIntervalOverrides: NO_RETRY_WAITS,
    onError: () => undefined,
    ...(environment ? { environment } : {}),
  });
}

export interface JobView {
  jobId: string;
  status: string;
  reason?: string;
  video?: { id: string; title: string; author: string; durationSeconds: number };
}

export async function submitJob(
  stack: LocalStack,
  body: { url: string; email: string; format?: string; [option: string]: unknown },
): Promise<string> {
  const response = await fetch(`${stack.apiUrl}/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { jobId: string };
  if (response.status !== 202)
    throw new Error(`POST /jobs answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer.jobId;
}

export async function getJob(stack: LocalStack, jobId: string): Promise<JobView> {
  const response = await fetch(`${stack.apiUrl}/jobs/${jobId}`);
  return (await response.json()) as JobView;
}

export async function waitForJob(stack: LocalStack, jobId: string, statuses: string[]): Promise<JobView> {
  for (;;) {
    const job = await getJob(stack, jobId);
    if (statuses.includes(job.status)) return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits for an email to `to` whose subject matches, as the recipient's inbox would show it. */
export async function waitForEmail(stack: LocalStack, to: string, subject: RegExp): Promise<CapturedEmail> {
  for (;;) {
    const email = stack.emails().find((candidate) => candidate.to === to && subject.test(candidate.subject));
    if (email) return email;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function downloadLink(stack: LocalStack, email: CapturedEmail): string {
  const match = new RegExp(`${stack.apiUrl.replaceAll('.', '\\.')}/download/[A-Za-z0-9._-]+`).exec(
    email.text ?? email.html ?? '',
  );
  if (!match) throw new Error(`No download link in "${email.subject}"`);
  return match[0];
}

export function executionArnOf(stack: LocalStack, jobId: string): string {
  return `${stack.stateMachineArn.replace(':stateMachine:', ':execution:')}:${jobId}`;
}

export async function executionHistory(
  sfn: SFNClient,
  stack: LocalStack,
  jobId: string,
): Promise<HistoryEvent[]> {
  const { events } = await sfn.send(
    new GetExecutionHistoryCommand({ executionArn: executionArnOf(stack, jobId), maxResults: 1000 }),
  );
  return events ?? [];
}

export function statesEntered(events: HistoryEvent[]): string[] {
  return events
    .filter((event) => event.type?.endsWith('StateEntered'))
    .map((event) => event.stateEnteredEventDetails!.name!);
}

/**
 * A media route whose stream breaks off at half the file while `faulty()` is true: the start (headers,
 * probes) is served, reads past the middle are cut, and a range request beyond it answers 503.
 */
export function cutOffMidStream(filePath: string, contentType: string, faulty: () => boolean) {
  return (request: IncomingMessage, response: ServerResponse) => {
    const size = statSync(filePath).size;
    const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.range ?? '');
    const start = range?.[1] ? Number(range[1]) : 0;
    const end = range?.[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    const cutAt = faulty() ? Math.floor(size / 2) : size;
    if (start >= cutAt) return void response.writeHead(503).end();
    response.writeHead(range ? 206 : 200, {
      'content-type': contentType,
      'content-length': end - start + 1,
      'accept-ranges': 'bytes',
      ...(range ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
    });
    if (request.method === 'HEAD') return void response.end();
    const stream = createReadStream(filePath, { start, end: Math.min(end, cutAt - 1) });
    stream.pipe(response, { end: false });
    stream.on('end', () => (cutAt > end ? response.end() : response.destroy()));
  };
}
