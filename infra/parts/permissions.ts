/**
 * Grants named for what a function does, each listing exact actions on exact resources, so a role
 * reaches only what its function uses (the broad grantReadWriteData/grantRead helpers would add Scan,
 * DeleteItem, s3:List* and the like).
 */
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';

import { RENDITION_PREFIX } from '../../functions/shared/contract/formats.js';
type ItemAction = 'GetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem';

/** The key prefix every rendition lives under (`renditionKey` builds the keys). */
export const AUDIO_KEY_PREFIX = RENDITION_PREFIX;

/** Item-level actions on one table. */
export function allowItems(grantee: IGrantable, table: ITable, ...actions: ItemAction[]): void {
  table.grant(grantee, ...actions.map((action) => `dynamodb:${action}`));
}

/** What Powertools idempotency does with its table: claim, read, complete and release a record. */
export function allowIdempotencyRecords(grantee: IGrantable, table: ITable): void {
  allowItems(grantee, table, 'GetItem', 'PutItem', 'UpdateItem', 'DeleteItem');
}

/** Reading renditions (GetObject also authorises HeadObject and presigned GETs). */
export function allowReadingAudio(grantee: IFunction, bucket: IBucket): void {
  acknowledgeAudioPrefix(grantee, bucket);
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['s3:GetObject'],
      resources: [bucket.arnForObjects(`${AUDIO_KEY_PREFIX}*`)],
    }),
  );
  // Without ListBucket, HeadObject on a missing key answers 403 instead of 404.
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
  );
}

/** Writing renditions by multipart upload (Create/UploadPart/Complete are all s3:PutObject). */
export function allowWritingAudio(grantee: IFunction, bucket: IBucket): void {
  acknowledgeAudioPrefix(grantee, bucket);
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
      resources: [bucket.arnForObjects(`${AUDIO_KEY_PREFIX}*`)],
    }),
  );
}

/** The one object wildcard: rendition keys are made at run time, all under the audio/ prefix. */
function acknowledgeAudioPrefix(grantee: IFunction, bucket: IBucket): void {
  const bucketId = Stack.of(bucket).getLogicalId(bucket.node.defaultChild as CfnElement);
  // On the role: the policy the finding is about is its child, not the function's.
  Validations.of(grantee.role ?? grantee).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${AUDIO_KEY_PREFIX}*]`,
    reason: `Rendition keys are created at run time; the grant covers only ${AUDIO_KEY_PREFIX} in this bucket.`,
  });
}

/** The ARN of a verified SES identity (an address or a domain). */
export function sesIdentityArn(scope: IConstruct, identity: string): string {
  return Stack.of(scope).formatArn({ service: 'ses', resource: 'identity', resourceName: identity });
}

/** The ARN of an SES configuration set: SendEmail with a set is authorised on it too. */
export function sesConfigurationSetArn(scope: IConstruct, name: string): string {
  return Stack.of(scope).formatArn({ service: 'ses', resource: 'configuration-set', resourceName: name });
}

/** Sending email as one verified identity only (and with one configuration set, when given). */
export function allowSendingEmail(
  grantee: IGrantable,
  identityArn: string,
  configurationSetArn?: string,
): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: configurationSetArn ? [identityArn, configurationSetArn] : [identityArn],
    }),
  );
}

/** Reading one Secrets Manager secret or one SSM parameter, by its ARN. */
export function allowReadingSecret(grantee: IGrantable, arn: string): void {
  const isSsmParameter = arn.split(':')[2] === 'ssm';
  // A secret's full ARN ends in `-` and six random characters; a partial ARN needs them matched.
  const resource = isSsmParameter || /-[A-Za-z0-9]{6}$/.test(arn) ? arn : `${arn}-??????`;
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: [isSsmParameter ? 'ssm:GetParameter' : 'secretsmanager:GetSecretValue'],
      resources: [resource],
    }),
  );
}
