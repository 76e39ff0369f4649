/**
 * The real AWS CLI against a local endpoint: dummy credentials, no metadata lookups, no pager, one region.
 * `npm test` runs the CLI suite wherever `aws` is on PATH; CI installs it (.ci/run), so there it must be.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** `aws --version`'s first word (`aws-cli/1.45.11`), or undefined without a CLI on PATH. */
export const AWS_CLI_VERSION = (() => {
  const probe = spawnSync('aws', ['--version'], { encoding: 'utf8', env: cliEnvironment() });
  if (probe.error || probe.status !== 0) return undefined;
  return `${probe.stdout}${probe.stderr}`.trim().split(/\s+/)[0];
})();

function cliEnvironment(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    // No profile of the machine's user may change what the CLI sends.
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
}

export interface CliAnswer {
  exitCode: number;
  /** The parsed JSON output of a success. */
  output?: Record<string, unknown>;
  /** `An error occurred (Code) when calling the Op operation: message`, for a refusal. */
  error?: { code: string; message: string };
  stderr: string;
}

/** `aws stepfunctions <args>` against `endpointUrl`. */
export async function stepFunctionsCli(endpointUrl: string, args: string[]): Promise<CliAnswer> {
  const common = ['--endpoint-url', endpointUrl, '--region', 'us-east-1', '--output', 'json'];
  // `--no-cli-pager` exists from CLI v2 on; v1 has no pager (AWS_PAGER is empty for both).
  if (AWS_CLI_VERSION?.startsWith('aws-cli/2')) common.push('--no-cli-pager');
  try {
    const { stdout, stderr } = await run('aws', ['stepfunctions', ...args, ...common], {
      env: cliEnvironment(),
      timeout: 60_000,
    });
    return {
      exitCode: 0,
      output: stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {},
      stderr,
    };
  } catch (failure) {
    const { code, stderr = '' } = failure as { code?: number; stderr?: string };
    const match = /An error occurred \(([^)]+)\) when calling the \w+ operation: (.*)/.exec(stderr);
    return {
      exitCode: typeof code === 'number' ? code : -1,
      stderr,
      ...(match ? { error: { code: match[1]!, message: match[2]!.trim() } } : {}),
    };
  }
}
