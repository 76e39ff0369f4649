/**
 * Step Functions ARNs as the service checks them: `arn:<partition>:states:<region>:<account>:<type>:...`.
 * A malformed ARN is `InvalidArn`, never "does not exist"; the wording follows AWS's answers.
 */
import { invalidArn } from './errors.js';

export type ArnType = 'stateMachine' | 'execution';

export interface ParsedArn {
  type: ArnType;
  region: string;
  account: string;
  stateMachineName: string;
  /** Only for an execution ARN (a state machine ARN's third part is a version or alias). */
  executionName?: string;
}

const PREFIX = /^arn:aws[a-z-]*:states:([a-z0-9-]+):(\d{12}):/;

/** The parts of a Step Functions ARN of the expected type; InvalidArn otherwise. */
export function parseArn(arn: string, expected: ArnType): ParsedArn {
  const prefix = PREFIX.exec(arn);
  if (!prefix) throw invalidArn(`Invalid ARN prefix: ${arn}`);
  const [type, stateMachineName, second, ...rest] = arn.slice(prefix[0].length).split(':');
  if (type !== expected) throw invalidArn(`Resource type not valid in this context: ${type ?? ''}`);
  // An execution ARN names its state machine and itself; a state machine ARN may carry a version or alias.
  const malformed =
    !stateMachineName || rest.length > 0 || (expected === 'execution' ? !second : second === '');
  if (malformed) throw invalidArn(`Invalid ARN format: ${arn}`);
  return {
    type,
    region: prefix[1]!,
    account: prefix[2]!,
    stateMachineName: stateMachineName!,
    ...(expected === 'execution' ? { executionName: second! } : {}),
  };
}
