/**
 * Executions of the local state machine: start (name-unique), describe, list, history, stop, redrive.
 * Each execution runs in this process through an `ExecutionEngine`; the store keeps its record and history.
 */
import type { ExecutionEvent } from '../runner/execution-history.js';
import { HistoryLog, historyEventsOf, type HistoryEvent, type TaskResource } from './history-events.js';
import type { StateMachineDefinitionJson } from '../../../statemachine/definition.js';
import { executionArnFor } from '../../../functions/shared/contract/arns.js';
import type { ClosedStatus, ExecutionStatus, ResumePoint } from '../types.js';
import { parseArn } from './arns.js';
import {
  executionDoesNotExist,
  invalidName,
  stateMachineDoesNotExist,
  StepFunctionsError,
} from './errors.js';
import { isValidName } from './names.js';
import { redriveStatusOf, type RedriveStatus } from './redrive-status.js';
import { localStateMachine, type LocalStateMachine } from './state-machine.js';

export interface RunOutcome {
  status: ClosedStatus;
  output?: unknown;
  error?: string;
  cause?: string;
  failedAt?: ResumePoint;
}

export interface RunRequest {
  input: unknown;
  /** Start at this state instead of the definition's StartAt (redrive). */
  startAt?: string;
  /** The original execution input and identity, for the context object (`$$.Execution`). */
  execution: { id: string; name: string; input: unknown; startTime: string };
  onEvent(event: ExecutionEvent): void;
}

export interface ExecutionEngine {
  /** The definition the engine runs (placeholders filled), as DescribeStateMachine shows it. */
  definition: StateMachineDefinitionJson;
  resourceOf(state: string): TaskResource;
  run(request: RunRequest): { abort(): void; outcome: Promise<RunOutcome> };
}

export interface Execution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: Date;
  stopDate?: Date;
  redriveCount: number;
  redriveDate?: Date;
  /** The clientToken of the last accepted redrive: the same token again is the same redrive. */
  redriveToken?: string;
  failedAt?: ResumePoint;
  history: HistoryLog;
}

export type ExecutionFilter = {
  /** PENDING_REDRIVE is a valid filter; no local execution waits in it (a redrive runs at once). */
  statusFilter?: ExecutionStatus | 'PENDING_REDRIVE';
  redriveFilter?: 'REDRIVEN' | 'NOT_REDRIVEN';
};

export class ExecutionStore {
  private readonly executions = new Map<string, Execution>();
  private readonly running = new Map<string, { abort(): void; done: Promise<void> }>();
  readonly stateMachine: LocalStateMachine;
  private readonly now: () => number;

  constructor(
    readonly stateMachineArn: string,
    private readonly engine: ExecutionEngine,
    /** Called when an execution closes FAILED, TIMED_OUT or ABORTED (the EventBridge status-change rule). */
    private readonly onFailure: (execution: Execution) => Promise<void>,
    options: { now?: () => number } = {},
  ) {
    this.stateMachine = localStateMachine(stateMachineArn, engine.definition);
    this.now = options.now ?? Date.now;
  }

  /** AWS's order: the ARN, the state machine, the name, then the input. */
  start(stateMachineArn: string, name: string, input: string): Execution {
    this.requireStateMachine(stateMachineArn);
    if (!isValidName(name)) throw invalidName(name);
    const parsedInput = parseInput(input);
    const executionArn = executionArnFor(stateMachineArn, name);
    const existing = this.executions.get(executionArn);
    if (existing) {
      // Standard workflows: the same name and input while running is the same execution.
      if (existing.status === 'RUNNING' && existing.input === input) return existing;
      throw new StepFunctionsError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const execution: Execution = {
      executionArn,
      stateMachineArn,
      name,
      status: 'RUNNING',
      input,
      startDate: new Date(this.now()),
      redriveCount: 0,
      history: new HistoryLog(),
    };
    this.executions.set(executionArn, execution);
    execution.history.append({
      type: 'ExecutionStarted',
      executionStartedEventDetails: {
        input,
        inputDetails: { truncated: false },
        roleArn: this.stateMachine.roleArn,
      },
    });
    this.launch(execution, parsedInput);
    return execution;
  }

  describe(executionArn: string): Execution {
    parseArn(executionArn, 'execution');
    const execution = this.executions.get(executionArn);
    if (!execution) throw executionDoesNotExist(executionArn);
    return execution;
  }

  describeStateMachine(stateMachineArn: string): LocalStateMachine {
    this.requireStateMachine(stateMachineArn);
    return this.stateMachine;
  }

  /** Newest first, as AWS lists them. */
  list(stateMachineArn: string, filter: ExecutionFilter = {}): Execution[] {
    this.requireStateMachine(stateMachineArn);
    const { statusFilter, redriveFilter } = filter;
    return [...this.executions.values()]
      .filter((execution) => !statusFilter || execution.status === statusFilter)
      .filter((execution) => !redriveFilter || execution.redriveCount > 0 === (redriveFilter === 'REDRIVEN'))
      .sort((a, b) => b.startDate.getTime() - a.startDate.getTime());
  }

  redriveStatus(execution: Execution): RedriveStatus {
    return redriveStatusOf(execution, this.now());
  }

  history(executionArn: string): readonly HistoryEvent[] {
    return this.describe(executionArn).history.all();
  }

  stop(executionArn: string, error?: string, cause?: string): Date {
    const execution = this.describe(executionArn);
    const run = this.running.get(executionArn);
    // Stopping a closed execution changes nothing.
    if (execution.status !== 'RUNNING' || !run) return execution.stopDate ?? new Date(this.now());
    execution.error = error;
    execution.cause = cause;
    run.abort();
    return new Date(this.now());
  }

  /** Resumes a FAILED, TIMED_OUT or ABORTED execution at the state it stopped at; `clientToken` makes it idempotent. */
  redrive(executionArn: string, clientToken?: string): Date {
    const execution = this.describe(executionArn);
    if (clientToken !== undefined && clientToken === execution.redriveToken && execution.redriveDate)
      return execution.redriveDate;
    const { redriveStatusReason } = this.redriveStatus(execution);
    if (redriveStatusReason) throw new StepFunctionsError('ExecutionNotRedrivable', redriveStatusReason);
    const redriveDate = new Date(this.now());
    Object.assign(execution, {
      status: 'RUNNING',
      redriveCount: execution.redriveCount + 1,
      redriveDate,
      redriveToken: clientToken,
      error: undefined,
      cause: undefined,
      stopDate: undefined,
    });
    execution.history.append({
      type: 'ExecutionRedriven',
      executionRedrivenEventDetails: { redriveCount: execution.redriveCount },
    });
    // An execution that failed before entering any state starts over with its input.
    const resume = execution.failedAt ?? {
      state: this.engine.definition.StartAt,
      input: JSON.parse(execution.input) as unknown,
    };
    this.launch(execution, resume.input, resume.state);
    return redriveDate;
  }

  /** Aborts every running execution and waits for them to close. */
  async stopAll(): Promise<void> {
    for (const run of this.running.values()) run.abort();
    await Promise.all([...this.running.values()].map((run) => run.done));
  }

  private launch(execution: Execution, input: unknown, startAt?: string): void {
    const { abort, outcome } = this.engine.run({
      input,
      startAt,
      execution: {
        id: execution.executionArn,
        name: execution.name,
        input: JSON.parse(execution.input) as unknown,
        startTime: execution.startDate.toISOString(),
      },
      onEvent: (event) => {
        for (const body of historyEventsOf(event, (state) => this.engine.resourceOf(state))) {
          execution.history.append(body, event.timestamp);
        }
      },
    });
    const done = outcome
      .catch((error: unknown): RunOutcome => ({
        status: 'FAILED',
        error: 'States.Runtime',
        cause: String(error),
      }))
      .then((result) => this.close(execution, result))
      .finally(() => this.running.delete(execution.executionArn));
    this.running.set(execution.executionArn, { abort, done });
  }

  private async close(execution: Execution, outcome: RunOutcome): Promise<void> {
    execution.status = outcome.status;
    execution.stopDate = new Date(this.now());
    execution.failedAt = outcome.failedAt;
    if (outcome.status === 'SUCCEEDED') {
      execution.output = JSON.stringify(outcome.output ?? null);
      execution.history.append({
        type: 'ExecutionSucceeded',
        executionSucceededEventDetails: { output: execution.output, outputDetails: { truncated: false } },
      });
      return;
    }
    if (outcome.status !== 'ABORTED') {
      execution.error = outcome.error;
      execution.cause = outcome.cause;
    }
    const details = { error: execution.error, cause: execution.cause };
    const closing = {
      FAILED: { type: 'ExecutionFailed', executionFailedEventDetails: details },
      TIMED_OUT: { type: 'ExecutionTimedOut', executionTimedOutEventDetails: details },
      ABORTED: { type: 'ExecutionAborted', executionAbortedEventDetails: details },
    }[outcome.status];
    execution.history.append(closing);
    await this.onFailure(execution);
  }

  private requireStateMachine(stateMachineArn: string): void {
    parseArn(stateMachineArn, 'stateMachine');
    if (stateMachineArn !== this.stateMachineArn) throw stateMachineDoesNotExist(stateMachineArn);
  }
}

function parseInput(input: string): unknown {
  try {
    return JSON.parse(input) as unknown;
  } catch (error) {
    throw new StepFunctionsError(
      'InvalidExecutionInput',
      `Invalid State Machine Execution Input: '${(error as Error).message}'`,
    );
  }
}
