/**
 * Where state lives: the private media bucket (objects expire after the link TTL plus a margin) and the
 * media, jobs, idempotency and requests tables, built from the definitions the local stack also uses.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { TABLES, type TableDefinition } from '../../functions/shared/tables/schema.js';

export interface StorageProps {
  /** Days an audio object lives before the lifecycle rule deletes it. */
  readonly objectExpiryDays: number;
  /** Days server access logs are kept. */
  readonly accessLogExpiryDays?: number;
}

export class Storage extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;
  readonly jobs: Table;
  readonly media: Table;
  readonly idempotency: Table;
  readonly requests: Table;
  readonly suppression: Table;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(props.accessLogExpiryDays ?? 90) }],
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket itself; logging it into another bucket would recurse.',
    });

    this.bucket = new Bucket(this, 'Media', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: false,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'media/',
      lifecycleRules: [
        { id: 'ExpireAudio', expiration: Duration.days(props.objectExpiryDays) },
        { id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });

    this.jobs = this.table(TABLES.jobs);
    this.media = this.table(TABLES.media);
    this.idempotency = this.table(TABLES.idempotency);
    this.requests = this.table(TABLES.requests);
    this.suppression = this.table(TABLES.suppression);
  }

  private table(definition: TableDefinition): Table {
    return new Table(this, `${definition.id}Table`, {
      partitionKey: { name: definition.partitionKey, type: AttributeType.STRING },
      timeToLiveAttribute: definition.ttlAttribute,
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
    });
  }
}
