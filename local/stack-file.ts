/**
 * `.audio-sync/stack.json`: what a running `npm run serve` tells other processes (`npm run ops`) about
 * itself: its pid, endpoints and resource names. Written on start, removed on stop.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as z from 'zod';
import { useOfflineCredentials } from './environment.js';

export const DEFAULT_STACK_FILE = '.audio-sync/stack.json';

const resourcesSchema = z.object({
  region: z.string().min(1),
  apiUrl: z.string().min(1),
  sesUrl: z.string().min(1),
  endpoints: z.object({
    dynamoDb: z.string().min(1),
    s3: z.string().min(1),
    sqs: z.string().min(1),
    stepFunctions: z.string().min(1),
    ses: z.string().min(1),
  }),
  jobsTable: z.string().min(1),
  mediaTable: z.string().min(1),
  idempotencyTable: z.string().min(1),
  bucket: z.string().min(1),
  queueUrl: z.string().min(1),
  deadLetterQueueUrl: z.string().min(1),
  stateMachineArn: z.string().min(1),
});

/** The local stack's endpoints and resource names. */
export type LocalStackResources = z.infer<typeof resourcesSchema>;

const stackFileSchema = z.object({ pid: z.number().int().positive(), resources: resourcesSchema });
export type StackFile = z.infer<typeof stackFileSchema>;

export function writeStackFile(path: string, resources: LocalStackResources, pid = process.pid): void {
  writeFileSync(path, `${JSON.stringify({ pid, resources } satisfies StackFile, null, 2)}\n`);
}

export function removeStackFile(path: string): void {
  rmSync(path, { force: true });
}

/** The stack file, or undefined when there is none; a file that is not a stack file is an error naming it. */
export function readStackFile(path: string): StackFile | undefined {
  if (!existsSync(path)) return undefined;
  const parsed = stackFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path} is not a local stack file: ${parsed.error.message}`);
  return parsed.data;
}

/** Whether the process that wrote the file still runs (a killed `serve` leaves its file behind). */
export function isStackRunning(file: StackFile): boolean {
  try {
    process.kill(file.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Points this process's SDK clients at the stack (the SDK's own variables) with offline credentials. */
export function useStackEndpoints(resources: LocalStackResources): void {
  useOfflineCredentials();
  Object.assign(process.env, {
    AWS_REGION: resources.region,
    AWS_ENDPOINT_URL_DYNAMODB: resources.endpoints.dynamoDb,
    AWS_ENDPOINT_URL_S3: resources.endpoints.s3,
    AWS_ENDPOINT_URL_SQS: resources.endpoints.sqs,
    AWS_ENDPOINT_URL_SFN: resources.endpoints.stepFunctions,
    AWS_ENDPOINT_URL_SESV2: resources.endpoints.ses,
  });
}
