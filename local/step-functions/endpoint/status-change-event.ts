/** The EventBridge "Step Functions Execution Status Change" event, as the failure handler's rule receives it. */
import { randomUUID } from 'node:crypto';
import type { Execution } from './executions.js';
import { redriveStatusOf } from './redrive-status.js';
import {
  STATUS_CHANGE_DETAIL_TYPE,
  STATUS_CHANGE_SOURCE,
} from '../../../functions/shared/contract/status-change.js';

export interface ExecutionStatusChangeDetail {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
  startDate: number;
  stopDate: number | null;
  input: string;
  output: string | null;
  inputDetails: { included: boolean };
  outputDetails: { included: boolean } | null;
  error: string | null;
  cause: string | null;
  redriveCount: number;
  redriveStatus: string;
  redriveStatusReason: string | null;
  /** Not in the AWS event: the local endpoint knows the failing state and passes it as a hint. */
  failedState?: string;
}

function redriveFields(execution: Execution) {
  const { redriveStatus, redriveStatusReason } = redriveStatusOf(execution, Date.now());
  return { redriveStatus, redriveStatusReason: redriveStatusReason ?? null };
}

export function statusChangeEvent(execution: Execution) {
  const [, , , region = 'us-east-1', account = '000000000000'] = execution.executionArn.split(':');
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': STATUS_CHANGE_DETAIL_TYPE,
    source: STATUS_CHANGE_SOURCE,
    account,
    time: (execution.stopDate ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [execution.executionArn],
    detail: {
      executionArn: execution.executionArn,
      stateMachineArn: execution.stateMachineArn,
      name: execution.name,
      status: execution.status,
      startDate: execution.startDate.getTime(),
      stopDate: execution.stopDate?.getTime() ?? null,
      input: execution.input,
      output: execution.output ?? null,
      inputDetails: { included: true },
      outputDetails: execution.output === undefined ? null : { included: true },
      error: execution.error ?? null,
      cause: execution.cause ?? null,
      redriveCount: execution.redriveCount,
      ...redriveFields(execution),
      ...(execution.failedAt ? { failedState: execution.failedAt.state } : {}),
    } satisfies ExecutionStatusChangeDetail,
  };
}
