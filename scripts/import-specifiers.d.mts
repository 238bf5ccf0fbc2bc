/** `text` with comments, template literal text and regular expressions blanked (see import-specifiers.mjs). */
export function blankNonCode(text: string): string;
/** Every module specifier `text` imports, with its 1-based line, in the order of the file. */
export function importSpecifiers(text: string): { specifier: string; line: number }[];
