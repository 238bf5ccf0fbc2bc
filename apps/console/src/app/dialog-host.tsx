import { DeleteDialog } from '../actions/delete-dialog.tsx';
import { MoveDialog } from '../actions/move-dialog.tsx';
import { PropertiesDialog } from '../properties/properties-dialog.tsx';
import { ChangePasswordDialog } from '../session/change-password-dialog.tsx';
import { UsersDialog } from '../session/users-dialog.tsx';
import { NewGroupWizard } from '../wizards/new-group-wizard.tsx';
import { NewResourceWizard } from '../wizards/new-resource-wizard.tsx';
import { useDialogs } from './dialogs.tsx';
import type { Selection } from './selection.ts';

/** Renders the open dialog, if any. */
export function DialogHost({ onSelect }: { onSelect(selection: Selection): void }) {
  const { current, close } = useDialogs();
  if (!current) return null;
  switch (current.type) {
    case 'properties':
      return <PropertiesDialog target={current.target} onClose={close} />;
    case 'move':
      return <MoveDialog group={current.group} {...(current.node ? { node: current.node } : {})} onClose={close} />;
    case 'delete':
      return <DeleteDialog target={current.target} onClose={close} />;
    case 'new-group':
      return <NewGroupWizard onClose={close} onCreated={(name) => { close(); onSelect({ kind: 'group', name }); }} />;
    case 'new-resource':
      return (
        <NewResourceWizard
          {...(current.group ? { group: current.group } : {})}
          onClose={close}
          onCreated={(name) => { close(); onSelect({ kind: 'resource', name }); }}
        />
      );
    case 'change-password':
      return <ChangePasswordDialog onClose={close} />;
    case 'users':
      return <UsersDialog self={current.self} onClose={close} />;
  }
}
