/** The failure handler's test wiring: a mocked document client that honours markFailed's condition, mocked SES. */
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createFailedHandler } from '../../../functions/failed/handler.js';
import { JobsTable, type JobItem } from '../../../functions/shared/tables/jobs.js';

export const JOBS_TABLE = 'jobs-table';
export const REQUESTER = 'jane.doe@example.com';
export const EXECUTION_ARN = 'arn:aws:states:us-east-1:123456789012:execution:AudioSync:job-0001';

export const JOB: JobItem = {
  job_id: 'job-0001',
  status: 'EXTRACTING',
  source_url: 'https://media.example.com/talk.mp4',
  email: REQUESTER,
  format: 'mp3',
  created_at: '2030-05-01T11:58:00.000Z',
  updated_at: '2030-05-01T11:59:00.000Z',
  expires_at: 1_903_000_000,
  video_id: 'url-abc',
  video: { id: 'url-abc', title: 'A <b>bold</b> talk', author: 'media.example.com', durationSeconds: 90 },
};

/** The event EventBridge delivers for an execution that ended with `status`. */
export function statusChange(status: string, detail: Record<string, unknown> = {}) {
  return {
    version: '0',
    id: 'event-1',
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    account: '123456789012',
    time: '2030-05-01T12:00:00Z',
    region: 'us-east-1',
    resources: [EXECUTION_ARN],
    detail: {
      executionArn: EXECUTION_ARN,
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:AudioSync',
      name: 'job-0001',
      status,
      startDate: 1_903_000_000_000,
      stopDate: 1_903_000_060_000,
      input: JSON.stringify({ jobId: 'job-0001', url: JOB.source_url, format: 'mp3' }),
      output: null,
      error: 'ExtractionFailed',
      cause: JSON.stringify({ errorType: 'ExtractionFailed', errorMessage: 'ffmpeg exited with code 1' }),
      ...detail,
    },
  };
}

/** One job in a map; UpdateCommand applies markFailed's "status <> FAILED" condition like DynamoDB would. */
export function failedWorld(job: JobItem | null = JOB) {
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
  const ses = new SESv2Client({ region: 'us-east-1' });
  const ddbMock = mockClient(documents);
  const sesMock = mockClient(ses);
  let stored: JobItem | undefined = job ? { ...job } : undefined;
  ddbMock.on(GetCommand, { TableName: JOBS_TABLE }).callsFake(() => ({ Item: stored }));
  ddbMock.on(UpdateCommand, { TableName: JOBS_TABLE }).callsFake((input) => {
    const values = input.ExpressionAttributeValues as Record<string, unknown>;
    if (!stored || stored.status === values[':failed']) {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    }
    stored = {
      ...stored,
      status: 'FAILED',
      reason: values[':reason'] as string,
      error: values[':error'] as JobItem['error'],
    };
    return {};
  });
  sesMock.on(SendEmailCommand).resolves({ MessageId: 'apology-1' });
  const deps = {
    jobs: new JobsTable(JOBS_TABLE, documents),
    ses,
    senderEmail: 'no-reply@audiosync.example',
    publicApiUrl: 'https://api.example.com/',
  };
  return {
    deps,
    sesMock,
    handler: createFailedHandler(deps),
    job: () => stored,
    /** Simulates a redrive: the redriven task moves the job on before failing again. */
    setStatus(status: JobItem['status']) {
      if (stored) stored = { ...stored, status };
    },
    emails() {
      return sesMock.commandCalls(SendEmailCommand).map((call) => call.args[0].input);
    },
  };
}
