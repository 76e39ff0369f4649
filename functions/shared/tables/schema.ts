/**
 * The one definition of the tables, bucket layout and queues. The CDK app (infra/) and the local stack
 * (local/) both build their resources from it, so the two cannot drift.
 */

export interface TableDefinition {
  /** Logical name; the deployed name is chosen by CloudFormation or the local stack. */
  readonly id: 'Jobs' | 'Media' | 'Idempotency' | 'Requests' | 'Suppression';
  readonly partitionKey: string;
  readonly ttlAttribute?: string;
}

export const TABLES = {
  jobs: { id: 'Jobs', partitionKey: 'job_id', ttlAttribute: 'expires_at' },
  media: { id: 'Media', partitionKey: 'video_id' },
  idempotency: { id: 'Idempotency', partitionKey: 'id', ttlAttribute: 'expiration' },
  /** The api's own records: Idempotency-Key and same-body claims (→ job id) and hourly rate-limit counters. */
  requests: { id: 'Requests', partitionKey: 'pk', ttlAttribute: 'expires_at' },
  /** Addresses we no longer mail (bounced, complained, unsubscribed), by digest; and unsubscribe tokens, by hash. */
  suppression: { id: 'Suppression', partitionKey: 'pk', ttlAttribute: 'expires_at' },
} as const satisfies Record<string, TableDefinition>;

export const JOBS_QUEUE = {
  id: 'Jobs',
  fifo: true,
  /** Seconds a received message stays invisible; longer than the starter's timeout. */
  visibilityTimeoutSeconds: 60,
  /** Receives before a message moves to the dead-letter queue. */
  maxReceiveCount: 3,
  /** Messages per starter invocation. */
  batchSize: 10,
} as const;

/** Lifecycle: objects expire this many days after the link TTL, so a link never outlives its file. */
export const OBJECT_EXPIRY_MARGIN_DAYS = 1;
