/**
 * The Step Functions operations the local endpoint answers, each checking its request against the API
 * model first (ValidationException), then answering from the ExecutionStore.
 */
import type { Execution, ExecutionStore } from './executions.js';
import { StepFunctionsError, validationError } from './errors.js';
import { MAX_PAGE_SIZE, page } from './pagination.js';
import { RequestFields } from './request-fields.js';
import { NAME_MAX_LENGTH } from './names.js';
import { DEFAULT_SETTINGS } from './state-machine.js';

type Operation = (store: ExecutionStore, request: RequestFields) => unknown;

const seconds = (date: Date | undefined) => (date ? date.getTime() / 1000 : undefined);
const ARN = { required: true, min: 1, max: 256 } as const;
const MAX_INPUT_BYTES = 262_144;
const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'] as const;
const REDRIVE_FILTERS = ['REDRIVEN', 'NOT_REDRIVEN'] as const;

function paging(request: RequestFields) {
  return {
    maxResults: request.integer('maxResults', 0, MAX_PAGE_SIZE),
    nextToken: request.string('nextToken', { min: 1, max: 1024 }),
  };
}

function describeExecution(store: ExecutionStore, execution: Execution) {
  return {
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: seconds(execution.startDate),
    stopDate: seconds(execution.stopDate),
    input: execution.input,
    inputDetails: { included: true },
    output: execution.output,
    outputDetails: execution.output === undefined ? undefined : { included: true },
    error: execution.error,
    cause: execution.cause,
    redriveCount: execution.redriveCount,
    redriveDate: seconds(execution.redriveDate),
    ...store.redriveStatus(execution),
  };
}

function describeStateMachine(store: ExecutionStore) {
  const machine = store.stateMachine;
  return {
    stateMachineArn: machine.stateMachineArn,
    name: machine.name,
    status: machine.status,
    definition: machine.definition,
    roleArn: machine.roleArn,
    type: machine.type,
    creationDate: seconds(machine.creationDate),
    ...DEFAULT_SETTINGS,
  };
}

export const OPERATIONS: Record<string, Operation> = {
  StartExecution(store, request) {
    const stateMachineArn = request.string('stateMachineArn', ARN);
    const name = request.string('name', { min: 1, max: NAME_MAX_LENGTH });
    const input = request.sizedString('input', MAX_INPUT_BYTES);
    request.check();
    const execution = store.start(stateMachineArn!, name ?? crypto.randomUUID(), input ?? '{}');
    return { executionArn: execution.executionArn, startDate: seconds(execution.startDate) };
  },

  DescribeExecution(store, request) {
    const executionArn = request.string('executionArn', ARN);
    request.check();
    return describeExecution(store, store.describe(executionArn!));
  },

  ListExecutions(store, request) {
    const stateMachineArn = request.string('stateMachineArn', { ...ARN, required: false });
    const statusFilter = request.enumeration('statusFilter', STATUSES);
    const redriveFilter = request.enumeration('redriveFilter', REDRIVE_FILTERS);
    const pageRequest = paging(request);
    const mapRunArn = request.string('mapRunArn', { min: 1, max: 2000 });
    request.check();
    if (stateMachineArn === undefined) {
      // There are no Map Runs here, so a mapRunArn names nothing; without either ARN there is no list.
      if (mapRunArn === undefined) throw validationError(['Must provide a StateMachine ARN or MapRun ARN']);
      throw new StepFunctionsError('ResourceNotFound', `Resource not found: '${mapRunArn}'`);
    }
    const all = store.list(stateMachineArn!, { statusFilter, redriveFilter });
    const scope = `ListExecutions ${stateMachineArn} ${statusFilter ?? ''} ${redriveFilter ?? ''}`;
    const { items, nextToken } = page(all, (execution) => execution.executionArn, { scope, ...pageRequest });
    return {
      executions: items.map((execution) => ({
        executionArn: execution.executionArn,
        stateMachineArn: execution.stateMachineArn,
        name: execution.name,
        status: execution.status,
        startDate: seconds(execution.startDate),
        stopDate: seconds(execution.stopDate),
        redriveCount: execution.redriveCount,
        redriveDate: seconds(execution.redriveDate),
      })),
      nextToken,
    };
  },

  GetExecutionHistory(store, request) {
    const executionArn = request.string('executionArn', ARN);
    const reverseOrder = request.boolean('reverseOrder') ?? false;
    const includeExecutionData = request.boolean('includeExecutionData') ?? true;
    const pageRequest = paging(request);
    request.check();
    const events = [...store.history(executionArn!)];
    if (reverseOrder) events.reverse();
    const scope = `GetExecutionHistory ${executionArn} ${reverseOrder}`;
    const { items, nextToken } = page(events, (event) => String(event.id), { scope, ...pageRequest });
    if (includeExecutionData) return { events: items, nextToken };
    // Without execution data, AWS leaves out inputs, outputs and task parameters.
    const stripped = JSON.parse(
      JSON.stringify(items, (key, value: unknown) =>
        ['input', 'output', 'parameters'].includes(key) ? undefined : value,
      ),
    ) as unknown[];
    return { events: stripped, nextToken };
  },

  StopExecution(store, request) {
    const executionArn = request.string('executionArn', ARN);
    const error = request.string('error', { max: 256 });
    const cause = request.string('cause', { max: 32_768, hideValue: true });
    request.check();
    return { stopDate: seconds(store.stop(executionArn!, error, cause)) };
  },

  RedriveExecution(store, request) {
    const executionArn = request.string('executionArn', ARN);
    const clientToken = request.string('clientToken', { min: 1, max: 64 });
    request.check();
    return { redriveDate: seconds(store.redrive(executionArn!, clientToken)) };
  },

  ListStateMachines(store, request) {
    const pageRequest = paging(request);
    request.check();
    const { items, nextToken } = page([store.stateMachine], (machine) => machine.stateMachineArn, {
      scope: 'ListStateMachines',
      ...pageRequest,
    });
    return {
      stateMachines: items.map((machine) => ({
        stateMachineArn: machine.stateMachineArn,
        name: machine.name,
        type: machine.type,
        creationDate: seconds(machine.creationDate),
      })),
      nextToken,
    };
  },

  DescribeStateMachine(store, request) {
    const stateMachineArn = request.string('stateMachineArn', ARN);
    request.check();
    store.describeStateMachine(stateMachineArn!);
    return describeStateMachine(store);
  },

  DescribeStateMachineForExecution(store, request) {
    const executionArn = request.string('executionArn', ARN);
    request.check();
    store.describe(executionArn!);
    const { stateMachineArn, name, definition, roleArn, creationDate } = store.stateMachine;
    return {
      stateMachineArn,
      name,
      definition,
      roleArn,
      updateDate: seconds(creationDate),
      ...DEFAULT_SETTINGS,
    };
  },
};
