/*
 * Values written into generated TypeScript the way this repository writes them: strings
 * in single quotes, object keys bare when they can be.
 */

const bareKey = /^[A-Za-z_$][\w$]*$/;

const quoted = (text: string) =>
  `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;

export function sourceLiteral(value: unknown): string {
  if (typeof value === 'string') return quoted(value);
  if (Array.isArray(value)) return `[${value.map(sourceLiteral).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(
      ([key, member]) => `${bareKey.test(key) ? key : quoted(key)}: ${sourceLiteral(member)}`,
    );
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return String(value);
}
