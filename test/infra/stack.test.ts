import { Match } from 'aws-cdk-lib/assertions';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOBS_QUEUE, OBJECT_EXPIRY_MARGIN_DAYS, TABLES } from '../../functions/shared/tables/schema.js';
import { renditionKey } from '../../functions/shared/types.js';
import { DECLARED_ROUTE_KEYS } from '../../functions/api/route-keys.js';
import { AUDIO_KEY_PREFIX } from '../../infra/parts/permissions.js';
import { environmentOf, functionNamed, logicalIdOf, synthesize, type Synthesized } from './synth.js';

// One synth like `cdk synth`: esbuild bundles the handlers, and CDK's own CloudFormation rules run too.
let synth: Synthesized;
beforeAll(() => {
  synth = synthesize({}, { bundling: true, defaultRules: true });
});
afterAll(() => synth.dispose());

const NODE_FUNCTIONS = ['api', 'starter', 'notify', 'failed'];
const MEDIA_FUNCTIONS = ['validate', 'extract'];

describe('media bucket', () => {
  const mediaBucket = () =>
    synth.template.findResources('AWS::S3::Bucket')[logicalIdOf(synth.stack.storage.bucket)]!;

  it('blocks all public access', () => {
    expect(mediaBucket().Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
  });

  it('encrypts objects with S3-managed keys', () => {
    expect(mediaBucket().Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
  });

  it('keeps no versions', () => {
    expect(mediaBucket().Properties.VersioningConfiguration).toBeUndefined();
  });

  it('expires objects a margin after the default 7-day link and aborts stale multipart uploads after a day', () => {
    expect(mediaBucket().Properties.LifecycleConfiguration.Rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ExpirationInDays: 7 + OBJECT_EXPIRY_MARGIN_DAYS, Status: 'Enabled' }),
        expect.objectContaining({
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          Status: 'Enabled',
        }),
      ]),
    );
  });

  it('logs server access to the access-log bucket', () => {
    expect(mediaBucket().Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logicalIdOf(synth.stack.storage.accessLogs) },
      LogFilePrefix: 'media/',
    });
  });

  it('denies every request without TLS and allows nothing to anyone', () => {
    const bucketId = logicalIdOf(synth.stack.storage.bucket);
    const policy = Object.values(synth.template.findResources('AWS::S3::BucketPolicy')).find(
      (resource) => resource.Properties.Bucket.Ref === bucketId,
    )!;
    const statements = policy.Properties.PolicyDocument.Statement as Record<string, unknown>[];
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 's3:*',
        Principal: { AWS: '*' },
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    expect(statements.filter((statement) => statement.Effect === 'Allow')).toEqual([]);
  });

  it('keeps every rendition under the prefix the grants name', () => {
    expect(renditionKey('dQw4w9WgXcQ', 'mp3').startsWith(AUDIO_KEY_PREFIX)).toBe(true);
  });
});

describe('tables', () => {
  it.each(Object.values(TABLES))(
    'creates the $id table on demand with PITR, encryption and its key',
    (table) => {
      synth.template.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: [{ AttributeName: table.partitionKey, KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: table.partitionKey, AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification:
          'ttlAttribute' in table ? { AttributeName: table.ttlAttribute, Enabled: true } : Match.absent(),
      });
    },
  );
});

describe('jobs queue', () => {
  it('is FIFO and redrives to a FIFO dead-letter queue after JOBS_QUEUE.maxReceiveCount receives', () => {
    const deadLetterId = logicalIdOf(synth.stack.queue.deadLetterQueue);
    synth.template.hasResourceProperties('AWS::SQS::Queue', {
      FifoQueue: true,
      VisibilityTimeout: JOBS_QUEUE.visibilityTimeoutSeconds,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [deadLetterId, 'Arn'] }, maxReceiveCount: 3 },
    });
    expect(synth.template.findResources('AWS::SQS::Queue')[deadLetterId]!.Properties.FifoQueue).toBe(true);
  });

  it('refuses requests without TLS on both queues', () => {
    for (const queue of [synth.stack.queue.queue, synth.stack.queue.deadLetterQueue]) {
      synth.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: logicalIdOf(queue) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('feeds the starter in batches that report item failures, with bounded concurrency', () => {
    synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalIdOf(synth.stack.queue.queue), 'Arn'] },
      FunctionName: { Ref: functionNamed(synth.template, 'starter').logicalId },
      BatchSize: JOBS_QUEUE.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });
});

describe('functions', () => {
  it.each(NODE_FUNCTIONS)('runs %s on nodejs22.x, ARM64, from an ESM bundle with a source map', (name) => {
    const fn = functionNamed(synth.template, name);
    expect(fn.properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
    });
    const assetHash = String((fn.properties.Code as { S3Key: string }).S3Key).replace(/\.zip$/, '');
    const bundle = readFileSync(join(synth.outdir, `asset.${assetHash}`, 'index.mjs'), 'utf8');
    expect(bundle).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
    expect(bundle).toContain('//# sourceMappingURL=index.mjs.map');
    expect(existsSync(join(synth.outdir, `asset.${assetHash}`, 'index.mjs.map'))).toBe(true);
    expect(environmentOf(fn).NODE_OPTIONS).toBe('--enable-source-maps');
  });

  it.each(MEDIA_FUNCTIONS)('serves %s from the media image with its own command, on ARM64', (name) => {
    const fn = functionNamed(synth.template, name);
    expect(fn.properties).toMatchObject({
      PackageType: 'Image',
      Architectures: ['arm64'],
      ImageConfig: { Command: [`${name}/handler.handler`] },
    });
  });

  it('builds both media functions from one image whose context holds only what the build reads', () => {
    const images = MEDIA_FUNCTIONS.map((name) =>
      JSON.stringify((functionNamed(synth.template, name).properties.Code as { ImageUri: unknown }).ImageUri),
    );
    expect(new Set(images).size).toBe(1);
    const imageHash = /:([0-9a-f]{64})"/.exec(images[0]!)![1]!;
    const context = join(synth.outdir, `asset.${imageHash}`);
    expect(existsSync(join(context, 'docker/media/Dockerfile'))).toBe(true);
    expect(existsSync(join(context, 'functions/validate/handler.ts'))).toBe(true);
    for (const excluded of ['node_modules', 'test', 'local', 'infra', '.git', 'cdk.out']) {
      expect(existsSync(join(context, excluded)), excluded).toBe(false);
    }
  });

  it('gives extract 15 minutes, one vCPU (the cheapest per job), scratch space and a reserved concurrency', () => {
    expect(functionNamed(synth.template, 'extract').properties).toMatchObject({
      Timeout: 900,
      MemorySize: 1769,
      EphemeralStorage: { Size: 1024 },
      ReservedConcurrentExecutions: 5,
    });
  });

  it('sends every function’s logs to its own log group with a retention', () => {
    const logGroups = synth.template.findResources('AWS::Logs::LogGroup');
    for (const name of [...NODE_FUNCTIONS, ...MEDIA_FUNCTIONS]) {
      const { LogGroup } = functionNamed(synth.template, name).properties.LoggingConfig as {
        LogGroup: { Ref: string };
      };
      expect(logGroups[LogGroup.Ref]!.Properties.RetentionInDays).toBe(30);
    }
    for (const logGroup of Object.values(logGroups))
      expect(logGroup.Properties.RetentionInDays).toBeGreaterThan(0);
  });

  it('wires PUBLIC_API_URL from the HTTP API endpoint', () => {
    const apiId = logicalIdOf(synth.stack.api.httpApi);
    for (const name of ['api', 'notify', 'failed']) {
      expect(JSON.stringify(environmentOf(functionNamed(synth.template, name)).PUBLIC_API_URL)).toContain(
        apiId,
      );
    }
  });
});

describe('workflow', () => {
  const stateMachine = () =>
    synth.template.findResources('AWS::StepFunctions::StateMachine')[
      logicalIdOf(synth.stack.workflow.stateMachine)
    ]!.Properties;

  /** The ASL as deployed: read from the cloud assembly's asset, placeholders substituted. */
  function deployedDefinition(): { States: Record<string, Record<string, unknown>> } {
    const { DefinitionS3Location, DefinitionSubstitutions } = stateMachine();
    let text = readFileSync(join(synth.outdir, `asset.${DefinitionS3Location.Key}`), 'utf8');
    for (const [name, value] of Object.entries(
      DefinitionSubstitutions as Record<string, { 'Fn::GetAtt': string[] }>,
    )) {
      text = text.replaceAll(`\${${name}}`, `arn:${value['Fn::GetAtt'][0]}`);
    }
    return JSON.parse(text) as { States: Record<string, Record<string, unknown>> };
  }

  it('is a STANDARD machine with X-Ray tracing and logging without execution data', () => {
    expect(stateMachine()).toMatchObject({
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
    });
  });

  it('leaves no placeholder of the ASL file unsubstituted', () => {
    expect(JSON.stringify(deployedDefinition())).not.toMatch(/\$\{[A-Za-z]+\}/);
  });

  it('points each Task at its own function and keeps its Retry, Lambda service faults included', () => {
    const definition = deployedDefinition();
    const target = (name: string) => `arn:${functionNamed(synth.template, name).logicalId}`;
    const tasks = Object.entries(definition.States).filter(([, state]) => state.Type === 'Task');
    expect(tasks.map(([name]) => name)).toEqual(expect.arrayContaining(['Validate', 'Extract', 'Notify']));
    for (const [name, state] of tasks) {
      const functionName = (state.Parameters as { FunctionName: string }).FunctionName;
      expect(functionName, name).toBe(target(name === 'NotifyRejected' ? 'notify' : name.toLowerCase()));
      const retriedErrors = (state.Retry as { ErrorEquals: string[] }[]).flatMap(
        (retry) => retry.ErrorEquals,
      );
      expect(retriedErrors, name).toEqual(
        expect.arrayContaining(['Lambda.ServiceException', 'Lambda.TooManyRequestsException']),
      );
    }
  });

  it('sends this machine’s failed, timed-out and aborted executions to the failure handler, with a DLQ and retries', () => {
    synth.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: {
          status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
          stateMachineArn: [{ Ref: logicalIdOf(synth.stack.workflow.stateMachine) }],
        },
      },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [functionNamed(synth.template, 'failed').logicalId, 'Arn'] },
          DeadLetterConfig: {
            Arn: { 'Fn::GetAtt': [logicalIdOf(synth.stack.workflow.failureEventDeadLetters), 'Arn'] },
          },
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: Match.anyValue() }),
        }),
      ],
    });
  });
});

describe('HTTP API', () => {
  it('declares exactly the api routes and the $default catch-all, so the JSON 404/405 reach clients', () => {
    const routeKeys = Object.values(synth.template.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => route.Properties.RouteKey as string,
    );
    expect(routeKeys.sort()).toEqual([...DECLARED_ROUTE_KEYS].sort());
  });

  it('lets API Gateway invoke the api function for requests that reach $default', () => {
    synth.template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [functionNamed(synth.template, 'api').logicalId, 'Arn'] },
      // CDK grants the catch-all route every stage and route of this API.
      SourceArn: {
        'Fn::Join': ['', Match.arrayWith([{ Ref: logicalIdOf(synth.stack.api.httpApi) }, '/*/*'])],
      },
    });
  });

  it.each(DECLARED_ROUTE_KEYS)('routes %s to the api function', (routeKey) => {
    const integrationId = Object.keys(synth.template.findResources('AWS::ApiGatewayV2::Integration'))[0]!;
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: routeKey,
      Target: { 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] },
    });
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationUri: { 'Fn::GetAtt': [functionNamed(synth.template, 'api').logicalId, 'Arn'] },
    });
  });

  it('throttles the stage and writes access logs without the raw path', () => {
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('routeKey') },
    });
    const stage = Object.values(synth.template.findResources('AWS::ApiGatewayV2::Stage'))[0]!;
    expect(stage.Properties.AccessLogSettings.Format).not.toContain('$context.path');
  });

  it('configures no CORS', () => {
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.absent() });
  });
});

describe('alarms', () => {
  const alarms = () => Object.values(synth.template.findResources('AWS::CloudWatch::Alarm'));
  const topicRef = () => ({ Ref: logicalIdOf(synth.stack.alarms.topic) });

  it('alarms on failed, timed-out or aborted executions', () => {
    const alarm = alarms().find((candidate) =>
      (candidate.Properties.Metrics ?? []).some(
        (metric: { MetricStat?: { Metric: { MetricName: string } } }) =>
          metric.MetricStat?.Metric.MetricName === 'ExecutionsFailed',
      ),
    );
    expect(alarm?.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    expect(alarm?.Properties.AlarmActions).toEqual([topicRef()]);
  });

  it.each([
    ['the jobs dead-letter queue', () => synth.stack.queue.deadLetterQueue],
    ['the failure-event dead-letter queue', () => synth.stack.workflow.failureEventDeadLetters],
  ])('alarms as soon as %s holds a message', (_name, queue) => {
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(queue()), 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [topicRef()],
    });
  });

  it.each(['Errors', 'Throttles'])('alarms on extract %s', (metricName) => {
    synth.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: metricName,
      Dimensions: [
        { Name: 'FunctionName', Value: { Ref: functionNamed(synth.template, 'extract').logicalId } },
      ],
      Threshold: 0,
      AlarmActions: [topicRef()],
    });
  });
});

describe('stack outputs', () => {
  it('exports what the README and `npm run ops -- --aws` read', () => {
    const outputs = Object.keys(synth.template.findOutputs('*'));
    expect(outputs).toEqual(
      expect.arrayContaining([
        'ApiUrl',
        'StateMachineArn',
        'MediaBucketName',
        'JobsTableName',
        'JobsQueueUrl',
        'JobsDeadLetterQueueUrl',
      ]),
    );
    synth.template.hasOutput('JobsTableName', {
      Value: { Ref: logicalIdOf(synth.stack.storage.jobs) },
    });
  });
});
