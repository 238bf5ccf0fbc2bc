import type { Command } from 'commander';

/*
 * `wolfpack completion bash`: a bash completion script made from the command tree
 * itself, so a new command completes without anyone editing a script. It completes
 * command and subcommand names and each command's options; names of nodes, groups and
 * resources are left to the shell (they would need a call to the server).
 */

interface Level {
  /** "group move": the words that lead here. */
  path: string;
  words: string[];
}

function levels(command: Command, path: string[] = []): Level[] {
  const visible = command.commands.filter((sub) => !(sub as Command & { _hidden?: boolean })._hidden);
  const options = command.options.flatMap((option) =>
    [option.long, option.short].filter((flag): flag is string => flag !== undefined),
  );
  const here: Level = { path: path.join(' '), words: [...visible.map((sub) => sub.name()), ...options, '--help'] };
  return [here, ...visible.flatMap((sub) => levels(sub, [...path, sub.name()]))];
}

/** Options followed by a value, whose value must not be taken for a subcommand. */
function valueOptions(command: Command): string[] {
  const own = command.options
    .filter((option) => option.required || option.optional)
    .flatMap((option) => [option.long, option.short].filter((flag): flag is string => flag !== undefined));
  return [...new Set([...own, ...command.commands.flatMap(valueOptions)])];
}

export function bashCompletion(program: Command): string {
  const name = program.name();
  const all = levels(program);
  const globals = program.options
    .filter((option) => option.long !== '--version')
    .flatMap((option) => [option.long, option.short].filter((flag): flag is string => flag !== undefined));
  const quote = (words: string[]) => words.join(' ').replace(/'/g, '');
  const cases = all.map(
    (level) =>
      `    '${level.path}') words='${quote(level.path === '' ? level.words : [...level.words, ...globals])}' ;;`,
  );
  const paths = all.map((level) => level.path).filter(Boolean);
  return `# bash completion for ${name}: source it, or save it as /etc/bash_completion.d/${name}
#   source <(${name} completion bash)
_${name}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" word candidate i
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    case "$word" in
      ${valueOptions(program).join('|')}) ((i++)) ;;
      -*) ;;
      *)
        candidate="\${path:+$path }$word"
        case "$candidate" in
          ${paths.map((path) => `'${path}'`).join('|')}) path="$candidate" ;;
        esac
        ;;
    esac
  done
  local words
  case "$path" in
${cases.join('\n')}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _${name} ${name}
`;
}
