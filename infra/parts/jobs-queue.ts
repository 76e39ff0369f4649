/**
 * The jobs queue between the API and the starter: FIFO (the jobId deduplicates a resubmission), with a
 * FIFO dead-letter queue that takes a message after JOBS_QUEUE.maxReceiveCount failed receives.
 */
import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { JOBS_QUEUE } from '../../functions/shared/tables/schema.js';

export class JobsQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      fifo: true,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Jobs', {
      fifo: JOBS_QUEUE.fifo,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(JOBS_QUEUE.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: JOBS_QUEUE.maxReceiveCount },
    });
  }
}
