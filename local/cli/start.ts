/**
 * `npm start -- <url|file> --email <addr> [--format mp3|m4a|opus] [--out DIR] [--json] [--bundled]`: the whole
 * service on this machine for one job. Exit 0 DELIVERED, 2 REJECTED, 1 FAILED or any error.
 */
// First: the logger reads its level when it is created, on import.
import './quiet-logs.js';
import { parseStartArguments, USAGE, UsageError } from './arguments.js';
import { displayPath, formatBytes, formatDuration, formatOptions, Reporter } from './reporter.js';
import { runJob, type JobSummary } from './run-job.js';

const EXIT = { DELIVERED: 0, REJECTED: 2, FAILED: 1 } as const;

function describe(summary: JobSummary): string[] {
  const lines = [''];
  if (summary.video) {
    lines.push(
      `  ${summary.video.title} — ${summary.video.author} (${formatDuration(summary.video.durationSeconds)})`,
    );
  }
  if (summary.status === 'DELIVERED') {
    const where = displayPath(summary.file ?? '', process.cwd());
    const rendition = formatOptions(summary.format, summary.options);
    lines.push(`Delivered: ${where} (${rendition}, ${formatBytes(summary.bytes ?? 0)})`);
  } else {
    lines.push(
      `${summary.status === 'REJECTED' ? 'Rejected' : 'Failed'}: ${summary.reason ?? 'no reason recorded'}`,
    );
  }
  if (summary.email) lines.push(`Email: "${summary.email.subject}"`);
  return lines;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseStartArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return 1;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { startLocalStack } = await import('../index.js');
  // With --json, stdout carries only the summary line; the steps go to stderr.
  const human = args.json ? process.stderr : process.stdout;
  const reporter = new Reporter(human, args.email);
  if (args.bundled) reporter.line('Running the deploy bundles (built on first use, then cached)');
  const stack = await startLocalStack({
    port: 0,
    bundled: args.bundled,
    onError: (message) => reporter.line(`  ! ${message}`),
  });
  const interrupt = () => void stack.stop().finally(() => process.exit(130));
  process.once('SIGINT', interrupt);
  try {
    const summary = await runJob(stack, args, reporter);
    for (const line of describe(summary)) reporter.line(line);
    if (args.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    return EXIT[summary.status as keyof typeof EXIT] ?? 1;
  } finally {
    process.off('SIGINT', interrupt);
    await stack.stop();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
