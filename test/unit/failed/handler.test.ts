import { afterAll, describe, expect, it } from 'vitest';
import { capturedLogs } from '../notify/captured-logs.js';
import { failedWorld, JOB, REQUESTER, statusChange, stopFailedWorlds } from './failed-fixture.js';

describe('failed handler', () => {
  afterAll(stopFailedWorlds);

  it('marks the job FAILED with the failing state, error and cause, and a plain reason', async () => {
    const world = await failedWorld();

    const outcome = await world.handler(statusChange('FAILED', { failedState: 'Extract' }));

    expect(outcome).toEqual({ action: 'notified', jobId: 'job-0001', messageId: 'apology-1' });
    expect(await world.job()).toMatchObject({
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
    const world = await failedWorld();

    const outcome = await world.handler(statusChange('FAILED', { name: 'job-0001-replay-1' }));

    expect(outcome).toMatchObject({ action: 'notified', jobId: 'job-0001' });
    expect((await world.job())!.status).toBe('FAILED');
  });

  it('falls back to the execution name when the input carries no jobId', async () => {
    const world = await failedWorld();

    const outcome = await world.handler(statusChange('FAILED', { input: 'not json' }));

    expect(outcome).toMatchObject({ jobId: 'job-0001' });
  });

  it('leaves the state unknown when the event carries no hint, as on AWS', async () => {
    const world = await failedWorld();

    await world.handler(statusChange('FAILED'));

    expect((await world.job())!.error).not.toHaveProperty('state');
  });

  it('sends a short apology to the requester that names the video and says not to resubmit', async () => {
    const world = await failedWorld();

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
    const world = await failedWorld();

    await world.handler(statusChange('FAILED'));
    const second = await world.handler(statusChange('FAILED'));

    expect(world.emails()).toHaveLength(1);
    expect(second).toEqual({ action: 'already-told', jobId: 'job-0001' });
  });

  it('sends one apology per job: a failed redrive and a failed replay update the job but email nobody', async () => {
    const world = await failedWorld();

    await world.handler(statusChange('FAILED', { failedState: 'Validate', error: 'SourceUnreachable' }));
    await world.moveOn('VALIDATING');
    const redriven = await world.handler(statusChange('FAILED', { failedState: 'Extract' }));
    await world.moveOn('VALIDATING');
    const replayed = await world.handler(
      statusChange('TIMED_OUT', { name: 'job-0001-replay-1', error: 'States.Timeout', cause: null }),
    );

    expect(world.emails()).toHaveLength(1);
    expect([redriven.action, replayed.action]).toEqual(['already-told', 'already-told']);
    // The job shows the latest failure, not the first.
    expect(await world.job()).toMatchObject({
      status: 'FAILED',
      reason: expect.stringContaining('took longer than allowed'),
      error: { error: 'States.Timeout' },
    });
  });

  it('marks a delivered job whose replay fails FAILED, but sends no apology after the download link', async () => {
    const world = await failedWorld({ ...JOB, status: 'VALIDATING', link_hash: 'ab'.repeat(32) });

    const outcome = await world.handler(statusChange('FAILED', { name: 'job-0001-replay-1' }));

    expect(outcome).toEqual({ action: 'already-told', jobId: 'job-0001' });
    expect((await world.job())!.status).toBe('FAILED');
    expect(world.emails()).toHaveLength(0);
  });

  it.each([
    ['TIMED_OUT', 'States.Timeout', 'took longer than allowed'],
    ['ABORTED', null, 'stopped before it finished'],
  ])('records a %s execution as FAILED', async (status, error, phrase) => {
    const world = await failedWorld();

    await world.handler(statusChange(status, { error, cause: null }));

    expect((await world.job())!.status).toBe('FAILED');
    expect((await world.job())!.reason).toContain(phrase);
    expect((await world.job())!.error).toEqual({ error: error ?? `States.${status}` });
    expect(world.emails()).toHaveLength(1);
  });

  it('ignores a status that is not a failure, touching nothing', async () => {
    const world = await failedWorld();

    const outcome = await world.handler(statusChange('SUCCEEDED', { error: null, cause: null }));

    expect(outcome).toMatchObject({ action: 'ignored', status: 'SUCCEEDED' });
    expect((await world.job())!.status).toBe('EXTRACTING');
    expect(world.emails()).toHaveLength(0);
  });

  it('sends nothing for an execution without a job', async () => {
    const world = await failedWorld(null);

    await expect(world.handler(statusChange('FAILED'))).resolves.toEqual({
      action: 'unknown-job',
      jobId: 'job-0001',
    });
    expect(world.emails()).toHaveLength(0);
  });

  it('refuses an event of another type', async () => {
    const world = await failedWorld();

    await expect(world.handler({ 'detail-type': 'Object Created', detail: {} })).rejects.toMatchObject({
      name: 'InvalidTaskInput',
    });
  });

  it('logs the failure with the job id and never the email address', async () => {
    const world = await failedWorld();

    const logs = await capturedLogs(() => world.handler(statusChange('FAILED', { failedState: 'Extract' })));

    const failure = logs.lines.find((line) => line.message === 'Execution did not succeed');
    expect(failure).toMatchObject({ jobId: 'job-0001', failedState: 'Extract', error: 'ExtractionFailed' });
    expect(logs.raw).not.toContain(REQUESTER);
  });
});
