import type { Command, OptionName } from '../command';
import { OPTIONS } from '../command';
import { UsageError } from '../context';
import { CONFIG_KEYS } from './config';
import { MARK_ACTIONS } from './mark';

const SHELLS = ['bash', 'zsh', 'fish'] as const;

const longFlags = (options: readonly OptionName[]) => options.map((name) => `--${name}`);
/** A word for a shell's single quotes. */
const quoted = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
const FORMATS = (OPTIONS.format as { choices: readonly string[] }).choices;
const COLORS = (OPTIONS.color as { choices: readonly string[] }).choices;

function bash(commands: readonly Command[]): string {
  const cases = commands.map(
    (command) => `    ${command.name}) opts=${quoted(longFlags(command.options).join(' '))}; completes=${command.completes};;`,
  );
  const configValues = Object.entries(CONFIG_KEYS).map(
    ([key, entry]) =>
      `        ${key}) values=${quoted(
        entry.takes.includes('|')
          ? entry.takes
              .split('|')
              .filter((v) => v === v.toLowerCase())
              .join(' ')
          : '',
      )}; dirs=${/DIR/.test(entry.takes) ? 1 : 0};;`,
  );
  return `# digest completion for bash. Load it with: eval "$(digest completion bash)"
# or save it as ~/.local/share/bash-completion/completions/digest
_digest() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" first="\${COMP_WORDS[1]}"
  local opts='' completes='' values='' dirs=0
  if [[ $COMP_CWORD -eq 1 ]]; then
    if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '--help --version' -- "$cur")); return; fi
    COMPREPLY=($(compgen -W ${quoted(commands.map((command) => command.name).join(' '))} -- "$cur") $(compgen -f -- "$cur"))
    return
  fi
  case "$first" in
${cases.join('\n')}
    *) COMPREPLY=($(compgen -f -- "$cur")); return;;
  esac
  case "$prev" in
    --format|-f) COMPREPLY=($(compgen -W ${quoted(FORMATS.join(' '))} -- "$cur")); return;;
    --color) COMPREPLY=($(compgen -W ${quoted(COLORS.join(' '))} -- "$cur")); return;;
    --width|-w) return;;
  esac
  if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "$opts --help --color" -- "$cur")); return; fi
  local refs=''
  case "$completes" in
    refs) refs=1;;
    mark) if [[ $COMP_CWORD -eq 2 ]]; then COMPREPLY=($(compgen -W ${quoted(MARK_ACTIONS.join(' '))} -- "$cur")); return; fi; refs=1;;
    config)
      if [[ $COMP_CWORD -eq 2 ]]; then COMPREPLY=($(compgen -W ${quoted(Object.keys(CONFIG_KEYS).join(' '))} -- "$cur")); return; fi
      case "$prev" in
${configValues.join('\n')}
      esac
      COMPREPLY=($(compgen -W "$values" -- "$cur"))
      if [[ $dirs -eq 1 ]]; then COMPREPLY+=($(compgen -d -- "$cur")); fi
      return;;
    shells) COMPREPLY=($(compgen -W ${quoted(SHELLS.join(' '))} -- "$cur")); return;;
    nothing) return;;
  esac
  if [[ -n $refs ]]; then
    local IFS=$'\\n'
    COMPREPLY=($(compgen -W "$(digest completion refs 2>/dev/null | cut -f1)" -- "$cur"))
    unset IFS
  fi
  COMPREPLY+=($(compgen -f -- "$cur"))
}
complete -o default -F _digest digest
`;
}

function zsh(commands: readonly Command[]): string {
  const describe = (text: string) => text.replace(/[[\]:'\\]/g, ' ');
  const options = (command: Command) =>
    command.options.map((name) =>
      name === 'format'
        ? `'(-f --format)'{-f,--format}'[${describe(OPTIONS.format.help)}]:format:(${FORMATS.join(' ')})'`
        : `'--${name}[${describe(OPTIONS[name].help)}]${'value' in OPTIONS[name] ? `:${(OPTIONS[name] as { value: string }).value}:` : ''}'`,
    );
  const words: Record<Command['completes'], string> = {
    refs: `'1:story:_digest_refs' '*:path:_files'`,
    paths: `'*:path:_files'`,
    mark: `'1:action:(${MARK_ACTIONS.join(' ')})' '*:story or path:_digest_refs_or_files'`,
    config: `'1:setting:(${Object.keys(CONFIG_KEYS).join(' ')})' '2:value:_digest_config_value'`,
    shells: `'1:shell:(${SHELLS.join(' ')})'`,
    nothing: '',
  };
  return `#compdef digest
# digest completion for zsh. Load it with: eval "$(digest completion zsh)"
# or save it as _digest in a folder of your $fpath.
_digest_refs() {
  local -a refs
  refs=(\${(f)"$(digest completion refs 2>/dev/null | sed -e 's/:/\\\\:/g' -e 's/\\t/:/')"})
  _describe -t stories 'story' refs
}
_digest_refs_or_files() { _digest_refs; _files }
_digest_config_value() {
  case $words[2] in
${Object.entries(CONFIG_KEYS)
  .map(
    ([key, entry]) =>
      `    ${key}) ${/DIR/.test(entry.takes) ? '_directories; ' : ''}${
        entry.takes.includes('|')
          ? `compadd ${entry.takes
              .split('|')
              .filter((v) => v === v.toLowerCase())
              .join(' ')}`
          : ''
      };;`,
  )
  .join('\n')}
  esac
}
_digest() {
  local -a commands
  commands=(
${commands.map((command) => `    ${quoted(`${command.name}:${describe(command.summary)}`)}`).join('\n')}
  )
  if (( CURRENT == 2 )); then
    _describe -t commands 'command' commands
    _files
    return
  fi
  local command=$words[2]
  shift words
  (( CURRENT-- ))
  case $command in
${commands.map((command) => `    ${command.name}) _arguments -s ${[...options(command), `'--color[${describe(OPTIONS.color.help)}]:when:(${COLORS.join(' ')})'`, words[command.completes]].filter(Boolean).join(' ')};;`).join('\n')}
  esac
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then _digest "$@"; else compdef _digest digest; fi
`;
}

function fish(commands: readonly Command[]): string {
  const lines = [
    '# digest completion for fish. Load it with: digest completion fish | source',
    '# or save it as ~/.config/fish/completions/digest.fish',
    'complete -c digest -l help -s h -d "this help"',
    'complete -c digest -n __fish_use_subcommand -l version -s v -d "the version"',
    `complete -c digest -l color -x -a ${quoted(COLORS.join(' '))} -d "colour: auto, always or never"`,
  ];
  for (const command of commands) {
    lines.push(`complete -c digest -n __fish_use_subcommand -f -a ${command.name} -d ${quoted(command.summary)}`);
    const when = `'__fish_seen_subcommand_from ${command.name}'`;
    for (const name of command.options) {
      const option = OPTIONS[name] as { help: string; short?: string; choices?: readonly string[]; value?: string };
      const takes = option.choices ? ` -x -a ${quoted(option.choices.join(' '))}` : option.value ? ' -x' : '';
      lines.push(
        `complete -c digest -n ${when} -l ${name}${option.short ? ` -s ${option.short}` : ''}${takes} -d ${quoted(option.help.split(/[.;(]/)[0]!.trim())}`,
      );
    }
    if (command.completes === 'refs' || command.completes === 'mark')
      lines.push(`complete -c digest -n ${when} -a '(digest completion refs 2>/dev/null)'`);
    if (command.completes === 'mark')
      lines.push(
        `complete -c digest -n "${`__fish_seen_subcommand_from mark; and not __fish_seen_subcommand_from ${MARK_ACTIONS.join(' ')}`}" -f -a ${quoted(MARK_ACTIONS.join(' '))}`,
      );
    if (command.completes === 'config') {
      const keys = Object.keys(CONFIG_KEYS).join(' ');
      lines.push(
        `complete -c digest -n '__fish_seen_subcommand_from config; and not __fish_seen_subcommand_from ${keys}' -f -a ${quoted(keys)}`,
      );
      for (const [key, entry] of Object.entries(CONFIG_KEYS))
        if (entry.takes.includes('|'))
          lines.push(
            `complete -c digest -n '__fish_seen_subcommand_from ${key}' -f -a ${quoted(
              entry.takes
                .split('|')
                .filter((v) => v === v.toLowerCase())
                .join(' '),
            )}`,
          );
    }
    if (command.completes === 'shells') lines.push(`complete -c digest -n ${when} -f -a ${quoted(SHELLS.join(' '))}`);
  }
  return `${lines.join('\n')}\n`;
}

export const completion: Command = {
  name: 'completion',
  summary: 'a completion script for bash, zsh or fish (commands, options, settings, and REFs of your library)',
  usage: ['completion bash|zsh|fish'],
  options: [],
  completes: 'shells',
  examples: [['eval "$(digest completion bash)"', 'Tab completes commands, options and story refs in bash']],
  async run({ positionals }, ctx) {
    const [shell, ...rest] = positionals;
    if (shell === 'refs') {
      // What the scripts call for REFs: each story's short id and title, a tab between.
      const library = ctx.library(rest, { onNote: () => {} });
      const lines: string[] = [];
      for (const briefing of library.briefings)
        for (const story of briefing.stories) lines.push(`${library.shortId(story.id)}\t${story.title.replace(/[\t\n]/g, ' ')}`);
      ctx.io.out(lines.length > 0 ? `${lines.join('\n')}\n` : '');
      return 0;
    }
    const { COMMANDS } = await import('../table');
    const make = { bash, zsh, fish }[shell as (typeof SHELLS)[number]];
    if (!make || rest.length > 0) throw new UsageError(`completion takes one of: ${SHELLS.join(', ')}`);
    ctx.io.out(make(COMMANDS));
    return 0;
  },
};
