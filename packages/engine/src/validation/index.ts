/** Schema validation: JSON Schema (TypeBox, manifests) checks with field-named errors (worded by @wolfpack/contracts/schema-messages), and defaults. */
export { validateAgainst, withDefaults, type ValidateOptions } from './schema-validation.ts';
