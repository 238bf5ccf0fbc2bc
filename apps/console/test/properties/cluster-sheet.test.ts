// @vitest-environment happy-dom
import { createElement } from 'react';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WolfpackError } from '@wolfpack/client';
import type { ClusterProperties, SetClusterPropertiesBody } from '@wolfpack/contracts';
import { ClusterPropertiesSheet } from '../../src/properties/cluster-sheet.tsx';

// Cluster Properties as a person meets it: two pages, the server's refusals at their
// fields, read-only for roles below admin. `save` stands where PATCH /cluster is.
afterEach(cleanup);

const record: ClusterProperties = {
  name: 'INS_CLUS',
  description: 'The seed cluster of the Wolfpack paper',
  nodeLeaseTtlMs: 1000,
  dnsAddress: '127.0.0.1',
  dnsPort: 5354,
  createdAt: 1_700_000_000_000,
};

/** What the server answers for a body with a too short TTL and a host name for the address. */
const refusal = new WolfpackError(
  400,
  'validation',
  'invalid body: nodeLeaseTtlMs must be >= 500; dnsAddress is not valid: An IPv4 address: four numbers 0-255 separated by dots, such as 127.0.0.1',
  [
    { path: 'nodeLeaseTtlMs', message: 'nodeLeaseTtlMs must be >= 500' },
    {
      path: 'dnsAddress',
      message: 'dnsAddress is not valid: An IPv4 address: four numbers 0-255 separated by dots, such as 127.0.0.1',
    },
  ],
);

function mount(readOnly: boolean, save: (patch: SetClusterPropertiesBody) => Promise<ClusterProperties>) {
  const onClose = vi.fn();
  render(createElement(ClusterPropertiesSheet, { properties: record, readOnly, save, onClose }));
  return { dialog: screen.getByRole('dialog', { name: 'INS_CLUS Properties' }), onClose };
}

const field = (name: string) => screen.getByRole('textbox', { name }) as HTMLInputElement;

describe('Cluster Properties', () => {
  it('shows the record on General and Advanced, with when a new lease TTL takes effect', () => {
    const { dialog } = mount(false, async () => record);
    expect(
      within(dialog)
        .getAllByRole('tab')
        .map((tab) => tab.textContent),
    ).toEqual(['General', 'Advanced']);
    expect(within(dialog).getByRole('group', { name: 'Name' }).textContent).toBe('INS_CLUS');
    expect(field('Description').value).toBe('The seed cluster of the Wolfpack paper');
    fireEvent.click(within(dialog).getByRole('tab', { name: 'Advanced' }));
    expect(field('Heartbeat lease TTL').value).toBe('1000');
    expect(field('DNS address').value).toBe('127.0.0.1');
    expect(field('DNS port').value).toBe('5354');
    expect(field('Heartbeat lease TTL').getAttribute('aria-describedby')).toBeTruthy();
    expect(dialog.textContent).toContain('A change applies to each node when its wolfpackd next starts');
    // Nothing changed yet: nothing to apply.
    expect((within(dialog).getByRole('button', { name: 'Apply' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("sends only what changed; the server's refusals show at their fields, on the page that has them", async () => {
    const save = vi.fn(async (_patch: SetClusterPropertiesBody): Promise<ClusterProperties> => {
      throw refusal;
    });
    const { dialog, onClose } = mount(false, save);
    fireEvent.click(within(dialog).getByRole('tab', { name: 'Advanced' }));
    fireEvent.change(field('Heartbeat lease TTL'), { target: { value: '100' } });
    fireEvent.change(field('DNS address'), { target: { value: 'dns.example' } });
    fireEvent.click(within(dialog).getByRole('tab', { name: 'General' }));
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'OK' })));
    expect(save).toHaveBeenCalledWith({ nodeLeaseTtlMs: 100, dnsAddress: 'dns.example' });
    expect(onClose).not.toHaveBeenCalled();
    // The Advanced page is shown and marked; each message is at its field.
    const advanced = within(dialog).getByRole('tab', { name: /Advanced/ });
    expect(advanced.getAttribute('aria-selected')).toBe('true');
    expect(within(advanced).getByLabelText('has errors')).toBeTruthy();
    expect(field('Heartbeat lease TTL').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('nodeLeaseTtlMs must be >= 500')).toBeTruthy();
    expect(screen.getByText(/dnsAddress is not valid: An IPv4 address/)).toBeTruthy();
    expect(field('DNS port').getAttribute('aria-invalid')).toBeNull();
    expect(screen.getByText('Some changes were refused: see the marked fields.')).toBeTruthy();
    // What was typed stays, to be corrected.
    expect(field('DNS address').value).toBe('dns.example');
  });

  it("text in a number field goes to the server as typed, and the server's refusal shows at the field", async () => {
    const save = vi.fn(async (_patch: SetClusterPropertiesBody): Promise<ClusterProperties> => {
      throw new WolfpackError(400, 'validation', 'invalid body: dnsPort must be integer', [
        { path: 'dnsPort', message: 'dnsPort must be integer' },
      ]);
    });
    const { dialog } = mount(false, save);
    fireEvent.click(within(dialog).getByRole('tab', { name: 'Advanced' }));
    fireEvent.change(field('DNS port'), { target: { value: '53x' } });
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Apply' })));
    expect(save).toHaveBeenCalledWith({ dnsPort: '53x' });
    expect(field('DNS port').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('dnsPort must be integer')).toBeTruthy();
  });

  it('Apply saves and stays; OK with nothing changed just closes', async () => {
    const saved: SetClusterPropertiesBody[] = [];
    const { dialog, onClose } = mount(false, async (patch) => {
      saved.push(patch);
      return { ...record, ...patch } as ClusterProperties;
    });
    fireEvent.change(field('Description'), { target: { value: 'Chat for the lab' } });
    fireEvent.click(within(dialog).getByRole('tab', { name: 'Advanced' }));
    fireEvent.change(field('DNS port'), { target: { value: '5400' } });
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Apply' })));
    expect(saved).toEqual([{ description: 'Chat for the lab', dnsPort: 5400 }]);
    expect(onClose).not.toHaveBeenCalled();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('viewers and operators see the values, change nothing, and have Close only', () => {
    const save = vi.fn(async () => record);
    const { dialog, onClose } = mount(true, save);
    expect(field('Description').readOnly).toBe(true);
    fireEvent.click(within(dialog).getByRole('tab', { name: 'Advanced' }));
    for (const name of ['Heartbeat lease TTL', 'DNS address', 'DNS port'])
      expect(field(name).readOnly, name).toBe(true);
    expect(within(dialog).queryByRole('button', { name: 'Apply' })).toBeNull();
    expect(within(dialog).queryByRole('button', { name: 'OK' })).toBeNull();
    // The title bar's × and the footer's Close: the footer's is the last.
    fireEvent.click(within(dialog).getAllByRole('button', { name: 'Close' }).at(-1)!);
    expect(onClose).toHaveBeenCalled();
    expect(save).not.toHaveBeenCalled();
  });
});
