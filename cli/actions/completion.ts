import type { Command, Option } from 'commander';
import { InputError } from '../../src/input-error.ts';
import { buildProgram } from '../main.ts';

/** One command as the completion scripts need it. */
interface Node {
  /** "history export" for a subcommand. */
  path: string;
  description: string;
  options: Array<{ flags: string[]; description: string; takesValue: boolean }>;
  subcommands: Node[];
  /** The values the first argument takes, when it has a fixed set (`completion bash|zsh|fish`). */
  choices: string[];
}

function optionsOf(command: Command): Node['options'] {
  return (command.options as Option[]).map((o) => ({
    flags: [o.short, o.long].filter((f): f is string => Boolean(f)),
    description: o.description,
    takesValue: o.required || o.optional,
  }));
}

function tree(command: Command, prefix = ''): Node[] {
  return command.commands.map((c) => {
    const path = `${prefix}${c.name()}`;
    return {
      path,
      description: c.description(),
      options: [...optionsOf(c), { flags: ['-h', '--help'], description: 'show help', takesValue: false }],
      subcommands: tree(c, `${path} `),
      choices: c.registeredArguments[0]?.argChoices ?? [],
    };
  });
}

/** Every node, depth first. */
function all(nodes: Node[]): Node[] {
  return nodes.flatMap((n) => [n, ...all(n.subcommands)]);
}

/** Quotes for a single-quoted shell string. */
function sq(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The root's options that take a value: the word after them is not a command. */
function valueFlags(program: Command): string[] {
  return optionsOf(program)
    .filter((o) => o.takesValue)
    .flatMap((o) => o.flags);
}

/** Walks the typed words to the command they name ("history export"), skipping options and their values. */
function commandFinder(shellWords: string, program: Command, nodes: Node[]): string {
  const withValues = new Set([
    ...valueFlags(program),
    ...all(nodes).flatMap((n) => n.options.filter((o) => o.takesValue).flatMap((o) => o.flags)),
  ]);
  return `  local cmd="" skip="" w
  for w in ${shellWords}; do
    if [[ -n $skip ]]; then skip=""; continue; fi
    case "$w" in
      ${[...withValues].join('|')}) skip=1 ;;
      -*) ;;
      *) case "$cmd" in
           "") cmd="$w" ;;
${nodes
  .filter((n) => n.subcommands.length)
  .map(
    (n) =>
      `           ${n.path}) case "$w" in ${n.subcommands.map((s) => s.path.split(' ').pop()).join('|')}) cmd="$cmd $w" ;; esac ;;`,
  )
  .join('\n')}
         esac ;;
    esac
  done`;
}

/** The words typed before the cursor, in each shell's syntax. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, not a template
const BASH_WORDS = '"${COMP_WORDS[@]:1:COMP_CWORD-1}"';
// biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, not a template
const ZSH_WORDS = '"${(@)words[2,CURRENT-1]}"';

function bash(program: Command, nodes: Node[]): string {
  const names = (list: Node[]) => list.map((n) => n.path.split(' ').pop()!).join(' ');
  const flags = (options: Node['options']) => options.flatMap((o) => o.flags).join(' ');
  const cases = all(nodes)
    .map(
      (n) =>
        `    ${sq(n.path)}) subs=${sq([names(n.subcommands), ...n.choices].join(' ').trim())}; opts=` +
        `${sq(flags(n.options))} ;;`,
    )
    .join('\n');
  return `# bash completion for secon-bot (secon-bot completion bash)
_secon_bot() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" subs="" opts=""
${commandFinder(BASH_WORDS, program, nodes)}
  case "$cmd" in
    "") subs=${sq(names(nodes))}; opts=${sq(`${flags(optionsOf(program))} -h --help`)} ;;
${cases}
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [[ -n $subs ]]; then
    COMPREPLY=($(compgen -W "$subs" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
  return 0
}
complete -o filenames -F _secon_bot secon-bot
`;
}

function zsh(program: Command, nodes: Node[]): string {
  const described = (list: Node[]) =>
    list.map((n) => sq(`${n.path.split(' ').pop()}:${n.description.replace(/:/g, '\\:')}`)).join(' ');
  const optionSpecs = (options: Node['options']) =>
    options.flatMap((o) => o.flags.map((f) => sq(`${f}:${o.description.replace(/:/g, '\\:')}`))).join(' ');
  const cases = all(nodes)
    .map((n) => `    ${sq(n.path)}) subs=(${described(n.subcommands)}); opts=(${optionSpecs(n.options)}) ;;`)
    .join('\n');
  return `#compdef secon-bot
# zsh completion for secon-bot (secon-bot completion zsh)
_secon_bot() {
  local -a subs opts
${commandFinder(ZSH_WORDS, program, nodes)}
  case "$cmd" in
    "") subs=(${described(nodes)}); opts=(${optionSpecs([...optionsOf(program), { flags: ['-h', '--help'], description: 'show help', takesValue: false }])}) ;;
${cases}
  esac
  if [[ $PREFIX == -* ]]; then
    _describe -t options option opts
  elif (( \${#subs} )); then
    _describe -t commands command subs
  else
    _files
  fi
}
compdef _secon_bot secon-bot
`;
}

function fish(program: Command, nodes: Node[]): string {
  const lines = ['# fish completion for secon-bot (secon-bot completion fish)', 'complete -c secon-bot -f'];
  const option = (o: Node['options'][number], condition: string) => {
    const short = o.flags.find((f) => /^-[^-]$/.test(f));
    const long = o.flags.find((f) => f.startsWith('--'));
    return (
      `complete -c secon-bot${condition}${short ? ` -s ${short.slice(1)}` : ''}` +
      `${long ? ` -l ${long.slice(2)}` : ''}${o.takesValue ? ' -r -F' : ''} -d ${sq(o.description)}`
    );
  };
  for (const o of optionsOf(program)) lines.push(option(o, ''));
  const names = nodes.map((n) => n.path);
  for (const n of nodes) {
    lines.push(
      `complete -c secon-bot -n ${sq(`not __fish_seen_subcommand_from ${names.join(' ')}`)} -a ${sq(n.path)} -d ` +
        `${sq(n.description)}`,
    );
    const seen = ` -n ${sq(`__fish_seen_subcommand_from ${n.path}`)}`;
    lines.push(`complete -c secon-bot${seen} -F`);
    for (const o of n.options) lines.push(option(o, seen));
    for (const choice of n.choices) lines.push(`complete -c secon-bot${seen} -a ${sq(choice)}`);
    for (const s of n.subcommands) {
      const word = s.path.split(' ').pop()!;
      lines.push(`complete -c secon-bot${seen} -a ${sq(word)} -d ${sq(s.description)}`);
      for (const o of s.options)
        lines.push(
          option(o, ` -n ${sq(`__fish_seen_subcommand_from ${n.path}; and __fish_seen_subcommand_from ${word}`)}`),
        );
    }
  }
  return `${lines.join('\n')}\n`;
}

const SHELLS = { bash, zsh, fish } as const;

/** `completion bash|zsh|fish`: a completion script for the shell, from the program's own commands and options. */
export function completionScript(shell: string): string {
  const make = SHELLS[shell as keyof typeof SHELLS];
  if (!make) throw new InputError(`completion: unknown shell "${shell}"; expected bash, zsh or fish`);
  const program = buildProgram();
  return make(program, tree(program));
}

export function run(shell: string): void {
  process.stdout.write(completionScript(shell));
}
