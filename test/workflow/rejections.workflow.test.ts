import { describe, expect, it } from 'vitest';
import {
  InvalidSource,
  REJECTION_ERRORS,
  SourceBlocked,
  VideoUnavailable,
} from '../../functions/shared/errors.js';
import type { JobRequest } from '../../functions/shared/contract/job.js';
import type { FakeSourceOptions } from './support/fake-source.js';
import { workflowFunctions } from './support/functions.js';
import { EMAIL, info, notifyRequests, request, useWorkflowScenario } from './support/scenario.js';
import { runWorkflow } from './support/workflow-harness.js';

const scenario = useWorkflowScenario();

describe('the Audio Sync workflow, rejecting', () => {
  // Each rejection as the source driver or Validate's own checks raise it.
  const rejections: Record<
    (typeof REJECTION_ERRORS)[number],
    { source: Partial<FakeSourceOptions>; message: string; job?: JobRequest }
  > = {
    VideoTooLong: {
      source: { info: { ...info, durationSeconds: 31 * 60 } },
      message: 'The video is 31 minutes long; the limit is 30 minutes.',
    },
    VideoIsLive: {
      source: { info: { ...info, isLive: true } },
      message: 'The video is a live stream or a premiere that has not started.',
    },
    VideoUnavailable: {
      source: { probeError: () => new VideoUnavailable('This video is private') },
      message: 'This video is private',
    },
    SourceBlocked: {
      source: { probeError: () => new SourceBlocked('Sign in to confirm you are not a bot') },
      message: 'Sign in to confirm you are not a bot',
    },
    InvalidSource: {
      source: { probeError: () => new InvalidSource('The URL does not point to audio or video') },
      message: 'The URL does not point to audio or video',
    },
    TrimOutOfRange: {
      source: { info: { ...info, durationSeconds: 212 } },
      job: { ...request, options: { coverArt: true, startSeconds: 240 } },
      message:
        'The start you asked for (4:00) is at or past the end of the video, which is 3 minutes 32 seconds long.',
    },
  };

  it.each(Object.entries(rejections))(
    'rejects on %s without extracting: Validate → NotifyRejected → Rejected',
    async (name, rejection) => {
      const functions = workflowFunctions(scenario.world(rejection.source));

      const job = rejection.job ?? request;
      const execution = await runWorkflow(functions, job);

      expect(execution.status).toBe('SUCCEEDED');
      expect(execution.path).toEqual(['Validate', 'NotifyRejected', 'Rejected']);
      expect(execution.retries).toEqual([]);
      expect(execution.catches).toEqual([
        expect.objectContaining({ state: 'Validate', error: name, next: 'NotifyRejected' }),
      ]);
      expect(functions.extract.events).toEqual([]);
      const [notified] = notifyRequests(functions.notify.events);
      // A rejection names no rendition: NotifyRejected gets no options.
      const { options: _options, ...fields } = job;
      expect(notified).toEqual({
        outcome: 'REJECTED',
        ...fields,
        error: { Error: name, Cause: expect.any(String) },
      });
      // Like the real Lambda integration, the Cause is Lambda's JSON error document.
      const cause = notified?.outcome === 'REJECTED' ? notified.error.Cause : undefined;
      expect(JSON.parse(cause ?? '{}')).toMatchObject({
        errorType: name,
        errorMessage: rejection.message,
      });
      expect(scenario.emailsSent()).toHaveLength(1);
      expect(scenario.emailsSent()[0]?.Destination?.ToAddresses).toEqual([EMAIL]);
      expect(scenario.aws.items.job).toMatchObject({ status: 'REJECTED', reason: expect.any(String) });
      expect(scenario.jobStatuses().at(-1)).toBe('REJECTED');
    },
  );
});
