import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import * as errors from '../../functions/shared/errors.js';
import { REJECTION_ERRORS } from '../../functions/shared/errors.js';
import {
  STATE_MACHINE_PLACEHOLDERS,
  loadStateMachineDefinition,
  placeholdersIn,
  readStateMachineDefinition,
  substitutePlaceholders,
  type AslState,
} from '../../statemachine/definition.js';
import { LAMBDA_SERVICE_ERRORS, SUBSTITUTIONS } from './support/workflow-harness.js';

const definition = loadStateMachineDefinition(SUBSTITUTIONS);
const states = Object.entries(definition.States);
const taskStates = states.filter(([, state]) => state.Type === 'Task') as [string, AslState][];
type ErrorClass = new (message: string) => errors.AudioSyncError;
const isErrorClass = (value: unknown): value is ErrorClass =>
  typeof value === 'function' && value.prototype instanceof errors.AudioSyncError;
/** Every concrete error class by name, instantiated to read whether it is transient. */
const errorClasses = new Map(
  Object.values(errors as Record<string, unknown>)
    .filter(isErrorClass)
    .map((errorClass) => [errorClass.name, new errorClass('probe')]),
);

describe('the state machine definition', () => {
  it('is valid Amazon States Language, ARNs and paths included', () => {
    const result = aslValidator(structuredClone(definition), { checkArn: true, checkPaths: true });
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('uses exactly the declared placeholders, and the loader refuses a missing or unknown one', () => {
    expect(placeholdersIn(readStateMachineDefinition()).sort()).toEqual(
      [...STATE_MACHINE_PLACEHOLDERS].sort(),
    );
    const { NotifyFunctionArn: _omitted, ...missingOne } = SUBSTITUTIONS;
    expect(() => loadStateMachineDefinition(missingOne as typeof SUBSTITUTIONS)).toThrow(/NotifyFunctionArn/);
    expect(() =>
      substitutePlaceholders(readStateMachineDefinition(), { ...SUBSTITUTIONS, Typo: 'x' }),
    ).toThrow(/Unknown state machine placeholder\(s\): Typo/);
    expect(JSON.stringify(definition)).not.toContain('${');
  });

  it('runs Validate, IsCached, Extract, Notify and NotifyRejected, and ends only in Delivered or Rejected', () => {
    expect(definition.StartAt).toBe('Validate');
    expect(Object.fromEntries(states.map(([name, state]) => [name, state.Type]))).toEqual({
      Validate: 'Task',
      IsCached: 'Choice',
      Extract: 'Task',
      Notify: 'Task',
      NotifyRejected: 'Task',
      Delivered: 'Succeed',
      Rejected: 'Succeed',
    });
    for (const [name, state] of states) expect(state.Comment, `${name} has a Comment`).toBeTruthy();
  });

  it('invokes each function through the Lambda integration with a timeout', () => {
    const functions = Object.fromEntries(
      taskStates.map(([name, state]) => [name, state.Parameters?.FunctionName as string]),
    );
    expect(functions).toEqual({
      Validate: SUBSTITUTIONS.ValidateFunctionArn,
      Extract: SUBSTITUTIONS.ExtractFunctionArn,
      Notify: SUBSTITUTIONS.NotifyFunctionArn,
      NotifyRejected: SUBSTITUTIONS.NotifyFunctionArn,
    });
    for (const [, state] of taskStates) {
      expect(state.Resource).toBe('arn:aws:states:::lambda:invoke');
      expect(state.TimeoutSeconds).toBeGreaterThan(0);
    }
    expect(definition.States.Extract?.TimeoutSeconds).toBe(900);
  });

  it('catches only the five rejections at Validate, and what a source reveals mid-read at Extract, into NotifyRejected', () => {
    for (const [name, state] of taskStates) {
      if (name !== 'Validate' && name !== 'Extract')
        expect(state.Catch, `${name} has no Catch`).toBeUndefined();
    }
    // Longer than it claimed, or refused by the egress door while being read: rejections, not faults.
    expect(definition.States.Extract?.Catch).toEqual([
      { ErrorEquals: ['VideoTooLong', 'InvalidSource'], ResultPath: '$.error', Next: 'NotifyRejected' },
    ]);
    expect(definition.States.Validate?.Catch).toEqual([
      {
        ErrorEquals: expect.arrayContaining([...REJECTION_ERRORS]),
        ResultPath: '$.error',
        Next: 'NotifyRejected',
      },
    ]);
    expect(definition.States.Validate?.Catch?.[0]?.ErrorEquals).toHaveLength(REJECTION_ERRORS.length);
  });

  it.each(taskStates.map(([name]) => name))(
    '%s retries the Lambda service faults first, with backoff, MaxDelaySeconds and full jitter',
    (name) => {
      const [first, ...rest] = definition.States[name]?.Retry ?? [];
      expect(first?.ErrorEquals.sort()).toEqual([...LAMBDA_SERVICE_ERRORS].sort());
      expect(first).toMatchObject({ JitterStrategy: 'FULL', BackoffRate: expect.any(Number) });
      expect(first?.MaxDelaySeconds).toBeGreaterThan(0);
      expect(first?.MaxAttempts).toBeGreaterThan(0);
      expect(rest.length).toBeGreaterThan(0);
    },
  );

  it('retries each step’s own transient errors and ExtractionInProgress patiently', () => {
    const retried = (name: string) =>
      (definition.States[name]?.Retry ?? []).slice(1).flatMap((r) => r.ErrorEquals);
    expect(retried('Validate')).toEqual(['SourceUnreachable', 'TableThrottled']);
    expect(retried('Extract').sort()).toEqual([
      'ExtractionInProgress',
      'SourceUnreachable',
      'StorageUnavailable',
      'TableThrottled',
    ]);
    expect(retried('Notify')).toEqual(['NotificationInProgress', 'EmailThrottled', 'TableThrottled']);
    expect(retried('NotifyRejected')).toEqual(['NotificationInProgress', 'EmailThrottled', 'TableThrottled']);

    const inProgress = definition.States.Extract?.Retry?.find((r) =>
      r.ErrorEquals.includes('ExtractionInProgress'),
    );
    const patience = (inProgress?.IntervalSeconds ?? 0) * (inProgress?.MaxAttempts ?? 0);
    // Another execution's extraction may run up to the 900 s Task timeout before its result is ready.
    expect(patience).toBeGreaterThan(definition.States.Extract?.TimeoutSeconds ?? Infinity);

    for (const name of ['Notify', 'NotifyRejected']) {
      const sending = definition.States[name]?.Retry?.find((r) =>
        r.ErrorEquals.includes('NotificationInProgress'),
      );
      // An invocation that timed out mid-send holds the job's record until its own timeout has passed.
      expect((sending?.IntervalSeconds ?? 0) * (sending?.MaxAttempts ?? 0)).toBeGreaterThan(
        definition.States[name]?.TimeoutSeconds ?? Infinity,
      );
    }
  });

  it('never retries a permanent error, a rejection or States.ALL, and names only real error classes', () => {
    for (const [name, state] of taskStates) {
      for (const retrier of state.Retry ?? []) {
        expect(retrier.MaxDelaySeconds, `${name} ${retrier.ErrorEquals}`).toBeGreaterThan(0);
        for (const error of retrier.ErrorEquals) {
          expect(error.startsWith('States.'), `${name} retries ${error}`).toBe(false);
          if (LAMBDA_SERVICE_ERRORS.includes(error)) continue;
          expect(
            errorClasses.get(error)?.transient,
            `${name} retries ${error}, a transient error class`,
          ).toBe(true);
        }
      }
    }
    for (const rejection of REJECTION_ERRORS) expect(errorClasses.get(rejection)?.transient).toBe(false);
  });
});
