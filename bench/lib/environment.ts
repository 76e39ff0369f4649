/** The bench's process environment: offline credentials, no metadata lookups, quiet SDK. */

export function useOfflineEnvironment(): void {
  Object.assign(process.env, {
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_REGION: 'us-east-1',
    // Anything not pointed at a local emulator fails on a closed loopback port instead of reaching AWS.
    AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
}

/** This process's environment plus `extra`, for a child process. */
export function environmentWith(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}
