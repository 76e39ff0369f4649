/**
 * Reads a JSON request's fields against the API model's constraints, collecting every violation the way
 * AWS reports them: `Value '5000' at 'maxResults' failed to satisfy constraint: Member must ...`.
 */
import { StepFunctionsError, validationError } from './errors.js';

/** A field of the wrong JSON type never reaches validation: the protocol layer refuses the body. */
const serializationError = (field: string) =>
  new StepFunctionsError('SerializationException', `Cannot read '${field}'`, 'com.amazon.coral.service');

export class RequestFields {
  private readonly violations: string[] = [];

  constructor(private readonly body: Record<string, unknown>) {}

  /** `shown` undefined leaves the value out, as AWS does for fields that may be large (input). */
  private fail(field: string, shown: string | undefined, constraint: string): undefined {
    const value = shown === undefined ? 'Value' : `Value '${shown}'`;
    this.violations.push(`${value} at '${field}' failed to satisfy constraint: ${constraint}`);
    return undefined;
  }

  string(field: string, rules: { required?: boolean; min?: number; max?: number; hideValue?: boolean } = {}) {
    const value = this.body[field];
    if (value === undefined || value === null) {
      if (rules.required) {
        this.violations.push(
          `Value null at '${field}' failed to satisfy constraint: Member must not be null`,
        );
      }
      return undefined;
    }
    if (typeof value !== 'string') throw serializationError(field);
    const shown = rules.hideValue ? undefined : value;
    if (rules.min !== undefined && value.length < rules.min)
      return this.fail(field, shown, `Member must have length greater than or equal to ${rules.min}`);
    if (rules.max !== undefined && value.length > rules.max)
      return this.fail(field, shown, `Member must have length less than or equal to ${rules.max}`);
    return value;
  }

  /** A string of at most `maxBytes` in UTF-8 (execution input): AWS does not echo the value. */
  sizedString(field: string, maxBytes: number) {
    const value = this.string(field, { hideValue: true });
    if (value !== undefined && Buffer.byteLength(value, 'utf8') > maxBytes) {
      return this.fail(
        field,
        undefined,
        `Member must have size less than or equal to ${maxBytes} bytes in UTF-8 encoding`,
      );
    }
    return value;
  }

  enumeration<T extends string>(field: string, values: readonly T[]): T | undefined {
    const value = this.string(field);
    if (value === undefined || (values as readonly string[]).includes(value)) return value as T | undefined;
    return this.fail(field, value, `Member must satisfy enum value set: [${values.join(', ')}]`);
  }

  integer(field: string, min: number, max: number) {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw serializationError(field);
    if (value < min)
      return this.fail(field, String(value), `Member must have value greater than or equal to ${min}`);
    if (value > max)
      return this.fail(field, String(value), `Member must have value less than or equal to ${max}`);
    return value;
  }

  boolean(field: string) {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw serializationError(field);
    return value;
  }

  /** Throws one ValidationException naming every violation, as AWS does, before the service runs. */
  check(): void {
    if (this.violations.length > 0) throw validationError(this.violations);
  }
}
