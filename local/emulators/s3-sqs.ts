/** S3 and SQS on loopback: fauxqs, in memory. The bucket and the FIFO jobs queue (with its FIFO DLQ) come from the shared schema. */
import { buildApp } from 'fauxqs';
import { CreateBucketCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SQSClient,
  type SQSClientConfig,
} from '@aws-sdk/client-sqs';
import { JOBS_QUEUE } from '../../functions/shared/tables/schema.js';
import { LOOPBACK } from './listen.js';

type FauxqsStores = NonNullable<NonNullable<Parameters<typeof buildApp>[0]>['stores']>;

/**
 * fauxqs names queues `http://sqs.<region>.localhost:<port>/...`, a host Node does not resolve, and the
 * SQS client sends each call to its QueueUrl's host. Without a host setting the store names queues by
 * the request's own host (127.0.0.1:<port>), which is also the endpoint. The stores are not exported
 * by the package, so they are loaded from its files (fauxqs is pinned at 1.9.2).
 */
async function storesWithLoopbackQueueUrls(): Promise<FauxqsStores> {
  const root = import.meta.resolve('fauxqs');
  const [{ SqsStore }, { SnsStore }, { S3Store }] = (await Promise.all([
    import(new URL('./sqs/sqsStore.js', root).href),
    import(new URL('./sns/snsStore.js', root).href),
    import(new URL('./s3/s3Store.js', root).href),
  ])) as [
    { SqsStore: new () => FauxqsStores['sqsStore'] },
    { SnsStore: new () => FauxqsStores['snsStore'] },
    { S3Store: new () => FauxqsStores['s3Store'] },
  ];
  const sqsStore = new SqsStore();
  (sqsStore as { host?: string }).host = undefined;
  return { sqsStore, snsStore: new SnsStore(), s3Store: new S3Store() };
}

export interface S3SqsEmulator {
  endpoint: string;
  bucket: string;
  queueUrl: string;
  deadLetterQueueUrl: string;
  stop(): Promise<void>;
}

export async function startS3Sqs(options: {
  bucket: string;
  queueName: string;
  deadLetterQueueName: string;
  clientConfig: S3ClientConfig & SQSClientConfig;
}): Promise<S3SqsEmulator> {
  const app = buildApp({ logger: false, stores: await storesWithLoopbackQueueUrls() });
  // startFauxqs would listen on every interface; the local stack stays on loopback.
  const address = await app.listen({ port: 0, host: LOOPBACK });
  const endpoint = address.replace('localhost', LOOPBACK);
  const s3 = new S3Client({ ...options.clientConfig, endpoint, forcePathStyle: true });
  const sqs = new SQSClient({ ...options.clientConfig, endpoint });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: options.bucket }));
    const fifo = { FifoQueue: 'true', ContentBasedDeduplication: 'false' };
    const dlq = await sqs.send(
      new CreateQueueCommand({ QueueName: options.deadLetterQueueName, Attributes: fifo }),
    );
    const dlqAttributes = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    const queue = await sqs.send(
      new CreateQueueCommand({
        QueueName: options.queueName,
        Attributes: {
          ...fifo,
          VisibilityTimeout: String(JOBS_QUEUE.visibilityTimeoutSeconds),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: dlqAttributes.Attributes?.QueueArn,
            maxReceiveCount: JOBS_QUEUE.maxReceiveCount,
          }),
        },
      }),
    );
    return {
      endpoint,
      bucket: options.bucket,
      queueUrl: queue.QueueUrl!,
      deadLetterQueueUrl: dlq.QueueUrl!,
      stop: () => app.close(),
    };
  } catch (error) {
    await app.close();
    throw error;
  } finally {
    s3.destroy();
    sqs.destroy();
  }
}
