/**
 * Loads `audio-sync.asl.json` with its `${Name}` placeholders filled in: the same substitution the CDK
 * app asks of Step Functions (`definitionSubstitutions`) and the local stack does itself.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DEFINITION_PATH = fileURLToPath(new URL('./audio-sync.asl.json', import.meta.url));

/** Every placeholder the definition uses; each must be given a value. */
export const STATE_MACHINE_PLACEHOLDERS = [
  'ValidateFunctionArn',
  'ExtractFunctionArn',
  'NotifyFunctionArn',
] as const;
export type StateMachinePlaceholder = (typeof STATE_MACHINE_PLACEHOLDERS)[number];
export type StateMachineSubstitutions = Record<StateMachinePlaceholder, string>;

const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}/g;

/** The definition text as stored, placeholders unfilled (what `definitionSubstitutions` is applied to). */
export function readStateMachineDefinition(): string {
  return readFileSync(DEFINITION_PATH, 'utf8');
}

/** The placeholder names that occur in a definition text. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1] as string))];
}

/**
 * Fills every placeholder and parses the result. Throws when the text uses a placeholder that has no
 * value, or a value names no placeholder (a typo would otherwise leave a `${...}` in a deployed ARN).
 */
export function substitutePlaceholders(text: string, substitutions: Record<string, string>): unknown {
  const used = placeholdersIn(text);
  const missing = used.filter((name) => !(name in substitutions));
  if (missing.length > 0) throw new Error(`No value for state machine placeholder(s): ${missing.join(', ')}`);
  const unknown = Object.keys(substitutions).filter((name) => !used.includes(name));
  if (unknown.length > 0) throw new Error(`Unknown state machine placeholder(s): ${unknown.join(', ')}`);
  // Values are JSON-escaped so that an ARN or setting can never break the document's syntax.
  const filled = text.replace(PLACEHOLDER, (_match, name: string) =>
    JSON.stringify(substitutions[name]).slice(1, -1),
  );
  return JSON.parse(filled);
}

/** The state machine definition with its placeholders filled. */
export function loadStateMachineDefinition(
  substitutions: StateMachineSubstitutions,
): StateMachineDefinitionJson {
  return substitutePlaceholders(readStateMachineDefinition(), substitutions) as StateMachineDefinitionJson;
}

/** The top-level shape of an ASL document, enough for callers that walk its states. */
export interface StateMachineDefinitionJson {
  Comment?: string;
  StartAt: string;
  TimeoutSeconds?: number;
  States: Record<string, AslState>;
}

export interface AslRetrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
}

export interface AslCatcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
}

export interface AslState {
  Type: 'Task' | 'Choice' | 'Succeed' | 'Fail' | 'Pass' | 'Wait' | 'Parallel' | 'Map';
  Comment?: string;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  TimeoutSeconds?: number;
  Retry?: AslRetrier[];
  Catch?: AslCatcher[];
  Next?: string;
  End?: boolean;
  [field: string]: unknown;
}
