/** Human output of `npm run ops`: aligned tables and short reports (scripts use `--json`). */
import { maskEmail } from '../functions/shared/logger.js';
import { isFailureStatus } from '../functions/shared/contract/statuses.js';
import type { DeadLetter, DlqDeleteResult, DlqRedriveResult } from './dlq.js';
import type { ExecutionError, ExecutionReport } from './execution.js';
import type { JobSummary } from './jobs.js';
import type { RedriveResult } from './redrive.js';
import type { ReplayResult } from './replay.js';
import type { JobReport } from './show.js';

function clip(text: string | undefined, width: number): string {
  const value = (text ?? '').replace(/\s+/g, ' ').trim();
  return value.length > width ? `${value.slice(0, width - 1)}…` : value;
}

/** `2030-05-01T12:00:00.000Z` → `2030-05-01 12:00:00Z`. */
export function shortTime(iso: string | undefined): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';
}

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export function formatJobs(jobs: JobSummary[], total: number): string {
  if (jobs.length === 0) return 'No jobs match.';
  const rows = jobs.map((job) => [
    job.jobId,
    job.status,
    job.format,
    clip(job.title, 40),
    shortTime(job.updated),
    clip(job.reason, 60),
  ]);
  const more = total > jobs.length ? `\n(${jobs.length} of ${total} shown; use --limit)` : '';
  return `${table(['JOB', 'STATUS', 'FORMAT', 'TITLE', 'UPDATED', 'REASON'], rows)}${more}`;
}

/** A Lambda error's cause is JSON `{ errorType, errorMessage, trace }`: the message is what a person reads. */
export function errorText(failure: ExecutionError): string {
  let message = failure.cause ?? '';
  try {
    const parsed = JSON.parse(message) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') message = parsed.errorMessage;
  } catch {
    // Not JSON: the cause is already plain text.
  }
  return message ? `${failure.error}: ${clip(message, 300)}` : failure.error;
}

export function formatJobReport(report: JobReport): string {
  const lines = [`Job ${report.jobId}`];
  const { job, execution } = report;
  if (job) {
    lines.push(
      `  status     ${job.status}${job.reason ? ` (${job.reason})` : ''}`,
      `  source     ${job.source_url}`,
      `  format     ${job.format}`,
      ...(job.video ? [`  video      ${job.video.title} — ${job.video.author} (${job.video.id})`] : []),
      `  requester  ${job.email}`,
      `  created    ${shortTime(job.created_at)}`,
      `  updated    ${shortTime(job.updated_at)}`,
    );
  } else lines.push('  (no job item: it expired or was never written)');
  if (!execution) {
    lines.push(
      'Execution: none started. If the job is QUEUED, its message may be in the DLQ: npm run ops -- dlq',
    );
    return lines.join('\n');
  }
  lines.push(...executionLines(execution));
  for (const replay of report.replays ?? []) lines.push(...executionLines(replay));
  return lines.join('\n');
}

function executionLines(execution: ExecutionReport): string[] {
  const failed = isFailureStatus(execution.status);
  return [
    `Execution ${execution.name}`,
    `  status     ${execution.status}${execution.redriveCount ? ` (redriven ${execution.redriveCount}×)` : ''}`,
    ...(execution.state ? [`  ${failed ? 'failed at ' : 'state     '} ${execution.state}`] : []),
    `  started    ${shortTime(execution.startDate)}`,
    ...(execution.stopDate ? [`  stopped    ${shortTime(execution.stopDate)}`] : []),
    ...(execution.lastError ? [`  last error ${errorText(execution.lastError)}`] : []),
    `  arn        ${execution.executionArn}`,
    ...(execution.hint ? [`  next       ${execution.hint}`] : []),
  ];
}

export function formatRedrive(result: RedriveResult): string {
  const from = result.fromState ? ` from ${result.fromState}` : '';
  return `Redriven ${result.executionArn}${from}.\nFollow it with: npm run ops -- show ${result.jobId}`;
}

export function formatReplay(result: ReplayResult): string {
  const lines = [`Started ${result.name} with the input of ${result.jobId}: ${result.executionArn}`];
  if (result.emailAlreadySent) {
    lines.push(
      `The job is ${result.jobStatus}: Notify is idempotent on the jobId, so this replay sends no second email.`,
    );
  }
  return lines.join('\n');
}

function bodyPreview(letter: DeadLetter): string {
  // Job requests hold no email, but a malformed body could hold anything.
  return clip(maskEmail(letter.body), 80);
}

export function formatDeadLetters(letters: DeadLetter[]): string {
  if (letters.length === 0) return 'The dead-letter queue is empty.';
  const rows = letters.map((letter) => [
    letter.messageId,
    letter.jobId ?? '(not a job)',
    shortTime(letter.sentAt),
    String(letter.receiveCount ?? ''),
    bodyPreview(letter),
  ]);
  const jobs = letters.filter((letter) => letter.jobId).length;
  const malformed = letters.length - jobs;
  return [
    table(['MESSAGE', 'JOB', 'SENT', 'RECEIVES', 'BODY'], rows),
    `${letters.length} message(s).`,
    ...(jobs
      ? [`Move the ${jobs} job message(s) back to the jobs queue with: npm run ops -- dlq redrive`]
      : []),
    ...(malformed
      ? [
          `${malformed} message(s) are not a job request and no redrive helps them: read them, then ` +
            `npm run ops -- dlq delete ${letters
              .filter((letter) => !letter.jobId)
              .map((letter) => letter.messageId)
              .join(' ')}`,
        ]
      : []),
  ].join('\n');
}

export function formatDlqRedrive(result: DlqRedriveResult): string {
  const lines = [
    result.moved.length
      ? `Moved ${result.moved.length} message(s) back to the jobs queue: ${result.moved.map((letter) => letter.jobId ?? letter.messageId).join(', ')}`
      : 'Nothing moved.',
  ];
  for (const { message, retryAfter } of result.held) {
    lines.push(
      `Held ${message.jobId ?? message.messageId}: sent less than 5 minutes ago, the FIFO queue would drop it as a duplicate; run again after ${shortTime(retryAfter)}.`,
    );
  }
  for (const letter of result.skipped) {
    lines.push(
      `Left ${letter.messageId}: not a job request. Read it with "npm run ops -- dlq", then: npm run ops -- dlq delete ${letter.messageId}`,
    );
  }
  return lines.join('\n');
}

export function formatDlqDelete(result: DlqDeleteResult): string {
  const lines = [
    result.deleted.length
      ? `Deleted ${result.deleted.length} message(s): ${result.deleted.map((letter) => letter.messageId).join(', ')}`
      : 'Nothing deleted.',
  ];
  if (result.missing.length) lines.push(`Not in the dead-letter queue: ${result.missing.join(', ')}`);
  return lines.join('\n');
}
