/**
 * The EventBridge "Step Functions Execution Status Change" event the failure handler's rule receives.
 * AWS does not say at which state an execution failed; the local stack adds `detail.failedState` as a hint.
 */
import * as z from 'zod';

export const STATUS_CHANGE_SOURCE = 'aws.states';
export const STATUS_CHANGE_DETAIL_TYPE = 'Step Functions Execution Status Change';

export const statusChangeDetailSchema = z.object({
  executionArn: z.string().min(1),
  name: z.string().min(1),
  status: z.string().min(1),
  error: z.string().nullish(),
  cause: z.string().nullish(),
  failedState: z.string().min(1).optional(),
  /** The execution input, a JSON string: its jobId names the job even for a replay's own execution name. */
  input: z.string().nullish(),
});

export const statusChangeEventSchema = z.object({
  'detail-type': z.literal(STATUS_CHANGE_DETAIL_TYPE),
  detail: statusChangeDetailSchema,
});
export type StatusChangeEvent = z.infer<typeof statusChangeEventSchema>;
