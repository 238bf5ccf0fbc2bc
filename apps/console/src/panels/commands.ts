import { useMemo } from 'react';
import { saveFailureOf, type PanelCommand, type SaveResult } from '@wolfpack/admin-sdk';
import type { ResourceTypeView, ResourceView } from '@wolfpack/contracts';
import { mayEditProperties, usePanelServices, type PanelServices } from './services.tsx';
import { usePanel } from './use-panel.ts';

/*
 * Context-menu commands a type's panel adds for its resources (MSCS extension DLLs'
 * menu items). A command that throws reports a failure; it never breaks the menu.
 */

/** The outcome of running a panel command, to show the person. */
export type PanelCommandOutcome = { ok: true; message: string | undefined } | { ok: false; message: string };

/** One command as the console's menu shows it. */
export interface PanelCommandEntry {
  /** Unique among all types' commands: `<type>/<command id>`. */
  key: string;
  label: string;
  /** Whether it applies to this resource now (e.g. only while Online): show it disabled otherwise. */
  isEnabled(resource: ResourceView): boolean;
  run(resource: ResourceView): Promise<PanelCommandOutcome>;
}

function entryOf(type: ResourceTypeView, command: PanelCommand, services: PanelServices): PanelCommandEntry {
  const save = async (resource: string, patch: Record<string, unknown>): Promise<SaveResult> => {
    try {
      await services.saveProperties(resource, patch);
      return { ok: true };
    } catch (error) {
      return saveFailureOf(error);
    }
  };
  return {
    key: `${type.name}/${command.id}`,
    label: command.label,
    isEnabled(resource) {
      try {
        return command.enabled?.(resource) ?? true;
      } catch {
        return false;
      }
    },
    async run(resource) {
      try {
        const message = await command.run({
          resource,
          type,
          control: async (code, input) => {
            const reply = (await services.control(resource.name, code, input)) as { result?: unknown } | undefined;
            return reply && typeof reply === 'object' && 'result' in reply ? reply.result : reply;
          },
          save: (patch) => save(resource.name, patch),
        });
        return { ok: true, message: typeof message === 'string' ? message : undefined };
      } catch (error) {
        return { ok: false, message: `${command.label} (${type.name}) failed: ${(error as Error)?.message ?? String(error)}` };
      }
    },
  };
}

/**
 * The commands a type's panel adds to its resources' context menu, for the signed-in
 * user (read-only commands for everyone, others for admins). Empty until the panel has
 * loaded, and when it has none or failed to load.
 */
export function usePanelCommands(typeName: string | undefined): PanelCommandEntry[] {
  const services = usePanelServices();
  const type = typeName === undefined ? undefined : services.resourceTypes.get(typeName);
  const panel = usePanel(type);
  return useMemo(() => {
    if (!type || panel.status !== 'ready') return [];
    const allowed = (command: PanelCommand) => command.readOnly === true || mayEditProperties(services.role);
    return (panel.module.commands ?? []).filter(allowed).map((command) => entryOf(type, command, services));
  }, [type, panel, services]);
}
