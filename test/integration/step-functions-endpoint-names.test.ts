import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import {
  executionArn,
  jobInput,
  startEndpoint,
  STATE_MACHINE_ARN as ARN,
  type EndpointHarness,
} from './support/step-functions-endpoint.js';

// AWS's execution-name rules: 1–80 characters, none of the listed ones; dots and any script's letters allowed.
describe('execution names on the local Step Functions endpoint', () => {
  let endpoint: EndpointHarness;
  let sfn: SFNClient;
  beforeAll(async () => {
    endpoint = await startEndpoint();
    sfn = endpoint.sfn;
  });
  afterAll(() => endpoint.close());

  const start = (name: string, stateMachineArn = ARN) =>
    sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: jobInput(name) })).then(
      (started) => started.executionArn,
      (error: Error) => ({ name: error.name, message: error.message }),
    );

  it.each([
    'job.v1',
    'Café-über_2',
    '日本語の名前',
    'a'.repeat(80),
    '3f2b8c1e-7a4d-4c2b-9e1f-0a1b2c3d4e5f-replay-1',
  ])('accepts %s', async (name) => {
    expect(await start(name)).toBe(executionArn(name));
  });

  it.each([
    ['whitespace', 'a b'],
    ['a tab', 'a\tb'],
    ['a no-break space', 'a\u00a0b'],
    ...['<', '>', '{', '}', '[', ']'].map((c) => ['a bracket', `a${c}b`]),
    ...['?', '*'].map((c) => ['a wildcard', `a${c}b`]),
    ...['"', '#', '%', '\\', '^', '|', '~', '`', '$', '&', ',', ';', ':', '/'].map((c) => [
      'a special character',
      `a${c}b`,
    ]),
    ...['\u0000', '\u001f', '\u007f', '\u0085', '\u009f'].map((c) => ['a control character', `a${c}b`]),
  ])('refuses a name with %s (%j) as InvalidName', async (_rule, name) => {
    expect(await start(name)).toEqual({ name: 'InvalidName', message: `Invalid Name: '${name}'` });
  });

  it('refuses a name over 80 characters with ValidationException, before looking for the state machine', async () => {
    const long = 'a'.repeat(81);
    const expected = {
      name: 'ValidationException',
      message: `1 validation error detected: Value '${long}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80`,
    };
    expect(await start(long)).toEqual(expected);
    expect(await start(long, ARN.replace('AudioSync', 'Missing'))).toEqual(expected);
  });

  it('looks for the state machine before judging the name, as AWS does', async () => {
    const missing = ARN.replace('AudioSync', 'Missing');
    expect(await start('a b', missing)).toMatchObject({ name: 'StateMachineDoesNotExist' });
  });
});
