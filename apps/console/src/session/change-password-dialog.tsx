import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { errorMessage } from '@wolfpack/client';
import { Password } from '@wolfpack/contracts';
import { client } from '../api/index.ts';
import { Dialog } from '../app/dialog.tsx';
import { errorAt, fieldErrorsByPath } from '../properties/field-errors.ts';
import { TextField } from '../properties/fields.tsx';

/** Shown once the server took the new password: what it did besides. */
export const passwordChangedMessage =
  'Your password was changed. Your other sessions were signed out and your API tokens were revoked; this session stays signed in.';

/** The confirmation's own check: the server never sees it. */
export const confirmationMismatch = 'does not match the new password';

/**
 * Change Password… for whoever is signed in (any role): the current password proves it
 * is them, the new one twice. The server's refusals (a wrong current password, a new one
 * too short) show at their fields in its words; nothing is sent while the two new ones differ.
 */
export function ChangePasswordDialog({ onClose }: { onClose(): void }) {
  const formId = useId();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({ mutationFn: () => client.session.changePassword({ currentPassword, newPassword }) });
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (change.isSuccess) closeButton.current?.focus();
  }, [change.isSuccess]);

  const errors = fieldErrorsByPath(change.error);
  const fieldless = change.isError && Object.keys(errors).length === 0;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const differs = confirmation !== newPassword;
    setMismatch(differs);
    if (differs) return;
    change.mutate();
  };

  if (change.isSuccess) {
    return (
      <Dialog
        title="Change Password"
        onClose={onClose}
        footer={
          <button ref={closeButton} type="button" className="primary" onClick={onClose}>
            OK
          </button>
        }
      >
        <p role="status">{passwordChangedMessage}</p>
      </Dialog>
    );
  }
  return (
    <Dialog
      title="Change Password"
      onClose={onClose}
      busy={change.isPending}
      footer={
        <>
          <button type="submit" form={formId} className="primary" disabled={change.isPending}>
            {change.isPending ? 'Changing…' : 'OK'}
          </button>
          <button type="button" onClick={onClose} disabled={change.isPending}>
            Cancel
          </button>
        </>
      }
    >
      <form id={formId} className="change-password" onSubmit={submit} aria-label="Change password">
        <TextField
          label="Current password"
          password
          autoComplete="current-password"
          autoFocus
          value={currentPassword}
          onChange={setCurrentPassword}
          error={errorAt(errors, 'currentPassword')}
        />
        <TextField
          label="New password"
          password
          autoComplete="new-password"
          value={newPassword}
          onChange={setNewPassword}
          help={Password.description}
          error={errorAt(errors, 'newPassword')}
        />
        <TextField
          label="Confirm new password"
          password
          autoComplete="new-password"
          value={confirmation}
          onChange={setConfirmation}
          error={mismatch ? confirmationMismatch : undefined}
        />
        <p className="hint">Your other sessions will be signed out and your API tokens revoked.</p>
        {fieldless && (
          <p className="form-error" role="alert">
            {errorMessage(change.error)}
          </p>
        )}
      </form>
    </Dialog>
  );
}
