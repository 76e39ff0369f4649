import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { withThrottlingAsTransient } from '../../../functions/shared/aws.js';

/** A client whose every request fails at the network with the given error, after `attempts` tries. */
function failingClient(error: Error) {
  let attempts = 0;
  const client = withThrottlingAsTransient(
    new DynamoDBClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', maxAttempts: 2 }),
  );
  client.middlewareStack.add(
    () => async () => {
      attempts++;
      throw error;
    },
    { step: 'finalizeRequest', priority: 'low', name: 'fail' },
  );
  return { client, attempts: () => attempts };
}

const throttled = () =>
  Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
    name: 'ProvisionedThroughputExceededException',
    $metadata: { httpStatusCode: 400 },
    $retryable: { throttling: true },
  });

describe('DynamoDB throttling after the SDK retries', () => {
  it('becomes TableThrottled, the transient error each step retries', async () => {
    const { client, attempts } = failingClient(throttled());
    const request = client.send(new GetItemCommand({ TableName: 'jobs', Key: { job_id: { S: 'a' } } }));
    await expect(request).rejects.toMatchObject({ name: 'TableThrottled' });
    expect(attempts()).toBe(2);
  });

  it('leaves every other error as it is', async () => {
    const conditional = new ConditionalCheckFailedException({
      message: 'The conditional request failed',
      $metadata: {},
    });
    const { client } = failingClient(conditional);
    const request = client.send(new GetItemCommand({ TableName: 'jobs', Key: { job_id: { S: 'a' } } }));
    await expect(request).rejects.toBeInstanceOf(ConditionalCheckFailedException);
  });
});
