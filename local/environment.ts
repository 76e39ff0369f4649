/**
 * The process environment the handlers read on the local stack: dummy credentials, the emulators'
 * endpoints (the SDK's own AWS_ENDPOINT_URL_* variables), resource names and the local-only source rules.
 */
/** Set before any SDK client exists: credentials never come from a profile or the EC2 metadata address. */
export function useOfflineCredentials(): void {
  Object.assign(process.env, {
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    // Anything not emulated fails fast on a closed local port instead of reaching AWS.
    AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  // The SDK's notice about future Node versions is not actionable on a laptop run.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Metrics are EMF lines for CloudWatch; locally they would only be noise.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
}

export interface LocalEndpoints {
  dynamoDb: string;
  s3Sqs: string;
  ses: string;
  stepFunctions: string;
  api: string;
}

export interface LocalResourceNames {
  jobsTable: string;
  mediaTable: string;
  idempotencyTable: string;
  requestsTable: string;
  suppressionTable: string;
  bucket: string;
  queueUrl: string;
  stateMachineArn: string;
}

/** The local stack's default for both abuse limits: one developer sends many jobs to one address. */
export const LOCAL_JOBS_PER_HOUR = 1000;

/**
 * The local stack's defaults for settings that belong to the caller: a value the caller set (e.g.
 * `ALLOW_PRIVATE_SOURCES=false npm run serve`) is kept, never overwritten.
 */
const CALLER_DEFAULTS = {
  // The local stack fetches from this machine: loopback media servers and local files.
  ALLOW_PRIVATE_SOURCES: 'true',
  ALLOW_FILE_SOURCES: 'true',
  // Generous limits for trying and testing on one machine.
  RECIPIENT_JOBS_PER_HOUR: String(LOCAL_JOBS_PER_HOUR),
  CLIENT_JOBS_PER_HOUR: String(LOCAL_JOBS_PER_HOUR),
} as const;

export function localEnvironment(
  endpoints: LocalEndpoints,
  names: LocalResourceNames,
  callerEnvironment: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const callerOwned = Object.fromEntries(
    Object.entries(CALLER_DEFAULTS).map(([name, fallback]) => [name, callerEnvironment[name] ?? fallback]),
  );
  return {
    ...callerOwned,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamoDb,
    AWS_ENDPOINT_URL_S3: endpoints.s3Sqs,
    AWS_ENDPOINT_URL_SQS: endpoints.s3Sqs,
    AWS_ENDPOINT_URL_SFN: endpoints.stepFunctions,
    AWS_ENDPOINT_URL_SESV2: endpoints.ses,
    JOBS_TABLE: names.jobsTable,
    MEDIA_TABLE: names.mediaTable,
    IDEMPOTENCY_TABLE: names.idempotencyTable,
    REQUESTS_TABLE: names.requestsTable,
    SUPPRESSION_TABLE: names.suppressionTable,
    SES_CONFIGURATION_SET: 'audio-sync',
    MEDIA_BUCKET: names.bucket,
    JOBS_QUEUE_URL: names.queueUrl,
    STATE_MACHINE_ARN: names.stateMachineArn,
    PUBLIC_API_URL: endpoints.api,
    SENDER_EMAIL: 'audio-sync@example.com',
  };
}
