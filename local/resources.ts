/** Names and ARNs of the local stack's resources: one account, one region, fixed names. */
import { lambdaFunctionArn, sqsQueueArn, stateMachineArn } from '../functions/shared/contract/arns.js';

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';

export const LOCAL_NAMES = {
  tables: {
    jobs: 'audio-sync-jobs',
    media: 'audio-sync-media',
    idempotency: 'audio-sync-idempotency',
    requests: 'audio-sync-requests',
    suppression: 'audio-sync-suppression',
  },
  bucket: 'audio-sync-media',
  queue: 'audio-sync-jobs.fifo',
  deadLetterQueue: 'audio-sync-jobs-dlq.fifo',
  stateMachineArn: stateMachineArn(LOCAL_REGION, LOCAL_ACCOUNT),
} as const;

export function functionArn(name: string): string {
  return lambdaFunctionArn(LOCAL_REGION, LOCAL_ACCOUNT, name);
}

export function queueArn(name: string): string {
  return sqsQueueArn(LOCAL_REGION, LOCAL_ACCOUNT, name);
}
