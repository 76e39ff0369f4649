import { CreateMultipartUploadCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { BUCKET } from './support/aws-mocks.js';
import { workflowFunctions } from './support/functions.js';
import { EMAIL, VIDEO_ID, info, notifyRequests, request, useWorkflowScenario } from './support/scenario.js';
import { runWorkflow } from './support/workflow-harness.js';

const scenario = useWorkflowScenario();

describe('the Audio Sync workflow, delivering', () => {
  it('validates, extracts, then emails the link: Validate → IsCached → Extract → Notify → Delivered', async () => {
    const functions = workflowFunctions(scenario.world());

    const execution = await runWorkflow(functions, request);

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.path).toEqual(['Validate', 'IsCached', 'Extract', 'Notify', 'Delivered']);
    expect(execution.retries).toEqual([]);
    expect(execution.catches).toEqual([]);
    expect(functions.extract.events).toEqual([
      { ...request, video: expect.objectContaining({ videoId: VIDEO_ID, audioCodec: 'mp3', cached: false }) },
    ]);
    const upload = scenario.aws.s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(upload).toMatchObject({
      Bucket: BUCKET,
      Key: `audio/${VIDEO_ID}/mp3.mp3`,
      ContentType: 'audio/mpeg',
    });
    expect(execution.output).toMatchObject({
      ...request,
      video: { videoId: VIDEO_ID, title: info.title, cached: false },
      rendition: { s3Key: `audio/${VIDEO_ID}/mp3.mp3`, contentType: 'audio/mpeg', bytes: expect.any(Number) },
    });
    expect(notifyRequests(functions.notify.events)).toEqual([
      {
        outcome: 'DELIVERED',
        ...request,
        video: expect.objectContaining({ videoId: VIDEO_ID, title: info.title }),
      },
    ]);
    expect(scenario.recordedRenditions()).toHaveLength(1);
    expect(scenario.jobStatuses()).toEqual(['VALIDATING', 'EXTRACTING', 'NOTIFYING', 'DELIVERED']);
    const [email] = scenario.emailsSent();
    expect(scenario.emailsSent()).toHaveLength(1);
    expect(email?.Destination?.ToAddresses).toEqual([EMAIL]);
    expect(email?.Content?.Simple?.Subject?.Data).toContain(info.title);
    expect(email?.Content?.Simple?.Body?.Text?.Data).toContain(
      'https://api.audio-sync.example.com/download/',
    );
    expect(scenario.aws.items.job).toMatchObject({
      status: 'DELIVERED',
      s3_key: `audio/${VIDEO_ID}/mp3.mp3`,
    });
  });

  it('goes straight from IsCached to Notify when the rendition is already in S3, without extracting', async () => {
    const functions = workflowFunctions(scenario.world({}, { cached: true }));

    const execution = await runWorkflow(functions, request);

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.path).toEqual(['Validate', 'IsCached', 'Notify', 'Delivered']);
    expect(functions.extract.events).toEqual([]);
    expect(scenario.aws.s3Mock.commandCalls(PutObjectCommand)).toEqual([]);
    expect(scenario.aws.s3Mock.commandCalls(CreateMultipartUploadCommand)).toEqual([]);
    expect(scenario.recordedRenditions()).toEqual([]);
    expect(scenario.jobStatuses()).toEqual(['VALIDATING', 'NOTIFYING', 'DELIVERED']);
    expect(scenario.emailsSent()).toHaveLength(1);
    // Notify links the rendition recorded in the media table.
    expect(scenario.aws.items.job.s3_key).toBe(`audio/${VIDEO_ID}/mp3.mp3`);
    expect(notifyRequests(functions.notify.events)[0]).toMatchObject({
      outcome: 'DELIVERED',
      video: { cached: true },
    });
  });
});
