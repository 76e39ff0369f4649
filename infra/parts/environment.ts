/**
 * Each function's environment, derived from its own config schema (functions/<name>/config.ts): it gets
 * exactly the variables the schema reads, a required one missing fails the synth, and a variable held
 * in a secret is passed by reference as `<NAME>_SECRET_ARN` for the function to resolve at start.
 */
import { SECRET_REFERENCE_SUFFIX, type EnvFieldName } from '../../functions/shared/config.js';

export type EnvironmentValues = Partial<Record<EnvFieldName, string>>;

export { SECRET_REFERENCE_SUFFIX };

/** The parts of a `defineConfig` result the CDK app needs. */
export interface FunctionConfig {
  readonly variables: readonly string[];
  readonly schema: { readonly shape: Record<string, { safeParse(value: unknown): { success: boolean } }> };
}

/** True when the schema has no default for the variable, so the function cannot start without it. */
export function isRequired(config: FunctionConfig, variable: string): boolean {
  return !config.schema.shape[variable]?.safeParse(undefined).success;
}

export function environmentFor(
  functionName: string,
  config: FunctionConfig,
  values: EnvironmentValues,
  secretArns: Partial<Record<string, string>> = {},
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const variable of config.variables) {
    const secretArn = secretArns[variable];
    const value = values[variable as EnvFieldName];
    if (secretArn) environment[`${variable}${SECRET_REFERENCE_SUFFIX}`] = secretArn;
    else if (value !== undefined) environment[variable] = value;
    else if (isRequired(config, variable)) {
      throw new Error(`${functionName} requires ${variable}, but the stack provides no value for it`);
    }
  }
  return environment;
}
