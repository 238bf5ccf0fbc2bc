import type { ReactNode } from 'react';
import { moveItem } from './drafts.ts';

interface PreferredOwnerListProps {
  /** The group's preferred owners, most preferred first. */
  owners: string[];
  onChange(owners: string[]): void;
  /** Viewers and operators see the order without the buttons. */
  readOnly?: boolean;
  /** Shown as the list's only item while it is empty. */
  empty?: ReactNode;
}

/**
 * A group's preferred owners in order, each with Move up, Move down and Remove: the
 * group's sheet and the New Group wizard edit the list the same way.
 */
export function PreferredOwnerList({ owners, onChange, readOnly = false, empty }: PreferredOwnerListProps) {
  const move = (index: number, by: -1 | 1) => onChange(moveItem(owners, index, by));
  const remove = (node: string) => onChange(owners.filter((owner) => owner !== node));
  return (
    <ol className="preferred-owners" aria-label="Preferred owners in order">
      {owners.length === 0 && empty !== undefined && <li className="hint">{empty}</li>}
      {owners.map((node, index) => (
        <li key={node}>
          <span className="owner-name">
            {index + 1}. {node}
          </span>
          {!readOnly && (
            <span className="owner-buttons">
              <button
                type="button"
                aria-label={`Move ${node} up`}
                disabled={index === 0}
                onClick={() => move(index, -1)}
              >
                ↑
              </button>
              <button
                type="button"
                aria-label={`Move ${node} down`}
                disabled={index === owners.length - 1}
                onClick={() => move(index, 1)}
              >
                ↓
              </button>
              <button type="button" aria-label={`Remove ${node} from preferred owners`} onClick={() => remove(node)}>
                Remove
              </button>
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}
