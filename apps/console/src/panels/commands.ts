import { useMemo } from 'react';
import { saveFailureOf, type PanelCommand, type SaveResult } from '@wolfpack/admin-sdk';
import type { ResourceTypeView, ResourceView } from '@wolfpack/contracts';
import type { ConsoleCommand } from '../actions/command.ts';
import { accessOf } from '../session/roles.ts';
import { mayEditProperties, usePanelServices, type PanelServices } from './services.tsx';
import { usePanel } from './use-panel.ts';

/*
 * Context-menu commands a type's panel adds for its resources (MSCS extension DLLs'
 * menu items), registered as console command entries like the console's own. A command
 * that throws reports a failure; it never breaks the menu.
 */

/** The outcome of running a panel command, to show the person. */
export type PanelCommandOutcome = { ok: true; message: string | undefined } | { ok: false; message: string };

/** One command as the console's menu shows it. */
export interface PanelCommandEntry {
  /** Unique among all types' commands: `<type>/<command id>`. */
  key: string;
  /** The resource type whose panel adds it. */
  type: string;
  label: string;
  /** Changes nothing: viewers see it too. */
  readOnly: boolean;
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
    type: type.name,
    label: command.label,
    readOnly: command.readOnly === true,
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
        return {
          ok: false,
          message: `${command.label} (${type.name}) failed: ${(error as Error)?.message ?? String(error)}`,
        };
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

/**
 * A panel command as a console command entry: shown for the type's resources, before
 * Properties; its outcome (or failure) is told as a note, as the cluster may not show it.
 */
export function panelConsoleCommand(entry: PanelCommandEntry): ConsoleCommand {
  const resourceOf = (name: string, cluster: { resources: ReadonlyMap<string, ResourceView> } | undefined) => {
    const resource = cluster?.resources.get(name);
    if (!resource) throw new Error(`Resource ${name} does not exist`);
    return resource;
  };
  return {
    id: `panel:${entry.key}`,
    label: entry.label,
    section: 'extension',
    access: entry.readOnly ? 'viewer' : accessOf('set-resource-properties'),
    appliesTo: (target, context) =>
      target.kind === 'resource' && context.cluster.resources.get(target.name)?.type === entry.type,
    disabledReason: (target, context) =>
      entry.isEnabled(resourceOf(target.name, context.cluster))
        ? undefined
        : `${entry.label} does not apply to ${target.name} now`,
    send: async ({ target }, { cluster }) => {
      const outcome = await entry.run(resourceOf(target.name, cluster));
      if (!outcome.ok) throw new Error(outcome.message);
      return outcome.message;
    },
    succeeded: ({ target }, message) => ({
      tone: 'info',
      title: `${entry.label}: ${target.name}`,
      ...(typeof message === 'string' ? { message } : {}),
    }),
    failureTitle: () => `${entry.label} failed`,
  };
}

/** The commands a type's panel adds, as console command entries (empty until its panel has loaded). */
export function usePanelConsoleCommands(typeName: string | undefined): ConsoleCommand[] {
  const entries = usePanelCommands(typeName);
  return useMemo(() => entries.map(panelConsoleCommand), [entries]);
}
