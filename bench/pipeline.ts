/**
 * Sections 3, 4 and 6 on the local stack (the real ASL, handlers and wire-API emulators): orchestration
 * overhead of one job, 50 jobs for 5 sources at once (dedupe, throughput), and billed state transitions.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { startLocalStack, type LocalStack } from '../local/index.js';
import { executionArnFor } from '../functions/shared/contract/arns.js';
import { startMediaServer, type MediaServer } from '../test/support/media.js';
import { atMost, exactly, figure, median, type Figure } from './lib/report.js';
import { BENCH_DIR, benchSource } from './lib/sources.js';
import { stateSeconds, stateTransitions, USD_PER_TRANSITION } from './lib/state-transitions.js';

export interface PipelinePlan {
  ffmpegPath: string;
  ffprobePath: string;
  overheadRuns: number;
  log: (line: string) => void;
}

const COUNTER = join(BENCH_DIR, 'ffmpeg-runs.log');

/** An ffmpeg that logs each run, so extractions are counted where they happen (ffprobe is not ffmpeg). */
function countingFfmpeg(ffmpegPath: string): string {
  const directory = join(BENCH_DIR, 'bin');
  mkdirSync(directory, { recursive: true });
  const wrapper = join(directory, 'ffmpeg');
  writeFileSync(wrapper, `#!/bin/sh\necho run >> '${COUNTER}'\nexec '${ffmpegPath}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  return wrapper;
}

const ffmpegRuns = () =>
  existsSync(COUNTER) ? readFileSync(COUNTER, 'utf8').split('\n').filter(Boolean).length : 0;

async function submit(stack: LocalStack, url: string, email: string): Promise<string> {
  const response = await fetch(`${stack.apiUrl}/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url, email, format: 'mp3' }),
  });
  const answer = (await response.json()) as { jobId?: string };
  if (response.status !== 202 || !answer.jobId)
    throw new Error(`POST /jobs answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer.jobId;
}

async function waitForEmail(stack: LocalStack, to: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!stack.emails().some((email) => email.to === to)) {
    if (Date.now() > deadline) throw new Error(`No email to ${to} within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The execution's history once it has finished (the email goes out before Notify's state exits). */
async function history(sfn: SFNClient, stack: LocalStack, jobId: string): Promise<HistoryEvent[]> {
  const executionArn = executionArnFor(stack.stateMachineArn, jobId);
  while ((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status === 'RUNNING') {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return events ?? [];
}

export async function benchPipeline(plan: PipelinePlan): Promise<Figure[]> {
  rmSync(COUNTER, { force: true });
  const stack = await startLocalStack({
    port: 0,
    environment: { FFMPEG_PATH: countingFfmpeg(plan.ffmpegPath), FFPROBE_PATH: plan.ffprobePath },
    onError: (message, error) => plan.log(`[local stack] ${message}: ${String(error)}`),
  });
  const sfn = new SFNClient({ endpoint: stack.stepFunctionsUrl, region: 'us-east-1' });
  const media: MediaServer = await startMediaServer();
  const figures: Figure[] = [];
  try {
    // 3. One 10-second clip, a fresh source each run (a repeat would be a cache hit).
    const clip = await benchSource(10);
    const totals: number[] = [];
    const overheads: number[] = [];
    const delivered: HistoryEvent[][] = [];
    for (let run = 0; run < plan.overheadRuns; run++) {
      media.serveFile(`/clip-${run}.m4a`, clip, 'audio/mp4');
      const email = `overhead-${run}@example.com`;
      const started = performance.now();
      const jobId = await submit(stack, media.url(`/clip-${run}.m4a`), email);
      await waitForEmail(stack, email);
      const total = (performance.now() - started) / 1000;
      const events = await history(sfn, stack, jobId);
      delivered.push(events);
      totals.push(total);
      overheads.push(total - (stateSeconds(events, 'Extract') ?? 0));
    }
    plan.log(
      `pipeline 10 s clip: total ${median(totals)!.toFixed(2)} s, overhead ${median(overheads)!.toFixed(2)} s`,
    );
    figures.push(
      figure({ section: 3, name: 'POST /jobs → email captured, 10 s clip', unit: 's', ours: median(totals) }),
    );
    figures.push(
      figure(
        {
          section: 3,
          name: 'orchestration overhead (that minus Extract)',
          unit: 's',
          ours: median(overheads),
        },
        atMost(1),
      ),
    );

    // 6. Transitions for a delivered job, a cache hit (same source again) and a rejection (404 source).
    const hitEmail = 'cache-hit@example.com';
    const hitJob = await submit(stack, media.url('/clip-0.m4a'), hitEmail);
    await waitForEmail(stack, hitEmail);
    media.route('/missing.m4a', (_request, response) => void response.writeHead(404).end());
    const rejectEmail = 'rejected@example.com';
    const rejectJob = await submit(stack, media.url('/missing.m4a'), rejectEmail);
    await waitForEmail(stack, rejectEmail);
    const perJob = {
      'delivered job (extracted)': stateTransitions(delivered[0]!),
      'cache hit': stateTransitions(await history(sfn, stack, hitJob)),
      rejection: stateTransitions(await history(sfn, stack, rejectJob)),
    };
    for (const [kind, transitions] of Object.entries(perJob)) {
      figures.push(
        figure({ section: 6, name: `state transitions per ${kind}`, unit: 'transitions', ours: transitions }),
      );
      figures.push(
        figure({
          section: 6,
          name: `Step Functions USD per 1,000 jobs, ${kind}`,
          unit: 'USD',
          ours: transitions * 1000 * USD_PER_TRANSITION,
        }),
      );
    }

    // 4. 50 jobs at once for 5 distinct short sources.
    const runsBefore = ffmpegRuns();
    const sources = await Promise.all(
      [220, 330, 440, 550, 660].map((frequency) => benchSource(5, frequency)),
    );
    sources.forEach((path, index) => media.serveFile(`/batch-${index}.m4a`, path, 'audio/mp4'));
    const emailsBefore = stack.emails().length;
    const started = performance.now();
    const jobIds = await Promise.all(
      Array.from({ length: 50 }, (_, job) =>
        submit(stack, media.url(`/batch-${job % 5}.m4a`), `batch-${job}@example.com`),
      ),
    );
    await Promise.all(jobIds.map((_, job) => waitForEmail(stack, `batch-${job}@example.com`)));
    const seconds = (performance.now() - started) / 1000;
    const batchEmails = stack.emails().length - emailsBefore;
    const extractions = ffmpegRuns() - runsBefore;
    const batchTransitions = await Promise.all(
      jobIds.map(async (jobId) => stateTransitions(await history(sfn, stack, jobId))),
    );
    plan.log(`batch: 50 jobs in ${seconds.toFixed(1)} s, ${extractions} ffmpeg runs, ${batchEmails} emails`);
    figures.push(
      figure(
        { section: 4, name: '50 jobs / 5 sources: emails sent', unit: 'emails', ours: batchEmails },
        exactly(50),
      ),
    );
    figures.push(
      figure(
        {
          section: 4,
          name: '50 jobs / 5 sources: extractions (ffmpeg runs)',
          unit: 'runs',
          ours: extractions,
        },
        exactly(5),
      ),
    );
    figures.push(
      figure({
        section: 4,
        name: '50 jobs / 5 sources: throughput (ASL retry waits included)',
        unit: 'jobs/s',
        ours: 50 / seconds,
      }),
    );
    figures.push(
      figure({
        section: 6,
        name: 'state transitions per job in that batch (mean)',
        unit: 'transitions',
        ours: batchTransitions.reduce((a, b) => a + b, 0) / 50,
      }),
    );
  } finally {
    sfn.destroy();
    await media.close();
    await stack.stop();
  }
  return figures;
}
