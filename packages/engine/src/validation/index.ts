/** Schema validation: JSON Schema (TypeBox, manifests) checks with field-named errors, and defaults. */
export { validateAgainst, withDefaults, type ValidateOptions } from './schema-validation.ts';
export { fieldErrorsOf } from './messages.ts';
