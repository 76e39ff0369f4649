/**
 * Which stack `npm run ops` talks to: the local stack a running `npm run serve` described in its stack
 * file, or the deployed stack named by environment variables. Both are then reached with the same clients.
 */
import { isStackRunning, readStackFile, useStackEndpoints } from '../local/stack-file.js';
import { ConfigError } from '../functions/shared/errors.js';
import { opsConfig } from './config.js';
import { NoTarget, UsageError } from './errors.js';

export interface OpsTarget {
  kind: 'local' | 'aws';
  jobsTable: string;
  stateMachineArn: string;
  queueUrl: string;
  deadLetterQueueUrl: string;
}

export interface TargetChoice {
  /** `--local`: the stack file must describe a running stack. */
  local?: boolean;
  /** `--aws`: ignore any stack file. */
  aws?: boolean;
  stackFile: string;
}

export function resolveTarget(choice: TargetChoice, env?: NodeJS.ProcessEnv): OpsTarget {
  if (choice.local && choice.aws) throw new UsageError('--local and --aws exclude each other');
  if (!choice.aws) {
    const file = readStackFile(choice.stackFile);
    const running = file !== undefined && isStackRunning(file);
    if (choice.local && !file)
      throw new UsageError(
        `No local stack: ${choice.stackFile} does not exist (start one with npm run serve)`,
      );
    if (choice.local && !running)
      throw new UsageError(`The local stack in ${choice.stackFile} (pid ${file!.pid}) is not running`);
    if (file && running) {
      // Offline credentials and the emulators' endpoints: nothing reaches AWS or the metadata address.
      useStackEndpoints(file.resources);
      return {
        kind: 'local',
        jobsTable: file.resources.jobsTable,
        stateMachineArn: file.resources.stateMachineArn,
        queueUrl: file.resources.queueUrl,
        deadLetterQueueUrl: file.resources.deadLetterQueueUrl,
      };
    }
  }
  let config;
  try {
    config = opsConfig.load(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const local = choice.aws
      ? ''
      : `No local stack is running (${choice.stackFile}: start one with npm run serve), and `;
    throw new NoTarget(`${local}the AWS stack is not named. ${error.message}`);
  }
  return {
    kind: 'aws',
    jobsTable: config.JOBS_TABLE,
    stateMachineArn: config.STATE_MACHINE_ARN,
    queueUrl: config.JOBS_QUEUE_URL,
    deadLetterQueueUrl: config.JOBS_DLQ_URL,
  };
}
