/**
 * The Audio Sync stack, composed like the architecture diagram:
 * API ─▶ queue ─▶ starter ─▶ workflow (validate, extract, notify) ─▶ failures ─▶ failed; alarms watch it,
 * and a scheduled canary checks YouTube still works through the same drivers.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { OBJECT_EXPIRY_MARGIN_DAYS } from '../functions/shared/tables/schema.js';
import { Alarms } from './parts/alarms.js';
import { Canary } from './parts/canary.js';
import { Functions } from './parts/functions.js';
import { PublicApi } from './parts/http-api.js';
import { JobsQueue } from './parts/jobs-queue.js';
import { Mail } from './parts/mail.js';
import { Starter } from './parts/starter.js';
import { Storage } from './parts/storage.js';
import { Workflow } from './parts/workflow.js';
import { objectExpiryDays, type Settings } from './settings.js';

export interface AudioSyncStackProps extends StackProps {
  readonly settings: Settings;
}

export class AudioSyncStack extends Stack {
  readonly storage: Storage;
  readonly queue: JobsQueue;
  readonly api: PublicApi;
  readonly functions: Functions;
  readonly mail: Mail;
  readonly workflow: Workflow;
  readonly starter: Starter;
  readonly alarms: Alarms;
  readonly canary: Canary;

  constructor(scope: Construct, id: string, props: AudioSyncStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const logRetention = retentionDays(settings.logRetentionDays);

    const storage = (this.storage = new Storage(this, 'Storage', {
      objectExpiryDays: objectExpiryDays(settings.linkTtlHours, OBJECT_EXPIRY_MARGIN_DAYS),
    }));
    const queue = (this.queue = new JobsQueue(this, 'Queue'));
    const api = (this.api = new PublicApi(this, 'Api', {
      logRetention,
      rateLimit: settings.apiRateLimit,
      burstLimit: settings.apiBurstLimit,
      auth: settings.apiAuth,
    }));
    const publicApiUrl = settings.publicApiUrl ?? api.url;
    const mail = (this.mail = new Mail(this, 'Mail'));
    mail.addSuppression(storage.suppression, logRetention);
    const functions = (this.functions = new Functions(this, 'Functions', {
      settings,
      logRetention,
      storage,
      queue,
      publicApiUrl,
      configurationSetName: mail.configurationSet.configurationSetName,
    }));
    api.routeTo(functions.api);
    const workflow = (this.workflow = new Workflow(this, 'Workflow', { ...functions, logRetention }));
    this.starter = new Starter(this, 'Starter', {
      queue,
      stateMachine: workflow.stateMachine,
      maxConcurrency: settings.starterMaxConcurrency,
      logRetention,
    });
    const canary = (this.canary = new Canary(this, 'Canary', {
      settings,
      logRetention,
      values: functions.values,
    }));
    const alarms = (this.alarms = new Alarms(this, 'Alarms', {
      stateMachine: workflow.stateMachine,
      jobsDeadLetterQueue: queue.deadLetterQueue,
      failureEventDeadLetters: workflow.failureEventDeadLetters,
      extract: functions.extract,
      // An hour past the interval, so a run that starts or publishes late never leaves the window empty.
      canaryFailures: canary.metricFailures(canary.interval.plus(Duration.hours(1))),
      alarmEmail: settings.alarmEmail,
    }));

    new CfnOutput(this, 'ApiUrl', { value: publicApiUrl, description: 'POST /jobs here' });
    new CfnOutput(this, 'StateMachineArn', { value: workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'MediaBucketName', { value: storage.bucket.bucketName });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
    // What `npm run ops -- --aws` reads (README, "Operations").
    new CfnOutput(this, 'JobsTableName', { value: storage.jobs.tableName });
    new CfnOutput(this, 'JobsQueueUrl', { value: queue.queue.queueUrl });
    new CfnOutput(this, 'JobsDeadLetterQueueUrl', { value: queue.deadLetterQueue.queueUrl });
  }
}

/** CloudWatch Logs accepts only certain retention periods; take the longest one not above the request. */
function retentionDays(days: number): RetentionDays {
  const allowed = Object.values(RetentionDays)
    .filter((value): value is number => typeof value === 'number' && value > 0)
    .sort((a, b) => a - b);
  return (allowed.filter((value) => value <= days).pop() ?? allowed[0]) as RetentionDays;
}
