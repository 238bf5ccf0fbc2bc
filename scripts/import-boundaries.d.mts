export interface Workspace {
  dir: string;
  name: string;
  role: 'app' | 'resource-type' | 'package' | 'tool';
}
export interface ImportViolation {
  file: string;
  line: number;
  specifier: string;
  rule: string;
  into: string;
}
export interface ImportException {
  file: string;
  specifier: string;
}
/** The rules, each as the sentence a violation prints. */
export const rules: { relative: string; apps: string; console: string; resourceTypes: string };
/** The imports by path allowed because they run before npm install (see import-boundaries.mjs). */
export const beforeInstall: ImportException[];
export function readWorkspaces(root: string): Workspace[];
export function sourceFiles(root: string, dir?: string): string[];
export function importViolations(root: string, exceptions?: ImportException[]): ImportViolation[];
export function describeViolation(violation: ImportViolation): string;
