/** The words Tux takes as yes or no (its `convert_bool`), case-insensitive. */
const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', '1', 'on', 'active', 'enable', 'enabled']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', '0', 'off', 'inactive', 'disable', 'disabled']);

/** true, false, or undefined for a word that is neither. */
export function booleanFromWord(word: string): boolean | undefined {
  const lower = word.toLowerCase();
  if (TRUE_WORDS.has(lower)) return true;
  if (FALSE_WORDS.has(lower)) return false;
  return undefined;
}

export function isBooleanWord(word: string): boolean {
  return booleanFromWord(word) !== undefined;
}
