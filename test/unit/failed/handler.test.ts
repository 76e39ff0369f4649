import { describe, expect, it } from 'vitest';
import { capturedLogs } from '../notify/captured-logs.js';
import { failedWorld, REQUESTER, statusChange } from './failed-fixture.js';

describe('failed handler', () => {
  it('marks the job FAILED with the failing state, error and cause, and a plain reason', async () => {
    const world = failedWorld();

    const outcome = await world.handler(statusChange('FAILED', { failedState: 'Extract' }));

    expect(outcome).toEqual({ action: 'notified', jobId: 'job-0001', messageId: 'apology-1' });
    expect(world.job()).toMatchObject({
      status: 'FAILED',
      reason: 'Something went wrong on our side while processing this video. Our team has been alerted.',
      error: {
        state: 'Extract',
        error: 'ExtractionFailed',
        cause: '{"errorType":"ExtractionFailed","errorMessage":"ffmpeg exited with code 1"}',
      },
    });
  });

  it('names the job from the execution input, so a failed replay (<jobId>-replay-1) marks its job', async () => {
    const world = failedWorld();

    const outcome = await world.handler(statusChange('FAILED', { name: 'job-0001-replay-1' }));

    expect(outcome).toMatchObject({ action: 'notified', jobId: 'job-0001' });
    expect(world.job()!.status).toBe('FAILED');
  });

  it('falls back to the execution name when the input carries no jobId', async () => {
    const world = failedWorld();

    const outcome = await world.handler(statusChange('FAILED', { input: 'not json' }));

    expect(outcome).toMatchObject({ jobId: 'job-0001' });
  });

  it('leaves the state unknown when the event carries no hint, as on AWS', async () => {
    const world = failedWorld();

    await world.handler(statusChange('FAILED'));

    expect(world.job()!.error).not.toHaveProperty('state');
  });

  it('sends a short apology to the requester that names the video and says not to resubmit', async () => {
    const world = failedWorld();

    await world.handler(statusChange('FAILED', { failedState: 'Extract' }));

    const [email] = world.emails();
    expect(email!.Destination?.ToAddresses).toEqual([REQUESTER]);
    const simple = email!.Content!.Simple!;
    expect(simple.Subject!.Data).toBe('We could not finish your audio: A <b>bold</b> talk');
    expect(simple.Body!.Text!.Data).toContain('Our team has been alerted');
    expect(simple.Body!.Text!.Data).toContain('no need to send the link again');
    expect(simple.Body!.Text!.Data).toContain('Status: https://api.example.com/jobs/job-0001');
    expect(simple.Body!.Html!.Data).toContain('A &lt;b&gt;bold&lt;/b&gt; talk');
    expect(simple.Body!.Html!.Data).not.toContain('ExtractionFailed');
  });

  it('emails once when the same failure event arrives twice', async () => {
    const world = failedWorld();

    await world.handler(statusChange('FAILED'));
    const second = await world.handler(statusChange('FAILED'));

    expect(world.emails()).toHaveLength(1);
    expect(second).toEqual({ action: 'already-failed', jobId: 'job-0001' });
  });

  it('reports again when a redriven execution fails again', async () => {
    const world = failedWorld();

    await world.handler(statusChange('FAILED'));
    world.setStatus('EXTRACTING');
    await world.handler(statusChange('FAILED'));

    expect(world.emails()).toHaveLength(2);
  });

  it.each([
    ['TIMED_OUT', 'States.Timeout', 'took longer than allowed'],
    ['ABORTED', null, 'stopped before it finished'],
  ])('records a %s execution as FAILED', async (status, error, phrase) => {
    const world = failedWorld();

    await world.handler(statusChange(status, { error, cause: null }));

    expect(world.job()!.status).toBe('FAILED');
    expect(world.job()!.reason).toContain(phrase);
    expect(world.job()!.error).toEqual({ error: error ?? `States.${status}` });
    expect(world.emails()).toHaveLength(1);
  });

  it('ignores a status that is not a failure, touching nothing', async () => {
    const world = failedWorld();

    const outcome = await world.handler(statusChange('SUCCEEDED', { error: null, cause: null }));

    expect(outcome).toMatchObject({ action: 'ignored', status: 'SUCCEEDED' });
    expect(world.job()!.status).toBe('EXTRACTING');
    expect(world.emails()).toHaveLength(0);
  });

  it('sends nothing for an execution without a job', async () => {
    const world = failedWorld(null);

    await expect(world.handler(statusChange('FAILED'))).resolves.toEqual({
      action: 'unknown-job',
      jobId: 'job-0001',
    });
    expect(world.emails()).toHaveLength(0);
  });

  it('refuses an event of another type', async () => {
    const world = failedWorld();

    await expect(world.handler({ 'detail-type': 'Object Created', detail: {} })).rejects.toMatchObject({
      name: 'InvalidTaskInput',
    });
  });

  it('logs the failure with the job id and never the email address', async () => {
    const world = failedWorld();

    const logs = await capturedLogs(() => world.handler(statusChange('FAILED', { failedState: 'Extract' })));

    const failure = logs.lines.find((line) => line.message === 'Execution did not succeed');
    expect(failure).toMatchObject({ jobId: 'job-0001', failedState: 'Extract', error: 'ExtractionFailed' });
    expect(logs.raw).not.toContain(REQUESTER);
  });
});
