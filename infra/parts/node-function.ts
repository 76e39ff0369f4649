/**
 * A TypeScript handler bundled by the locally installed esbuild (no Docker): ESM, minified, source maps,
 * ARM64 on nodejs22.x, with its own role and log group.
 */
import { type Duration, Validations } from 'aws-cdk-lib';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { FunctionRole } from './function-role.js';
import { REPO_ROOT } from './paths.js';

export interface NodeFunctionProps {
  /** The folder under functions/ holding `handler.ts` (which exports `handler`). */
  readonly name: string;
  readonly environment: Record<string, string>;
  readonly timeout: Duration;
  readonly memorySize?: number;
  readonly logRetention: RetentionDays;
}

/** Powertools' own settings: the service name tags every log line and metric. */
export function powertoolsEnvironment(service: string): Record<string, string> {
  return {
    POWERTOOLS_SERVICE_NAME: `audio-sync-${service}`,
    POWERTOOLS_METRICS_NAMESPACE: 'AudioSync',
    POWERTOOLS_LOG_LEVEL: 'INFO',
  };
}

// Some bundled CommonJS dependencies call require() on Node built-ins, which ESM output lacks.
const ESM_REQUIRE_SHIM =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

export const ESBUILD_OPTIONS: BundlingOptions = {
  minify: true,
  // Class and function names survive minification: error names and stack traces stay readable.
  keepNames: true,
  sourceMap: true,
  target: 'node22',
  format: OutputFormat.ESM,
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_SHIM,
  // Bundle the SDK too: the versions tested are the versions deployed.
  externalModules: [],
  forceDockerBundling: false,
  logLevel: LogLevel.WARNING,
};

export class NodeFunction extends Construct {
  readonly function: NodejsFunction;
  readonly access: FunctionRole;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);
    this.access = new FunctionRole(this, 'Access', { logRetention: props.logRetention });
    this.function = new NodejsFunction(this, 'Function', {
      entry: join(REPO_ROOT, 'functions', props.name, 'handler.ts'),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout,
      role: this.access.role,
      logGroup: this.access.logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: {
        ...props.environment,
        ...powertoolsEnvironment(props.name),
        // Stack traces point at the TypeScript sources through the bundle's source map.
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: ESBUILD_OPTIONS,
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'nodejs22.x is the runtime the project targets and the media image (lambda/nodejs:22) matches.',
    });
  }
}
