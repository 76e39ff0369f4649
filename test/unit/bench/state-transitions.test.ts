import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { stateSeconds, stateTransitions } from '../../../bench/lib/state-transitions.js';

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));
const entered = (type: string, name: string, seconds = 0): HistoryEvent =>
  ({ type, timestamp: at(seconds), stateEnteredEventDetails: { name } }) as HistoryEvent;
const exited = (type: string, name: string, seconds = 0): HistoryEvent =>
  ({ type, timestamp: at(seconds), stateExitedEventDetails: { name } }) as HistoryEvent;
const event = (type: string): HistoryEvent => ({ type, timestamp: at(0) }) as HistoryEvent;

describe('stateTransitions', () => {
  it('counts one transition per state entered, Choice and Succeed included', () => {
    const history = [
      entered('TaskStateEntered', 'Validate'),
      event('TaskScheduled'),
      exited('TaskStateExited', 'Validate'),
      entered('ChoiceStateEntered', 'IsCached'),
      exited('ChoiceStateExited', 'IsCached'),
      entered('TaskStateEntered', 'Notify'),
      event('TaskScheduled'),
      exited('TaskStateExited', 'Notify'),
      entered('SucceedStateEntered', 'Delivered'),
    ];
    expect(stateTransitions(history)).toBe(4);
  });

  it('bills each retry of a Task as a further transition', () => {
    const history = [
      entered('TaskStateEntered', 'Extract'),
      event('TaskScheduled'),
      event('TaskFailed'),
      event('TaskScheduled'),
      event('TaskFailed'),
      event('TaskScheduled'),
      exited('TaskStateExited', 'Extract'),
    ];
    expect(stateTransitions(history)).toBe(3);
  });
});

describe('stateSeconds', () => {
  it('measures a Task state from its entry to its exit, retries included', () => {
    const history = [
      entered('TaskStateEntered', 'Extract', 3),
      event('TaskScheduled'),
      exited('TaskStateExited', 'Extract', 10),
    ];
    expect(stateSeconds(history, 'Extract')).toBe(7);
  });

  it('is undefined for a state the execution never left', () => {
    expect(stateSeconds([entered('TaskStateEntered', 'Extract', 3)], 'Extract')).toBeUndefined();
  });
});
