/** ExtractorOutdated on the real state machine: fails at its step, unretried, with no email blaming the user. */
import { describe, expect, it } from 'vitest';
import { ExtractorOutdated } from '../../functions/shared/errors.js';
import { DEPLOYMENT_HINT } from '../../functions/shared/media/youtube/messages.js';
import { workflowFunctions } from '../workflow/support/functions.js';
import { request, useWorkflowScenario } from '../workflow/support/scenario.js';
import { runWorkflow } from '../workflow/support/workflow-harness.js';

const scenario = useWorkflowScenario();
const outdated = () =>
  new ExtractorOutdated(`Every YouTube driver failed for ${request.url}; ${DEPLOYMENT_HINT}`);

describe('a deployment problem with YouTube', () => {
  it('fails the execution at Validate, not retried, not caught as the user’s rejection', async () => {
    const functions = workflowFunctions(scenario.world({ probeError: outdated }));

    const execution = await runWorkflow(functions, request);

    expect(execution.status).toBe('FAILED');
    expect(execution.failedAt?.state).toBe('Validate');
    expect(execution.error?.Error).toBe('ExtractorOutdated');
    expect(execution.error?.Cause).toContain('deployment problem: update yt-dlp / change client order');
    expect(execution.retries).toEqual([]);
    expect(functions.validate.events).toHaveLength(1);
    expect(execution.path).not.toContain('NotifyRejected');
    expect(scenario.emailsSent()).toEqual([]);
  });

  it('fails at Extract the same way when the stream cannot be opened any more', async () => {
    const functions = workflowFunctions(scenario.world({ openErrors: [outdated] }));

    const execution = await runWorkflow(functions, request);

    expect(execution.status).toBe('FAILED');
    expect(execution.failedAt?.state).toBe('Extract');
    expect(execution.error?.Error).toBe('ExtractorOutdated');
    expect(execution.retries).toEqual([]);
  });
});
