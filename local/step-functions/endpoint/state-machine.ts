/** The one state machine the local endpoint serves, described the way DescribeStateMachine answers. */
import type { StateMachineDefinitionJson } from '../../../statemachine/definition.js';
import { parseArn } from './arns.js';

/** The role the local state machine "runs as": nothing checks it locally, but AWS always names one. */
export const LOCAL_STATE_MACHINE_ROLE_ARN = 'arn:aws:iam::000000000000:role/AudioSyncStateMachineRole';

export interface LocalStateMachine {
  stateMachineArn: string;
  name: string;
  /** The definition as a string, placeholders filled, as DescribeStateMachine returns it. */
  definition: string;
  roleArn: string;
  type: 'STANDARD';
  status: 'ACTIVE';
  creationDate: Date;
}

export function localStateMachine(
  stateMachineArn: string,
  definition: StateMachineDefinitionJson,
  creationDate = new Date(),
): LocalStateMachine {
  return {
    stateMachineArn,
    name: parseArn(stateMachineArn, 'stateMachine').stateMachineName,
    definition: JSON.stringify(definition, null, 2),
    roleArn: LOCAL_STATE_MACHINE_ROLE_ARN,
    type: 'STANDARD',
    status: 'ACTIVE',
    creationDate,
  };
}

/** The settings AWS reports for a state machine created without logging, tracing or a customer key. */
export const DEFAULT_SETTINGS = {
  loggingConfiguration: { level: 'OFF', includeExecutionData: false },
  tracingConfiguration: { enabled: false },
  encryptionConfiguration: { type: 'AWS_OWNED_KEY' },
} as const;
