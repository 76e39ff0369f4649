/**
 * AWS's rules for a state machine or execution name, past the 1–80 length the model checks: no
 * whitespace, brackets, wildcards, the listed special characters or control characters. Dots,
 * hyphens, underscores and letters of any script are allowed.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what the rule forbids
const FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u;

export const NAME_MAX_LENGTH = 80;

export function isValidName(name: string): boolean {
  return !FORBIDDEN.test(name);
}
