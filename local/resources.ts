/** Names and ARNs of the local stack's resources: one account, one region, fixed names. */
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';

export const LOCAL_NAMES = {
  tables: {
    jobs: 'audio-sync-jobs',
    media: 'audio-sync-media',
    idempotency: 'audio-sync-idempotency',
    requests: 'audio-sync-requests',
  },
  bucket: 'audio-sync-media',
  queue: 'audio-sync-jobs.fifo',
  deadLetterQueue: 'audio-sync-jobs-dlq.fifo',
  stateMachineArn: `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:AudioSync`,
} as const;

export function functionArn(name: string): string {
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${name}`;
}

export function queueArn(name: string): string {
  return `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${name}`;
}
