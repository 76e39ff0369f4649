import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { buildApp } from 'fauxqs';
import { startSqsEventSource } from '../../local/sqs-event-source.js';
import { createLambdaContext } from '../../local/step-functions/runner/lambda-adapter.js';

describe('the local SQS event source', () => {
  const app = buildApp({ logger: false });
  let sqs: SQSClient;

  beforeAll(async () => {
    const endpoint = await app.listen({ port: 0, host: '127.0.0.1' });
    sqs = new SQSClient({ endpoint, region: 'us-east-1' });
  });
  afterAll(async () => {
    sqs.destroy();
    await app.close();
  });

  async function fifoQueueWithDlq(name: string) {
    const fifo = { FifoQueue: 'true' };
    const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq.fifo`, Attributes: fifo }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    const queue = await sqs.send(
      new CreateQueueCommand({
        QueueName: `${name}.fifo`,
        Attributes: {
          ...fifo,
          VisibilityTimeout: '1',
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.QueueArn, maxReceiveCount: 2 }),
        },
      }),
    );
    return { queueUrl: queue.QueueUrl!, dlqUrl: dlq.QueueUrl! };
  }

  const send = (queueUrl: string, body: string) =>
    sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: body,
        MessageGroupId: body,
        MessageDeduplicationId: body,
      }),
    );

  it('deletes succeeded records and redelivers a reported failure until the DLQ takes it', async () => {
    const { queueUrl, dlqUrl } = await fifoQueueWithDlq('partial');
    const deliveries: Record<string, number[]> = {};
    const source = startSqsEventSource({
      client: sqs,
      queueUrl,
      queueArn: 'arn:aws:sqs:us-east-1:000000000000:partial.fifo',
      batchSize: 10,
      context: () => createLambdaContext('starter', 60_000),
      onError: () => undefined,
      handler: async (event: SQSEvent) => {
        for (const record of event.Records) {
          (deliveries[record.body] ??= []).push(Number(record.attributes.ApproximateReceiveCount));
        }
        const failing = event.Records.filter((record) => record.body === 'bad');
        return { batchItemFailures: failing.map((record) => ({ itemIdentifier: record.messageId })) };
      },
    });
    await send(queueUrl, 'good');
    await send(queueUrl, 'bad');

    let dead: string[] = [];
    while (dead.length === 0) {
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, WaitTimeSeconds: 1 }));
      dead = (received.Messages ?? []).map((message) => message.Body!);
    }
    await source.stop();
    expect(dead).toEqual(['bad']);
    expect(deliveries.good).toEqual([1]);
    expect(deliveries.bad).toEqual([1, 2]);
  });

  it('redelivers the whole batch when the function throws', async () => {
    const { queueUrl } = await fifoQueueWithDlq('throwing');
    const counts: number[] = [];
    const source = startSqsEventSource({
      client: sqs,
      queueUrl,
      queueArn: 'arn:aws:sqs:us-east-1:000000000000:throwing.fifo',
      batchSize: 10,
      context: () => createLambdaContext('starter', 60_000),
      onError: () => undefined,
      handler: async (event: SQSEvent) => {
        counts.push(Number(event.Records[0]?.attributes.ApproximateReceiveCount));
        if (counts.length === 1) throw new Error('starter crashed');
        return { batchItemFailures: [] };
      },
    });
    await send(queueUrl, 'only');
    while (counts.length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
    await source.stop();
    expect(counts).toEqual([1, 2]);
  });
});
