export { createSafeRegex } from './safe-regex.ts';
export type { RegexPattern, RegexTestResult, RegexValidation, SafeRegex, SafeRegexOptions } from './types.ts';
export { ALLOWED_FLAGS } from './validate-pattern.ts';
