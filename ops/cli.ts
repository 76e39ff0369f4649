/** `npm run ops -- <command>`: see, redrive and replay jobs, and empty the DLQ, on the local stack or on AWS. */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { documentClient, sfnClient, sqsClient } from '../functions/shared/aws.js';
import { DEFAULT_STACK_FILE } from '../local/stack-file.js';
import { deleteDeadLetters, listDeadLetters, redriveDeadLetters } from './dlq.js';
import { NotFound, OpsError, UsageError } from './errors.js';
import * as format from './format.js';
import { listJobs, parseSince, parseStatus } from './jobs.js';
import { redriveJob } from './redrive.js';
import { replayJob } from './replay.js';
import { showJob } from './show.js';
import { resolveTarget, type OpsTarget } from './target.js';

const USAGE = `Usage: npm run ops -- <command> [options]

Commands
  jobs [--status S] [--since D] [--limit N]   jobs, newest first (D: 2030-05-01, 30m, 1h, 2d)
  show <jobId>                                 the job, its execution and replays: where and why each failed, what next
  redrive <jobId>                              restart a failed execution at the state that failed
  replay <jobId>                               a new execution <jobId>-replay-<n> with the same input
  dlq                                          list the dead-letter queue (messages stay in it)
  dlq redrive                                  move the dead-letter job messages back to the jobs queue
  dlq delete <messageId>...                    delete messages from the dead-letter queue (e.g. "(not a job)")

Options
  --json               one JSON document on stdout, for scripts
  --local              the local stack described by --stack-file (default when \`npm run serve\` runs)
  --aws                the deployed stack: JOBS_TABLE, STATE_MACHINE_ARN, JOBS_QUEUE_URL, JOBS_DLQ_URL
  --stack-file PATH    default ${DEFAULT_STACK_FILE}
  -h, --help

Exit codes: 0 done, 1 error, 2 job or execution not found.`;

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  now?: () => Date;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

type Output = { json: unknown; text: string };

const COMMANDS = ['jobs', 'show', 'redrive', 'replay', 'dlq'];

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        status: { type: 'string' },
        since: { type: 'string' },
        limit: { type: 'string', default: '50' },
        json: { type: 'boolean', default: false },
        local: { type: 'boolean', default: false },
        aws: { type: 'boolean', default: false },
        'stack-file': { type: 'string', default: DEFAULT_STACK_FILE },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function jobIdArgument(positionals: string[], command: string): string {
  const [jobId, ...extra] = positionals;
  if (!jobId || extra.length) throw new UsageError(`${command} takes one jobId`);
  return jobId;
}

async function run(parsed: ReturnType<typeof parse>, target: OpsTarget, now: Date): Promise<Output> {
  const [command, ...rest] = parsed.positionals;
  const deps = {
    documents: documentClient(),
    sfn: sfnClient(),
    sqs: sqsClient(),
    jobsTable: target.jobsTable,
    stateMachineArn: target.stateMachineArn,
    queueUrl: target.queueUrl,
    deadLetterQueueUrl: target.deadLetterQueueUrl,
  };
  switch (command) {
    case 'jobs': {
      if (rest.length) throw new UsageError('jobs takes no arguments');
      const limit = Number(parsed.values.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive integer');
      const all = await listJobs(deps, {
        ...(parsed.values.status ? { status: parseStatus(parsed.values.status) } : {}),
        ...(parsed.values.since ? { since: parseSince(parsed.values.since, now) } : {}),
      });
      const jobs = all.slice(0, limit);
      return { json: { jobs, total: all.length }, text: format.formatJobs(jobs, all.length) };
    }
    case 'show': {
      const report = await showJob(deps, jobIdArgument(rest, 'show'));
      return { json: report, text: format.formatJobReport(report) };
    }
    case 'redrive': {
      const result = await redriveJob(deps, jobIdArgument(rest, 'redrive'));
      return { json: result, text: format.formatRedrive(result) };
    }
    case 'replay': {
      const result = await replayJob(deps, jobIdArgument(rest, 'replay'));
      return { json: result, text: format.formatReplay(result) };
    }
    case 'dlq': {
      if (rest.length === 0) {
        const messages = await listDeadLetters(deps);
        return { json: { messages }, text: format.formatDeadLetters(messages) };
      }
      if (rest.length === 1 && rest[0] === 'redrive') {
        const result = await redriveDeadLetters({ ...deps, now: () => now });
        return { json: result, text: format.formatDlqRedrive(result) };
      }
      if (rest[0] === 'delete') {
        const ids = rest.slice(1);
        if (ids.length === 0) throw new UsageError('dlq delete takes the message ids "dlq" lists');
        const result = await deleteDeadLetters(deps, ids);
        if (result.deleted.length === 0)
          throw new NotFound(`No message ${ids.join(', ')} in the dead-letter queue`);
        return { json: result, text: format.formatDlqDelete(result) };
      }
      throw new UsageError('dlq takes no argument, "redrive" or "delete <messageId>..."');
    }
    default:
      throw new UsageError(`Unknown command "${command}"`);
  }
}

function exitCodeOf(error: unknown): number {
  return error instanceof NotFound ? 2 : 1;
}

/** Runs one command; returns the exit code. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const wantsJson = argv.includes('--json');
  try {
    const parsed = parse(argv);
    if (parsed.values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    const command = parsed.positionals[0];
    if (!command || !COMMANDS.includes(command))
      throw new UsageError(command ? `Unknown command "${command}"` : 'Name a command');
    const target = resolveTarget({
      local: parsed.values.local,
      aws: parsed.values.aws,
      stackFile: parsed.values['stack-file'],
    });
    const output = await run(parsed, target, (io.now ?? (() => new Date()))());
    io.stdout(wantsJson ? `${JSON.stringify(output.json, null, 2)}\n` : `${output.text}\n`);
    return 0;
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    if (wantsJson) io.stdout(`${JSON.stringify({ error: { name, message } }, null, 2)}\n`);
    else {
      const usage = error instanceof UsageError ? `\n${USAGE}\n` : '';
      io.stderr(`${error instanceof OpsError ? message : `${name}: ${message}`}\n${usage}`);
    }
    return exitCodeOf(error);
  }
}

// Runs when started as a script (`tsx ops/cli.ts`), not when a test imports runCli.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runCli(process.argv.slice(2));
}
