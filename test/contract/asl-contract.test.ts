/**
 * The state machine and the contract agree: every error name the ASL matches is in the registry and
 * each registry error is matched as its kind says; each Task's Parameters and ResultSelector carry
 * exactly the fields of its input and output schemas.
 */
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import * as errors from '../../functions/shared/errors.js';
import {
  ERROR_NAMES,
  ERROR_REGISTRY,
  extractInputSchema,
  jobMessageSchema,
  notifyDeliveredInputSchema,
  notifyRejectedInputSchema,
  renditionSchema,
  validateInputSchema,
  videoSummarySchema,
} from '../../functions/shared/contract/index.js';
import type { AslState } from '../../statemachine/definition.js';
import { loadStateMachineDefinition } from '../../statemachine/definition.js';
import { LAMBDA_SERVICE_ERRORS, SUBSTITUTIONS } from '../workflow/support/workflow-harness.js';

const definition = loadStateMachineDefinition(SUBSTITUTIONS);
const tasks = Object.entries(definition.States).filter(([, state]) => state.Type === 'Task') as [
  string,
  AslState,
][];
const ours = (name: string) => !LAMBDA_SERVICE_ERRORS.includes(name) && !name.startsWith('States.');
const retriedAnywhere = new Set(tasks.flatMap(([, s]) => (s.Retry ?? []).flatMap((r) => r.ErrorEquals)));
const caughtAnywhere = new Set(tasks.flatMap(([, s]) => (s.Catch ?? []).flatMap((c) => c.ErrorEquals)));

/** The field names a Parameters/ResultSelector object gives, `name.$` read as `name`. */
const fieldsOf = (template: unknown) =>
  Object.keys(template as Record<string, unknown>)
    .map((key) => key.replace(/\.\$$/, ''))
    .sort();
const keysOf = (schema: z.ZodObject) => Object.keys(schema.shape).sort();

describe('error names: the ASL and the registry', () => {
  it('every name a Retry or Catch matches is a registry error', () => {
    for (const name of [...retriedAnywhere, ...caughtAnywhere].filter(ours)) {
      expect(ERROR_NAMES, `${name} is matched by the ASL`).toContain(name);
    }
  });

  it.each(ERROR_NAMES)('%s is matched as its kind says', (name) => {
    const kind = ERROR_REGISTRY[name];
    expect(retriedAnywhere.has(name), `${name} retried`).toBe(kind.transient);
    expect(caughtAnywhere.has(name), `${name} caught`).toBe(kind.rejection);
    if (kind.rejection) expect(definition.States.Validate?.Catch?.[0]?.Next).toBe('NotifyRejected');
  });

  it('each registry name is carried by exactly one error class, as a literal `name`', () => {
    const classes = Object.values(errors as Record<string, unknown>).filter(
      (value): value is new (message: string) => errors.AudioSyncError =>
        typeof value === 'function' && value.prototype instanceof errors.AudioSyncError,
    );
    const names = classes.map((errorClass) => new errorClass('probe').name).sort();
    expect(names).toEqual([...ERROR_NAMES].sort());
    for (const errorClass of classes) {
      const error = new errorClass('probe');
      expect(error.transient).toBe(ERROR_REGISTRY[error.name].transient);
      expect(String(error)).toBe(`${error.name}: probe`);
    }
  });
});

describe('payloads: the ASL and the task schemas', () => {
  const state = (name: string) => definition.States[name]!;

  it('the job message is the execution input, which Validate receives whole', () => {
    expect(keysOf(jobMessageSchema)).toEqual(keysOf(validateInputSchema));
    expect(state('Validate').Parameters).toMatchObject({ 'Payload.$': '$' });
    expect(definition.StartAt).toBe('Validate');
  });

  it("Validate's ResultSelector builds Extract's input, its Payload the video summary", () => {
    const selector = state('Validate').ResultSelector as Record<string, string>;
    expect(fieldsOf(selector)).toEqual(keysOf(extractInputSchema));
    expect(selector['video.$']).toBe('$.Payload');
    for (const field of keysOf(validateInputSchema)) {
      expect(selector[`${field}.$`]).toBe(`$$.Execution.Input.${field}`);
    }
    expect(keysOf(extractInputSchema.shape.video)).toEqual(keysOf(videoSummarySchema));
    expect(state('Extract').Parameters).toMatchObject({ 'Payload.$': '$' });
  });

  it("Extract's ResultSelector keeps exactly the rendition's fields at $.rendition", () => {
    expect(fieldsOf(state('Extract').ResultSelector)).toEqual(keysOf(renditionSchema));
    expect(state('Extract').ResultPath).toBe('$.rendition');
  });

  it.each([
    ['Notify', notifyDeliveredInputSchema, 'DELIVERED'],
    ['NotifyRejected', notifyRejectedInputSchema, 'REJECTED'],
  ] as const)("%s's Payload gives exactly its input schema's fields", (name, schema, outcome) => {
    const payload = (state(name).Parameters as { Payload: Record<string, unknown> }).Payload;
    expect(fieldsOf(payload)).toEqual(keysOf(schema));
    expect(payload.outcome).toBe(outcome);
    expect(Object.keys(payload)).not.toContain('rendition.$');
  });
});
