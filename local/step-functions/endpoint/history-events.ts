/** Turns the runner's event log into Step Functions `GetExecutionHistory` events (the JSON the SDK parses). */
import type { ExecutionEvent } from '../runner/execution-history.js';

export interface HistoryEvent {
  timestamp: number;
  type: string;
  id: number;
  previousEventId: number;
  [details: string]: unknown;
}

type EventBody = Omit<HistoryEvent, 'id' | 'previousEventId' | 'timestamp'>;

const json = (value: unknown) => JSON.stringify(value ?? null);
const truncated = { truncated: false };

/** What a Task state calls, for the Task* events: `lambda`/`invoke` for the optimised integration. */
export interface TaskResource {
  resourceType: string;
  resource: string;
  /** The state's TimeoutSeconds, which TaskScheduled reports. */
  timeoutInSeconds?: number;
}

export function taskResourceOf(
  state: { Resource?: string; TimeoutSeconds?: number } | undefined,
): TaskResource {
  const arn = state?.Resource;
  const match = /^arn:aws:states:::([^:.]+):([^.]+)/.exec(arn ?? '');
  const resource = match
    ? { resourceType: match[1]!, resource: match[2]! }
    : { resourceType: 'lambda', resource: arn ?? 'unknown' };
  return state?.TimeoutSeconds === undefined
    ? resource
    : { ...resource, timeoutInSeconds: state.TimeoutSeconds };
}

function causeText(cause: unknown): string | undefined {
  if (cause === undefined || cause === null) return undefined;
  if (typeof cause === 'string') return cause;
  if (cause instanceof Error) return cause.message;
  return JSON.stringify(cause);
}

/** The Step Functions events one runner event stands for (a TaskScheduled is also the task's start). */
export function historyEventsOf(
  event: ExecutionEvent,
  resourceOf: (state: string) => TaskResource,
): EventBody[] {
  const state = event.state;
  if (!state) return [];
  const resource = state.type === 'Task' ? resourceOf(state.name) : undefined;
  switch (event.type) {
    case 'StateEntered':
      return [
        {
          type: `${state.type}StateEntered`,
          stateEnteredEventDetails: { name: state.name, input: json(state.input), inputDetails: truncated },
        },
      ];
    case 'TaskScheduled': {
      if (!resource) return [];
      const { timeoutInSeconds, ...task } = resource;
      return [
        {
          type: 'TaskScheduled',
          taskScheduledEventDetails: {
            ...task,
            region: 'us-east-1',
            parameters: json(event.parameters),
            ...(timeoutInSeconds === undefined ? {} : { timeoutInSeconds }),
          },
        },
        { type: 'TaskStarted', taskStartedEventDetails: task },
      ];
    }
    case 'StateExited':
      return [
        ...(resource
          ? [
              {
                type: 'TaskSucceeded',
                taskSucceededEventDetails: {
                  resourceType: resource.resourceType,
                  resource: resource.resource,
                  output: json(state.output),
                  outputDetails: truncated,
                },
              },
            ]
          : []),
        {
          type: `${state.type}StateExited`,
          stateExitedEventDetails: { name: state.name, output: json(state.output), outputDetails: truncated },
        },
      ];
    case 'StateFailed':
      return resource
        ? [
            {
              type: 'TaskFailed',
              taskFailedEventDetails: {
                resourceType: resource.resourceType,
                resource: resource.resource,
                error: event.Error,
                cause: causeText(event.Cause),
              },
            },
          ]
        : [];
    default:
      return [];
  }
}

/** Appends events with ids and previous ids, as GetExecutionHistory numbers them. */
export class HistoryLog {
  private readonly events: HistoryEvent[] = [];

  append(body: EventBody, at = Date.now()): void {
    const id = this.events.length + 1;
    this.events.push({ timestamp: at / 1000, ...body, id, previousEventId: id - 1 } as HistoryEvent);
  }

  all(): readonly HistoryEvent[] {
    return this.events;
  }
}
