/**
 * The media container image (docker/media/Dockerfile: ffmpeg, ffprobe, yt-dlp and the bundled handlers)
 * and the functions it serves (validate, extract and the YouTube canary), each started by its own command. Synth only stages the build
 * context; `cdk deploy` builds the image with Docker.
 */
import { Duration, Size } from 'aws-cdk-lib';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import { Architecture, DockerImageCode, DockerImageFunction, LoggingFormat } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { IgnoreMode } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { FunctionRole } from './function-role.js';
import { powertoolsEnvironment } from './node-function.js';
import { REPO_ROOT } from './paths.js';

/** Where the Dockerfile installs the tools; the functions are told so they never guess. */
export const MEDIA_IMAGE_TOOLS = {
  FFMPEG_PATH: '/opt/bin/ffmpeg',
  FFPROBE_PATH: '/opt/bin/ffprobe',
  YTDLP_PATH: '/opt/bin/yt-dlp',
} as const;

/** The build context is the repository, cut down to what the image build reads. */
export const MEDIA_IMAGE_CONTEXT_EXCLUDE = [
  '*',
  '!package.json',
  '!package-lock.json',
  '!.npmrc',
  '!tsconfig.json',
  '!functions',
  '!docker/media',
];

export interface MediaFunctionProps {
  /** The folder under functions/; the image's command is `<name>/handler.handler`. */
  readonly name: 'validate' | 'extract' | 'canary';
  readonly environment: Record<string, string>;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly ephemeralStorageSize?: Size;
  readonly reservedConcurrentExecutions?: number;
  readonly logRetention: RetentionDays;
  /** The yt-dlp release the image build fetches. */
  readonly ytdlpVersion: string;
}

export class MediaFunction extends Construct {
  readonly function: DockerImageFunction;
  readonly access: FunctionRole;

  constructor(scope: Construct, id: string, props: MediaFunctionProps) {
    super(scope, id);
    this.access = new FunctionRole(this, 'Access', { logRetention: props.logRetention });
    this.function = new DockerImageFunction(this, 'Function', {
      code: DockerImageCode.fromImageAsset(REPO_ROOT, {
        file: 'docker/media/Dockerfile',
        platform: Platform.LINUX_ARM64,
        ignoreMode: IgnoreMode.DOCKER,
        exclude: MEDIA_IMAGE_CONTEXT_EXCLUDE,
        buildArgs: { YTDLP_VERSION: props.ytdlpVersion },
        cmd: [`${props.name}/handler.handler`],
      }),
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      ephemeralStorageSize: props.ephemeralStorageSize,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      role: this.access.role,
      logGroup: this.access.logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: { ...props.environment, ...powertoolsEnvironment(props.name) },
    });
  }
}
