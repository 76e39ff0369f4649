/** SQS batch handler: one StartExecution per job message, failed records reported for redelivery. */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { sfnClient } from '../shared/aws.js';
import { lambdaHandler } from '../shared/handler.js';
import { starterConfig } from './config.js';
import { startExecutionForRecord, type StarterDeps } from './start-executions.js';

export type StarterHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;

export function createStarterHandler(deps: StarterDeps): StarterHandler {
  // The API gives every job its own FIFO message group, so records are independent and may run in parallel.
  const processor = new BatchProcessor(EventType.SQS);
  const recordHandler = async (record: SQSRecord) => {
    await startExecutionForRecord(deps, record);
  };
  return lambdaHandler((event: SQSEvent, context) =>
    processPartialResponse(event, recordHandler, processor, context ? { context } : {}),
  );
}

let configured: StarterHandler | undefined;

export const handler: StarterHandler = (event, context) => {
  configured ??= createStarterHandler({
    sfn: sfnClient(),
    stateMachineArn: starterConfig.load().STATE_MACHINE_ARN,
  });
  return configured(event, context);
};
