/**
 * The error names the state machine matches survive the production builds: each is a literal in the
 * bundle of the function whose state matches it, and an error thrown by a minified bundle reports it.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { deployBundles, type BundlePaths } from '../../local/bundles.js';
import { ERROR_REGISTRY } from '../../functions/shared/contract/errors.js';
import { loadStateMachineDefinition } from '../../statemachine/definition.js';
import { SUBSTITUTIONS } from '../workflow/support/workflow-harness.js';

const run = promisify(execFile);
const definition = loadStateMachineDefinition(SUBSTITUTIONS);
/** Which function runs each Task state. */
const FUNCTION_OF_STATE = {
  Validate: 'validate',
  Extract: 'extract',
  Notify: 'notify',
  NotifyRejected: 'notify',
} as const;

/** Our own error names a state's Retry or Catch matches (the Lambda and States ones are AWS's). */
function customErrorsOf(state: string): string[] {
  const { Retry = [], Catch = [] } = definition.States[state]!;
  return [...Retry, ...Catch]
    .flatMap((rule) => rule.ErrorEquals)
    .filter((name) => !name.startsWith('Lambda.') && !name.startsWith('States.'));
}

/** Calls the bundle's handler in a fresh Node, as Lambda would, and reports what it threw. */
async function thrownBy(bundle: string, event: unknown) {
  const script = `
    const { handler } = await import(${JSON.stringify(bundle)});
    try { await handler(${JSON.stringify(event)}, { functionName: 'probe', awsRequestId: 'r-1' }); console.log('{}'); }
    catch (error) { console.log(JSON.stringify({ name: error.name, constructor: error.constructor.name })); }`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT' },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { name?: string; constructor?: string };
}

let bundles: BundlePaths;
beforeAll(async () => {
  bundles = await deployBundles();
});

describe('error names in the deploy bundles', () => {
  it('the definition matches only names of the registry, at every Task state', () => {
    for (const state of Object.keys(FUNCTION_OF_STATE)) {
      for (const name of customErrorsOf(state)) expect(Object.keys(ERROR_REGISTRY)).toContain(name);
    }
  });

  it.each(Object.entries(FUNCTION_OF_STATE))(
    'every name %s matches is a literal error name in the %s bundle',
    (state, fn) => {
      const code = readFileSync(bundles[fn], 'utf8');
      const names = customErrorsOf(state);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names)
        expect(code, `${name} in ${fn}`).toMatch(new RegExp(`name\\s*=\\s*"${name}"`));
    },
  );

  it('the bundles are minified, so the literals are what keeps the names', () => {
    for (const fn of ['validate', 'notify'] as const) {
      const code = readFileSync(bundles[fn], 'utf8');
      expect(code).not.toMatch(/class VideoTooLong\b/);
      expect(code).not.toMatch(/class AudioSyncError\b/);
    }
  });

  it.each(['validate', 'extract', 'notify'] as const)(
    'a malformed payload makes the minified %s bundle throw InvalidTaskInput by name and class',
    async (fn) => {
      expect(await thrownBy(bundles[fn], { jobId: '' })).toEqual({
        name: 'InvalidTaskInput',
        constructor: 'InvalidTaskInput',
      });
    },
  );
});
