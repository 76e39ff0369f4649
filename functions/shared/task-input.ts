/** Parses a task's payload with its schema; a malformed one is a permanent fault naming each bad field. */
import type * as z from 'zod';
import { InvalidTaskInput } from './errors.js';

export function parseTaskInput<S extends z.ZodType>(
  schema: S,
  payload: unknown,
  description: string,
): z.infer<S> {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`,
  );
  throw new InvalidTaskInput(`${description}: ${problems.join('; ')}`);
}
