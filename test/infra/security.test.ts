import { Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAudioSyncApp } from '../../infra/audio-sync-app.js';
import {
  CDK_JSON_CONTEXT,
  functionNamed,
  logicalIdOf,
  permissionsOfRole,
  roleOf,
  statementsOfRole,
  synthesize,
  type Synthesized,
} from './synth.js';

let synth: Synthesized;
let ids: Record<string, string>;

beforeAll(() => {
  synth = synthesize();
  const { stack } = synth;
  ids = {
    jobs: logicalIdOf(stack.storage.jobs),
    media: logicalIdOf(stack.storage.media),
    idempotency: logicalIdOf(stack.storage.idempotency),
    requests: logicalIdOf(stack.storage.requests),
    suppression: logicalIdOf(stack.storage.suppression),
    configurationSet: logicalIdOf(stack.mail.configurationSet),
    bucket: logicalIdOf(stack.storage.bucket),
    queue: logicalIdOf(stack.queue.queue),
    stateMachine: logicalIdOf(stack.workflow.stateMachine),
    failureDeadLetters: logicalIdOf(stack.workflow.failureEventDeadLetters),
  };
});
afterAll(() => synth.dispose());

function permissionsOf(name: string): string[] {
  const fn = functionNamed(synth.template, name);
  // Every function writes only to its own log group; the rest is what the test lists.
  return permissionsOfRole(synth.template, roleOf(fn)).filter((line) => !line.startsWith('logs:'));
}

const table = (id: string) => `\${${id}.Arn}`;
const configurationSet = () =>
  `arn:\${AWS::Partition}:ses:\${AWS::Region}:\${AWS::AccountId}:configuration-set/\${${ids.configurationSet}}`;
const senderIdentity =
  'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/no-reply@example.com';

describe('least privilege per function', () => {
  it('lets api create and read jobs and request claims, count, read audio, and enqueue — nothing else', () => {
    expect(permissionsOf('api')).toEqual(
      [
        `dynamodb:GetItem on ${table(ids.jobs!)}`,
        `dynamodb:PutItem on ${table(ids.jobs!)}`,
        `dynamodb:GetItem on ${table(ids.requests!)}`,
        `dynamodb:PutItem on ${table(ids.requests!)}`,
        `dynamodb:UpdateItem on ${table(ids.requests!)}`,
        `dynamodb:GetItem on ${table(ids.suppression!)}`,
        `dynamodb:PutItem on ${table(ids.suppression!)}`,
        `s3:GetObject on \${${ids.bucket}.Arn}/audio/*`,
        `s3:ListBucket on \${${ids.bucket}.Arn}`,
        `sqs:GetQueueAttributes on \${${ids.queue}.Arn}`,
        `sqs:GetQueueUrl on \${${ids.queue}.Arn}`,
        `sqs:SendMessage on \${${ids.queue}.Arn}`,
      ].sort(),
    );
  });

  it('lets starter start executions of this state machine only (the queue grants come with the mapping)', () => {
    expect(permissionsOf('starter').filter((line) => !line.startsWith('sqs:'))).toEqual([
      `states:StartExecution on \${${ids.stateMachine}}`,
    ]);
  });

  it('lets validate update jobs and media items and read audio, without writing to S3', () => {
    expect(permissionsOf('validate')).toEqual(
      [
        `dynamodb:GetItem on ${table(ids.jobs!)}`,
        `dynamodb:UpdateItem on ${table(ids.jobs!)}`,
        `dynamodb:GetItem on ${table(ids.media!)}`,
        `dynamodb:UpdateItem on ${table(ids.media!)}`,
        `s3:GetObject on \${${ids.bucket}.Arn}/audio/*`,
        `s3:ListBucket on \${${ids.bucket}.Arn}`,
      ].sort(),
    );
  });

  it('lets extract upload audio, keep idempotency records and update its items', () => {
    expect(permissionsOf('extract')).toEqual(
      [
        `dynamodb:GetItem on ${table(ids.jobs!)}`,
        `dynamodb:UpdateItem on ${table(ids.jobs!)}`,
        `dynamodb:GetItem on ${table(ids.media!)}`,
        `dynamodb:UpdateItem on ${table(ids.media!)}`,
        `dynamodb:DeleteItem on ${table(ids.idempotency!)}`,
        `dynamodb:GetItem on ${table(ids.idempotency!)}`,
        `dynamodb:PutItem on ${table(ids.idempotency!)}`,
        `dynamodb:UpdateItem on ${table(ids.idempotency!)}`,
        `s3:AbortMultipartUpload on \${${ids.bucket}.Arn}/audio/*`,
        `s3:PutObject on \${${ids.bucket}.Arn}/audio/*`,
      ].sort(),
    );
  });

  it('lets notify send email as the sender identity only, and read media items', () => {
    expect(permissionsOf('notify')).toEqual(
      [
        `dynamodb:GetItem on ${table(ids.jobs!)}`,
        `dynamodb:UpdateItem on ${table(ids.jobs!)}`,
        `dynamodb:GetItem on ${table(ids.media!)}`,
        `dynamodb:DeleteItem on ${table(ids.idempotency!)}`,
        `dynamodb:GetItem on ${table(ids.idempotency!)}`,
        `dynamodb:PutItem on ${table(ids.idempotency!)}`,
        `dynamodb:UpdateItem on ${table(ids.idempotency!)}`,
        `dynamodb:PutItem on ${table(ids.suppression!)}`,
        `ses:SendEmail on ${senderIdentity}`,
        `ses:SendEmail on ${configurationSet()}`,
      ].sort(),
    );
  });

  it('lets failed update jobs, send email as the sender, and park events it cannot handle', () => {
    expect(permissionsOf('failed')).toEqual(
      [
        `dynamodb:GetItem on ${table(ids.jobs!)}`,
        `dynamodb:UpdateItem on ${table(ids.jobs!)}`,
        `dynamodb:PutItem on ${table(ids.suppression!)}`,
        `ses:SendEmail on ${senderIdentity}`,
        `ses:SendEmail on ${configurationSet()}`,
        `sqs:GetQueueAttributes on \${${ids.failureDeadLetters}.Arn}`,
        `sqs:GetQueueUrl on \${${ids.failureDeadLetters}.Arn}`,
        `sqs:SendMessage on \${${ids.failureDeadLetters}.Arn}`,
      ].sort(),
    );
  });

  it.each(['api', 'starter', 'validate', 'extract', 'notify', 'failed'])(
    'gives %s no wildcard action and no `*` resource',
    (name) => {
      const statements = statementsOfRole(synth.template, roleOf(functionNamed(synth.template, name)));
      expect(statements.length).toBeGreaterThan(0);
      for (const { actions, resources } of statements) {
        for (const action of actions) expect(action).not.toContain('*');
        for (const resource of resources) expect(resource).not.toBe('*');
      }
    },
  );

  it('writes each function’s logs to its own log group only', () => {
    for (const name of ['api', 'starter', 'validate', 'extract', 'notify', 'failed']) {
      const fn = functionNamed(synth.template, name);
      const logGroup = (fn.properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      const logLines = permissionsOfRole(synth.template, roleOf(fn)).filter((line) =>
        line.startsWith('logs:'),
      );
      expect(logLines).toEqual([
        `logs:CreateLogStream on \${${logGroup}.Arn}`,
        `logs:PutLogEvents on \${${logGroup}.Arn}`,
      ]);
    }
  });
});

describe('the state machine role', () => {
  it('may invoke exactly validate, extract and notify', () => {
    const roleId = logicalIdOf(synth.stack.workflow.stateMachine.role);
    const invokable = permissionsOfRole(synth.template, roleId)
      .filter((line) => line.startsWith('lambda:'))
      .sort();
    const arnOf = (name: string) =>
      `lambda:InvokeFunction on \${${functionNamed(synth.template, name).logicalId}.Arn}`;
    expect(invokable).toEqual([arnOf('validate'), arnOf('extract'), arnOf('notify')].sort());
  });

  it('uses `*` only for X-Ray and log delivery, which have no resource-level permissions', () => {
    const roleId = logicalIdOf(synth.stack.workflow.stateMachine.role);
    const wildcardActions = statementsOfRole(synth.template, roleId)
      .filter(({ resources }) => resources.includes('*'))
      .flatMap(({ actions }) => actions);
    expect(wildcardActions.length).toBeGreaterThan(0);
    for (const action of wildcardActions) expect(action).toMatch(/^(xray|logs):[A-Za-z]+$/);
  });
});

function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id,
          reason,
        })),
      ),
  );
}

describe('cdk-nag AwsSolutions checks', () => {
  it('pass: the stack synthesizes with no unacknowledged finding', () => {
    const report = JSON.parse(readFileSync(join(synth.outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { violations: { ruleName: string }[] }[];
    };
    expect(
      report.pluginReports.flatMap((plugin) => plugin.violations.map((violation) => violation.ruleName)),
    ).toEqual([]);
  });

  it('fail the synth on a finding nobody acknowledged', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'audio-sync-cdk-'));
    const { app, stack } = createAudioSyncApp({
      outdir,
      context: {
        ...CDK_JSON_CONTEXT,
        '@aws-cdk/core:validateAgainstDefaultRules': false,
        'aws:cdk:bundling-stacks': [],
      },
    });
    new Bucket(stack, 'UnloggedBucket', { enforceSSL: true });
    try {
      expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('acknowledge only AwsSolutions rules, each with a reason a reviewer can check', () => {
    const acknowledged = acknowledgements(synth.stack);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { path, id, reason } of acknowledged) {
      expect(id, path).toMatch(/AwsSolutions-[A-Z]+\d+/);
      expect(reason.split(' ').length, `${path} ${id}`).toBeGreaterThanOrEqual(8);
    }
  });
});
