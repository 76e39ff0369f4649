import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotifyHandler } from '../../../functions/notify/handler.js';
import { startDynalite, TABLE_NAMES } from '../failed/dynalite.js';
import { DELIVERED, notifyWorld } from './notify-fixture.js';

describe('notify with the DynamoDB persistence layer it is deployed with', () => {
  let db: Awaited<ReturnType<typeof startDynalite>>;

  beforeAll(async () => {
    db = await startDynalite();
  });
  afterAll(() => db.stop());

  it('sends no second email when a retry, redrive or replay notifies the same job again', async () => {
    const world = notifyWorld();
    const persistenceStore = () =>
      new DynamoDBPersistenceLayer({ tableName: TABLE_NAMES.idempotency, awsSdkV3Client: db.client });
    // A fresh handler and store each time: what a new Lambda instance would see.
    const invoke = () =>
      createNotifyHandler({ ...world.deps, idempotency: { persistenceStore: persistenceStore() } })(
        DELIVERED,
        world.context,
      );

    const first = await invoke();
    const second = await invoke();

    expect(world.emails()).toHaveLength(1);
    expect(second).toEqual(first);
  });
});
