/** The CDK app's mail setup: a configuration set whose bounces and complaints suppress the address. */
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPPRESSING_EVENTS } from '../../infra/parts/mail.js';
import {
  environmentOf,
  functionNamed,
  logicalIdOf,
  permissionsOfRole,
  roleOf,
  synthesize,
  type Synthesized,
} from './synth.js';

let synth: Synthesized;
beforeAll(() => {
  synth = synthesize();
});
afterAll(() => synth.dispose());

describe('mail that stays welcome', () => {
  it('has a configuration set with SES account suppression for bounces and complaints', () => {
    synth.template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
  });

  it('publishes the set’s bounces and complaints to the default EventBridge bus', () => {
    synth.template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: logicalIdOf(synth.stack.mail.configurationSet) },
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['bounce', 'complaint']),
        EventBridgeDestination: { EventBusArn: Match.anyValue() },
      },
    });
  });

  it('routes those events, for this set only, to the suppress function, with retries and a dead-letter queue', () => {
    const suppress = logicalIdOf(synth.stack.mail.suppress!);
    synth.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ses'],
        'detail-type': SUPPRESSING_EVENTS,
        detail: {
          mail: {
            tags: { 'ses:configuration-set': [{ Ref: logicalIdOf(synth.stack.mail.configurationSet) }] },
          },
        },
      },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [suppress, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 4 },
          DeadLetterConfig: Match.objectLike({ Arn: Match.anyValue() }),
        }),
      ],
    });
  });

  it('lets suppress write the suppression table and nothing else', () => {
    const lines = permissionsOfRole(synth.template, roleOf(functionNamed(synth.template, 'suppress')));
    expect(lines.filter((line) => !line.startsWith('logs:'))).toEqual([
      `dynamodb:PutItem on \${${logicalIdOf(synth.stack.storage.suppression)}.Arn}`,
    ]);
  });

  it('sends every email with the configuration set', () => {
    for (const name of ['notify', 'failed']) {
      expect(environmentOf(functionNamed(synth.template, name)).SES_CONFIGURATION_SET).toEqual({
        Ref: logicalIdOf(synth.stack.mail.configurationSet),
      });
    }
  });
});
