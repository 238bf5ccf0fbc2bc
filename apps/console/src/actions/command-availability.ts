import { roleAllows } from '../session/roles.ts';
import {
  commandSections,
  type CommandChoice,
  type CommandContext,
  type CommandTarget,
  type ConsoleCommand,
} from './command.ts';

/*
 * Which commands of a list a person sees for a target. Apart from registry.ts, which holds
 * the list of the cluster's commands: the session's own menu reads its list with this rule
 * too, and the session is part of what those commands' dialogs show, so importing the list
 * here would close a circle of imports.
 */

/** A command as a menu or toolbar shows it for one target. */
export interface AvailableCommand {
  command: ConsoleCommand;
  disabledReason: string | undefined;
  choices: CommandChoice[] | undefined;
}

const sectionRank = (command: ConsoleCommand) => commandSections.indexOf(command.section);

/**
 * The commands a person sees for a target: those that apply and that their role allows
 * (a viewer sees no mutating command at all), each with why it is unavailable now, in
 * section order (stable within a section).
 */
export function availableCommands(
  target: CommandTarget | undefined,
  context: CommandContext,
  list: readonly ConsoleCommand[],
): AvailableCommand[] {
  if (!target) return [];
  return list
    .filter((command) => roleAllows(context.role, command.access) && command.appliesTo(target, context))
    .sort((a, b) => sectionRank(a) - sectionRank(b))
    .map((command) => ({
      command,
      disabledReason: command.disabledReason?.(target, context),
      choices: command.choices?.(target, context),
    }));
}
