// @vitest-environment happy-dom
import { createElement } from 'react';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PreferredOwnerList } from '../../src/properties/preferred-owners.tsx';

// The ordered preferred-owners list the group sheet and the New Group wizard share.
afterEach(cleanup);

const mount = (props: { owners: string[]; readOnly?: boolean; empty?: string }) => {
  const onChange = vi.fn();
  render(createElement(PreferredOwnerList, { ...props, onChange }));
  return { list: screen.getByRole('list', { name: 'Preferred owners in order' }), onChange };
};

describe('PreferredOwnerList', () => {
  it('shows the owners in order and moves, or removes, the one whose button is pressed', () => {
    const { list, onChange } = mount({ owners: ['OSDB_SERV', 'OSDB_BACK', 'OSDB_THIRD'] });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((item) => item.querySelector('.owner-name')?.textContent),
    ).toEqual(['1. OSDB_SERV', '2. OSDB_BACK', '3. OSDB_THIRD']);
    expect((screen.getByRole('button', { name: 'Move OSDB_SERV up' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Move OSDB_THIRD down' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Move OSDB_BACK up' }));
    expect(onChange).toHaveBeenLastCalledWith(['OSDB_BACK', 'OSDB_SERV', 'OSDB_THIRD']);
    fireEvent.click(screen.getByRole('button', { name: 'Move OSDB_BACK down' }));
    expect(onChange).toHaveBeenLastCalledWith(['OSDB_SERV', 'OSDB_THIRD', 'OSDB_BACK']);
    fireEvent.click(screen.getByRole('button', { name: 'Remove OSDB_SERV from preferred owners' }));
    expect(onChange).toHaveBeenLastCalledWith(['OSDB_BACK', 'OSDB_THIRD']);
  });

  it('read only: the order without buttons', () => {
    mount({ owners: ['OSDB_SERV', 'OSDB_BACK'], readOnly: true });
    expect(screen.queryAllByRole('button')).toHaveLength(0);
  });

  it('an empty list shows its hint when given one, and nothing otherwise', () => {
    const { list } = mount({ owners: [], empty: 'No preference: any possible owner.' });
    expect(within(list).getByRole('listitem').textContent).toBe('No preference: any possible owner.');
    cleanup();
    const bare = mount({ owners: [] });
    expect(within(bare.list).queryAllByRole('listitem')).toHaveLength(0);
  });
});
