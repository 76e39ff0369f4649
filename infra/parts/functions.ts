/**
 * The functions the pipeline runs: api, validate and extract (the media image), notify and failed.
 * Each receives the environment its config schema reads and a role for exactly what it does.
 * (The starter, the queue's consumer, is in starter.ts: it needs the state machine first.)
 */
import { Duration, Size } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { apiConfig } from '../../functions/api/config.js';
import { extractConfig } from '../../functions/extract/config.js';
import { failedConfig } from '../../functions/failed/config.js';
import { notifyConfig } from '../../functions/notify/config.js';
import { validateConfig } from '../../functions/validate/config.js';
import { secretReferences, type Settings } from '../settings.js';
import { environmentFor, type EnvironmentValues } from './environment.js';
import type { JobsQueue } from './jobs-queue.js';
import { MEDIA_IMAGE_TOOLS, MediaFunction } from './media-functions.js';
import { NodeFunction } from './node-function.js';
import {
  allowIdempotencyRecords,
  allowItems,
  allowReadingAudio,
  allowReadingSecret,
  allowSendingEmail,
  allowWritingAudio,
  sesConfigurationSetArn,
  sesIdentityArn,
} from './permissions.js';
import type { Storage } from './storage.js';

export interface FunctionsProps {
  readonly settings: Settings;
  readonly logRetention: RetentionDays;
  readonly storage: Storage;
  readonly queue: JobsQueue;
  /** Base URL of the HTTP API for status URLs and email links. */
  readonly publicApiUrl: string;
  /** The SES configuration set every email is sent with. */
  readonly configurationSetName: string;
}

export class Functions extends Construct {
  readonly api: IFunction;
  readonly validate: IFunction;
  readonly extract: IFunction;
  readonly notify: IFunction;
  readonly failed: IFunction;
  /** Every value the stack gives the functions, for functions built elsewhere (the canary). */
  readonly values: EnvironmentValues;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    const { settings, storage, logRetention } = props;
    const values = (this.values = environmentValues(props));
    const secrets = secretReferences(settings);
    const senderIdentity = sesIdentityArn(this, settings.senderIdentity);
    const configurationSet = sesConfigurationSetArn(this, props.configurationSetName);

    const api = new NodeFunction(this, 'Api', {
      name: 'api',
      environment: environmentFor('api', apiConfig, values),
      timeout: Duration.seconds(10),
      memorySize: 512,
      logRetention,
    }).function;
    allowItems(api, storage.jobs, 'GetItem', 'PutItem');
    allowItems(api, storage.requests, 'GetItem', 'PutItem', 'UpdateItem');
    allowItems(api, storage.suppression, 'GetItem', 'PutItem');
    allowReadingAudio(api, storage.bucket);
    props.queue.queue.grantSendMessages(api);

    const media = { logRetention, ytdlpVersion: settings.ytdlpVersion };
    const validate = new MediaFunction(this, 'Validate', {
      ...media,
      name: 'validate',
      environment: environmentFor('validate', validateConfig, values, secrets),
      // Below the state's TimeoutSeconds (120), so Lambda reports its own timeout first.
      timeout: Duration.seconds(90),
      memorySize: 1024,
    }).function;
    allowItems(validate, storage.jobs, 'GetItem', 'UpdateItem');
    allowItems(validate, storage.media, 'GetItem', 'UpdateItem');
    allowReadingAudio(validate, storage.bucket);

    const extract = new MediaFunction(this, 'Extract', {
      ...media,
      name: 'extract',
      environment: environmentFor('extract', extractConfig, values, secrets),
      timeout: Duration.minutes(15),
      // One vCPU per 1,769 MB: the encoder count follows (AWS_LAMBDA_FUNCTION_MEMORY_SIZE).
      memorySize: settings.extractMemoryMb,
      // yt-dlp's standalone build unpacks its runtime into /tmp on every cold start.
      ephemeralStorageSize: Size.mebibytes(1024),
      reservedConcurrentExecutions: settings.extractReservedConcurrency || undefined,
    }).function;
    allowItems(extract, storage.jobs, 'GetItem', 'UpdateItem');
    allowItems(extract, storage.media, 'GetItem', 'UpdateItem');
    allowIdempotencyRecords(extract, storage.idempotency);
    allowWritingAudio(extract, storage.bucket);

    for (const arn of Object.values(secrets)) {
      allowReadingSecret(validate, arn);
      allowReadingSecret(extract, arn);
    }

    const notify = new NodeFunction(this, 'Notify', {
      name: 'notify',
      environment: environmentFor('notify', notifyConfig, values),
      timeout: Duration.seconds(30),
      logRetention,
    }).function;
    allowItems(notify, storage.jobs, 'GetItem', 'UpdateItem');
    allowItems(notify, storage.media, 'GetItem');
    allowIdempotencyRecords(notify, storage.idempotency);
    allowItems(notify, storage.suppression, 'PutItem');
    allowSendingEmail(notify, senderIdentity, configurationSet);

    const failed = new NodeFunction(this, 'Failed', {
      name: 'failed',
      environment: environmentFor('failed', failedConfig, values),
      timeout: Duration.seconds(30),
      logRetention,
    }).function;
    allowItems(failed, storage.jobs, 'GetItem', 'UpdateItem');
    allowItems(failed, storage.suppression, 'PutItem');
    allowSendingEmail(failed, senderIdentity, configurationSet);

    this.api = api;
    this.validate = validate;
    this.extract = extract;
    this.notify = notify;
    this.failed = failed;
  }
}

/** Every value the stack can give; each function takes the ones its schema names. */
function environmentValues({
  settings,
  storage,
  queue,
  publicApiUrl,
  ...props
}: FunctionsProps): EnvironmentValues {
  return {
    JOBS_TABLE: storage.jobs.tableName,
    MEDIA_TABLE: storage.media.tableName,
    IDEMPOTENCY_TABLE: storage.idempotency.tableName,
    REQUESTS_TABLE: storage.requests.tableName,
    SUPPRESSION_TABLE: storage.suppression.tableName,
    SES_CONFIGURATION_SET: props.configurationSetName,
    MEDIA_BUCKET: storage.bucket.bucketName,
    JOBS_QUEUE_URL: queue.queue.queueUrl,
    PUBLIC_API_URL: publicApiUrl,
    SENDER_EMAIL: settings.senderEmail,
    LINK_TTL_HOURS: String(settings.linkTtlHours),
    DOWNLOAD_URL_TTL_SECONDS: String(settings.downloadUrlTtlSeconds),
    JOB_TTL_DAYS: String(settings.jobTtlDays),
    MAX_DURATION_SECONDS: String(settings.maxDurationSeconds),
    RECIPIENT_JOBS_PER_HOUR: String(settings.recipientJobsPerHour),
    CLIENT_JOBS_PER_HOUR: String(settings.clientJobsPerHour),
    YOUTUBE_DRIVERS: settings.youtubeDrivers,
    YOUTUBE_CLIENTS: settings.youtubeClients,
    YTDLP_PLAYER_CLIENTS: settings.ytdlpPlayerClients,
    SOURCE_KINDS: settings.sourceKinds,
    SOURCE_MAX_BYTES: String(settings.sourceMaxBytes),
    SOURCE_READ_TIMEOUT_SECONDS: String(settings.sourceReadTimeoutSeconds),
    ...MEDIA_IMAGE_TOOLS,
    // Private and file:// sources are for the local stack; in AWS they stay refused.
    ALLOW_PRIVATE_SOURCES: 'false',
    ALLOW_FILE_SOURCES: 'false',
  };
}
