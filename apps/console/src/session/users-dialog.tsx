import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { roles, type Role } from '@wolfpack/contracts';
import { errorMessage } from '@wolfpack/client';
import { client } from '../api/index.ts';
import { Dialog } from '../app/dialog.tsx';
import { queryKeys } from '../live/query-keys.ts';
import { fieldErrorsByPath } from '../properties/field-errors.ts';
import { roleLabel } from './roles.ts';

/**
 * Users (admins only): who may sign in and with which role; add, change role, delete.
 * Users are not on the live stream: the list is read from GET /users and read again
 * after each change.
 */
export function UsersDialog({ self, onClose }: { self: string; onClose(): void }) {
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: queryKeys.users, queryFn: () => client.users.list(), staleTime: 0 });
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.users });
  const change = useMutation({
    mutationFn: (action: () => Promise<unknown>) => action(),
    onSuccess: () => {
      setProblem(undefined);
      void refresh();
    },
    onError: (error) => setProblem(errorMessage(error)),
  });
  return (
    <Dialog
      title="Users"
      onClose={onClose}
      footer={
        <button type="button" onClick={onClose}>
          Close
        </button>
      }
    >
      {users.isError && (
        <p className="form-error" role="alert">
          {errorMessage(users.error)}
        </p>
      )}
      <table className="simple-table" aria-label="Users">
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Role</th>
            <th scope="col">Created</th>
            <th scope="col">
              <span className="visually-hidden">Delete</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(users.data ?? []).map((user) => (
            <tr key={user.username}>
              <td>
                {user.username}
                {user.username === self ? ' (you)' : ''}
              </td>
              <td>
                <select
                  aria-label={`Role of ${user.username}`}
                  value={user.role}
                  disabled={change.isPending}
                  onChange={(event) => {
                    const role = event.target.value as Role; // read now: the select shows the old role until the list is read again
                    change.mutate(() => client.users.update(user.username, { role }));
                  }}
                >
                  {roles.map((role) => (
                    <option key={role} value={role}>
                      {roleLabel[role]}
                    </option>
                  ))}
                </select>
              </td>
              <td>{new Date(user.createdAt).toLocaleDateString()}</td>
              <td>
                <button
                  type="button"
                  aria-label={`Delete user ${user.username}`}
                  disabled={change.isPending || user.username === self}
                  onClick={() => change.mutate(() => client.users.delete(user.username))}
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <NewUserForm onCreated={() => void refresh()} />
    </Dialog>
  );
}

function NewUserForm({ onCreated }: { onCreated(): void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const create = useMutation({
    mutationFn: () => client.users.create({ username, password, role }),
    onSuccess: () => {
      setUsername('');
      setPassword('');
      onCreated();
    },
  });
  const errors = fieldErrorsByPath(create.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form className="new-user" onSubmit={submit} aria-label="New user">
      <h3 className="form-heading">New user</h3>
      <div className="add-row">
        <label>
          User name{' '}
          <input
            value={username}
            required
            onChange={(e) => setUsername(e.target.value)}
            aria-invalid={errors.username ? true : undefined}
          />
        </label>
        <label>
          Password{' '}
          <input
            type="password"
            value={password}
            required
            autoComplete="new-password"
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={errors.password ? true : undefined}
          />
        </label>
        <label>
          Role{' '}
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {roleLabel[r]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={create.isPending}>
          Add user
        </button>
      </div>
      {create.isError && (
        <p className="form-error" role="alert">
          {errorMessage(create.error)}
        </p>
      )}
    </form>
  );
}
