/** Reads a secret by ARN from Secrets Manager or SSM Parameter Store (Powertools Parameters, cached). */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
import { resolveSecretReferences, type SecretReader } from './config.js';

export const readSecret: SecretReader = async (arn) => {
  const value =
    arn.startsWith('arn:aws:ssm:') || arn.includes(':ssm:')
      ? await getParameter(arn, { decrypt: true })
      : await getSecret(arn);
  return typeof value === 'string' ? value : undefined;
};

/**
 * Wraps a handler so the secret references among `variables` are resolved once, on the first
 * invocation, before the handler parses its configuration.
 */
export function withSecretReferences<E, C, R>(
  variables: readonly string[],
  handler: (event: E, context: C) => Promise<R>,
  reader: SecretReader = readSecret,
): (event: E, context: C) => Promise<R> {
  let resolved: Promise<void> | undefined;
  return async (event, context) => {
    resolved ??= resolveSecretReferences(variables, reader).catch((error: unknown) => {
      resolved = undefined; // the next invocation tries again
      throw error;
    });
    await resolved;
    return handler(event, context);
  };
}
