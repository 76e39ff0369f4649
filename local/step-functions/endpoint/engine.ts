/** The execution engine behind the local endpoint: the workflow runner over the real ASL, Task states mapped to handlers. */
import type { StateMachineDefinitionJson } from '../../../statemachine/definition.js';
import { startLocalExecution, type LocalLambdaHandler } from '../runner/run-state-machine.js';
import type { ExecutionEngine, RunOutcome } from './executions.js';
import { taskResourceOf } from './history-events.js';

export function createExecutionEngine(options: {
  definition: StateMachineDefinitionJson;
  stateMachineArn: string;
  /** The handler behind each function ARN the definition's Task states invoke. */
  functions: Record<string, LocalLambdaHandler>;
  retryIntervalOverrides?: Record<string, number | number[]>;
}): ExecutionEngine {
  return {
    definition: options.definition,
    resourceOf: (state) => taskResourceOf(options.definition.States[state]),
    run(request) {
      const execution = startLocalExecution({
        definition: options.definition,
        functions: options.functions,
        input: request.input,
        name: request.execution.name,
        stateMachineArn: options.stateMachineArn,
        startAt: request.startAt,
        retryIntervalOverrides: options.retryIntervalOverrides,
        onEvent: request.onEvent,
      });
      const outcome = execution.result.then((result): RunOutcome => ({
        status: result.status,
        output: result.output,
        error: result.error?.Error,
        cause: result.error?.Cause,
        failedAt: result.failedAt,
      }));
      return { abort: execution.abort, outcome };
    },
  };
}
