/** The failure handler's test wiring: the jobs table on dynalite (real condition expressions), mocked SES. */
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createFailedHandler } from '../../../functions/failed/handler.js';
import { TABLES } from '../../../functions/shared/tables/schema.js';
import { JobsTable, type JobItem } from '../../../functions/shared/tables/jobs.js';
import { createTable, startDynalite } from './dynalite.js';

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

let database: ReturnType<typeof startDynalite> | undefined;
let worlds = 0;

/** Stops the dynalite the worlds of this test file share. */
export async function stopFailedWorlds(): Promise<void> {
  await (await database)?.stop();
  database = undefined;
}

/** One job (or none) in a fresh jobs table, the failure handler over it, and SES answering every send. */
export async function failedWorld(job: JobItem | null = JOB) {
  const { client, documents } = await (database ??= startDynalite());
  const tableName = `jobs-${(worlds += 1)}`;
  await createTable(client, tableName, TABLES.jobs.partitionKey);
  if (job) await documents.send(new PutCommand({ TableName: tableName, Item: job }));
  const ses = new SESv2Client({ region: 'us-east-1' });
  const sesMock = mockClient(ses);
  sesMock.on(SendEmailCommand).resolves({ MessageId: 'apology-1' });
  const jobs = new JobsTable(tableName, documents);
  const deps = {
    jobs,
    ses,
    senderEmail: 'no-reply@audiosync.example',
    publicApiUrl: 'https://api.example.com/',
  };
  return {
    deps,
    sesMock,
    handler: createFailedHandler(deps),
    job: () => jobs.get(JOB.job_id),
    /** What a redrive or replay does: a task moves the job on before the execution fails again. */
    moveOn: (status: JobItem['status']) => jobs.update(JOB.job_id, status),
    emails() {
      return sesMock.commandCalls(SendEmailCommand).map((call) => call.args[0].input);
    },
  };
}
