import { useState } from 'react';
import { errorMessage } from '@wolfpack/client';
import { fieldErrorsByPath } from './field-errors.ts';

/** The sheet's message when the server named the fields it refused: they are marked. */
export const markedFieldsMessage = 'Some changes were refused: see the marked fields.';

export interface SheetRefusal {
  /** The refused fields' messages by path, as the last Apply left them. */
  errors: Record<string, string>;
  /** The message about the whole sheet, if any. */
  message: string | undefined;
  /** Apply was accepted: nothing is marked any more. */
  accepted(): void;
  /**
   * Apply was refused: the fields the refusal names are marked, and the sheet says so (or
   * gives the server's reason when it names none). Returns the marked fields.
   */
  refused(error: unknown): Record<string, string>;
}

/** What a property sheet shows of its last Apply's refusal. */
export function useSheetRefusal(): SheetRefusal {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | undefined>(undefined);
  return {
    errors,
    message,
    accepted() {
      setErrors({});
      setMessage(undefined);
    },
    refused(error) {
      const fields = fieldErrorsByPath(error);
      setErrors(fields);
      setMessage(Object.keys(fields).length > 0 ? markedFieldsMessage : errorMessage(error));
      return fields;
    },
  };
}
