/** The main job on a running local stack: submit through the HTTP API, follow it, fetch the emailed file. */
import { SFNClient } from '@aws-sdk/client-sfn';
import { FORMATS, type AudioFormat, type JobStatus } from '../../functions/shared/types.js';
import type { AudioOptions } from '../../functions/shared/contract/audio-options.js';
import type { CapturedEmail, LocalStack } from '../index.js';
import { downloadFileName } from '../../functions/shared/file-name.js';
import { executionArnFor } from '../../functions/shared/contract/arns.js';
import { downloadLinkIn, saveDownload } from './download-link.js';
import type { RequestedOptions } from './audio-option-flags.js';
import type { Reporter } from './reporter.js';
import { watchJob } from './watch-job.js';

export interface JobSummary {
  jobId: string;
  status: JobStatus;
  reason: string | null;
  video: { id: string; title: string; author: string; durationSeconds: number } | null;
  format: AudioFormat;
  /** The options the job was made with, as GET /jobs/{jobId} answers them. */
  options: AudioOptions | null;
  file: string | null;
  bytes: number | null;
  email: { to: string; subject: string } | null;
}

/** The flag a refused request field came from, so the error reads like the usage errors do. */
const FLAG_OF: Record<string, string> = { quality: '--quality', start: '--start', end: '--end' };

async function submit(
  apiUrl: string,
  body: { url: string; email: string; format: AudioFormat } & RequestedOptions,
): Promise<string> {
  const response = await fetch(`${apiUrl}/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as {
    jobId?: string;
    error?: { field?: string; message?: string };
  };
  if (!response.ok || !answer.jobId) {
    const message = answer.error?.message ?? `POST /jobs answered ${response.status}`;
    const flag = FLAG_OF[answer.error?.field ?? ''];
    throw new Error(flag ? `${flag}: ${message}` : message);
  }
  return answer.jobId;
}

/** The job's email: the latest one captured for this address (the command runs one job). */
function emailFor(stack: LocalStack, to: string): CapturedEmail {
  // The notify and failure handlers send before they record the final status, so it is there now.
  const email = stack
    .emails()
    .filter((candidate) => candidate.to.split(', ').includes(to))
    .at(-1);
  if (!email) throw new Error(`No email to ${to} was captured`);
  return email;
}

export async function runJob(
  stack: LocalStack,
  request: { url: string; email: string; format: AudioFormat; options: RequestedOptions; outDir: string },
  reporter: Reporter,
): Promise<JobSummary> {
  const jobId = await submit(stack.apiUrl, {
    url: request.url,
    email: request.email,
    format: request.format,
    ...request.options,
  });
  reporter.line(`Job ${jobId} queued`);
  const sfn = new SFNClient({ endpoint: stack.stepFunctionsUrl });
  const stopProgress = stack.onExtractProgress((progress) => {
    if (progress.jobId === jobId) reporter.progress(progress.seconds);
  });
  try {
    const job = await watchJob({
      apiUrl: stack.apiUrl,
      sfn,
      executionArn: executionArnFor(stack.stateMachineArn, jobId),
      jobId,
      onStep: (step) => reporter.step(step),
    });
    const email = emailFor(stack, request.email);
    const summary: JobSummary = {
      jobId,
      status: job.status,
      reason: job.reason ?? null,
      video: job.video ?? null,
      format: request.format,
      options: job.options ?? null,
      file: null,
      bytes: null,
      email: { to: email.to, subject: email.subject },
    };
    if (job.status !== 'DELIVERED') return summary;
    const link = downloadLinkIn(email, stack.apiUrl);
    if (!link) throw new Error('The delivery email has no download link');
    const fileName = downloadFileName(
      job.video?.title ?? jobId,
      job.video?.author,
      FORMATS[request.format].ext,
      job.options,
    );
    const saved = await saveDownload(link, request.outDir, fileName);
    return { ...summary, file: saved.path, bytes: saved.bytes };
  } finally {
    stopProgress();
    sfn.destroy();
  }
}
