import {
  type ArgType,
  type CommandCategory,
  type CommandSignature,
  DEFAULT_PARALLEL,
  type FlagSpec,
  type SignatureLookup,
} from './signature.ts';

/** Help derived from signatures, so it never drifts from what the checker accepts. */

const CATEGORY_TITLES: Record<CommandCategory, string> = {
  source: 'Sources',
  filter: 'Filters',
  lifecycle: 'Lifecycle',
  output: 'Output',
  script: 'Script',
  info: 'Information',
};

export function argTypeLabel(type: ArgType): string {
  return typeof type === 'string' ? type : type.oneOf.join('|');
}

function flagUsage(flag: FlagSpec): string {
  const names = flag.short ? `-${flag.short}, --${flag.name}` : `    --${flag.name}`;
  const value = flag.type === 'switch' ? '' : ` <${argTypeLabel(flag.type)}>`;
  return `${names}${value}${flag.repeatable ? '...' : ''}`;
}

export function usageLine(signature: CommandSignature): string {
  const parts = [signature.name];
  for (const positional of signature.positionals) {
    let word = `<${positional.name}>`;
    if (positional.variadic) word += '...';
    if (positional.optional || positional.variadic) word = `[${word}]`;
    parts.push(word);
  }
  if (signature.flags.length > 0) parts.push('[flags]');
  if (signature.rest)
    parts.push(signature.rest.required ? `-- <${signature.rest.name}>...` : `[-- <${signature.rest.name}>...]`);
  return parts.join(' ');
}

export function commandHelp(signature: CommandSignature): string {
  const lines = [`${signature.name}: ${signature.description}`, '', `Usage: ${usageLine(signature)}`];
  if (signature.input !== 'nothing') lines.push(`Input: ${signature.input} records from the pipe`);
  if (signature.positionals.length > 0) {
    lines.push('', 'Arguments:');
    for (const positional of signature.positionals) {
      lines.push(`  ${`<${positional.name}>`.padEnd(26)}${positional.description}`);
    }
  }
  if (signature.rest) lines.push(`  ${`-- <${signature.rest.name}>...`.padEnd(26)}${signature.rest.description}`);
  if (signature.flags.length > 0) {
    lines.push('', 'Flags:');
    for (const flag of signature.flags) {
      const defaultText = flag.default !== undefined ? ` (default ${String(flag.default)})` : '';
      lines.push(`  ${flagUsage(flag).padEnd(26)}${flag.description}${defaultText}`);
    }
  }
  if (signature.examples.length > 0) {
    lines.push('', 'Examples:');
    for (const example of signature.examples) lines.push(`  ${example}`);
  }
  return lines.join('\n');
}

export function commandList(signatures: SignatureLookup): string {
  const lines: string[] = [];
  const byCategory = new Map<CommandCategory, CommandSignature[]>();
  for (const signature of signatures.values()) {
    const list = byCategory.get(signature.category) ?? [];
    list.push(signature);
    byCategory.set(signature.category, list);
  }
  for (const [category, title] of Object.entries(CATEGORY_TITLES) as Array<[CommandCategory, string]>) {
    const list = byCategory.get(category);
    if (!list) continue;
    lines.push(`${title}:`);
    for (const signature of list) lines.push(`  ${signature.name.padEnd(10)}${signature.description}`);
    lines.push('');
  }
  lines.push('Statements: let, use, if/else, for ... in, try/catch, assert, exit');
  lines.push('Run "help <command>" or "<command> --help" for flags and examples.');
  return lines.join('\n');
}

const OVERVIEW = [
  '## Running icr',
  '',
  '| invocation | what it does |',
  '| --- | --- |',
  '| `icr` | the interactive shell (REPL) |',
  "| `icr -c 'ps -a \\| where status == exited'` | run one line |",
  '| `icr run FILE [args...]` | run a script; its arguments are the list `$args` |',
  '| `icr check FILE` | parse and check a script, run nothing |',
  '| `icr < FILE` | when stdin is not a terminal, it is read as the script |',
  '| `icr gen-docs [FILE]` | write this page |',
  '',
  'Options: `-r/--runtime NAME` (the default runtime; also `ICR_RUNTIME` or `default` in the config), `-o/--output table|json|yaml|ids`, `--config FILE` (else `ICR_CONFIG`, else `icr.config.*`/`.icrrc*` found from the current directory), `--no-color` (colour is used only on a terminal and never with `NO_COLOR`).',
  '',
  'A script is parsed and checked in full before anything runs. Exit status: `0` everything worked; `1` a command failed at run time or an `assert` failed (a bulk action fails after trying every item); `2` usage, parse or check error (nothing ran); `3` a runtime could not be reached (the message names its socket).',
  '',
  'Every statement that yields values prints them: records as a table (`raw` and `security` are only in json/yaml), other values one per line. `to json`, `to yaml` and `to table` turn a stream into text inside a pipeline.',
  '',
  '### Runtimes',
  '',
  'Runtime commands take `-r NAME`, `-r a,b` or `-r all` (every detected runtime; one that cannot be reached is a warning, not a failure). Without `-r` they use the default runtime, which `use NAME` changes. Records carry their `runtime`, so `ps -r all | where status == exited | rm` removes each container on the runtime it came from.',
  '',
  '### Bulk and destructive actions',
  '',
  'Lifecycle verbs take containers from the pipe or as names/ids, act on at most `--parallel N` (default ' +
    `${DEFAULT_PARALLEL}) at once and yield one ` +
    '`result` record (id, name, runtime, action, ok, error) per container. `--dry-run` shows what would be done and changes nothing. In the REPL, a destructive action on more than one container asks first unless `-y` is given; scripts and non-terminal input never prompt.',
  '',
  '### The REPL',
  '',
  'The prompt shows the default runtime (`icr docker> `). Tab completes commands, flags, runtime names, fields after `where`/`select`/`sort-by`/`get`/`reject` (from the type of the records flowing in) and container names. An unfinished statement (open `{`, `(` or a trailing `|`) continues on the next line. Ctrl-C cancels what is running and keeps the session; Ctrl-D leaves. History is kept in `~/.icr_history` (or `$ICR_HISTORY`). `.help` and `help` list the commands; `help CMD` and `CMD --help` describe one.',
  '',
];

/** docs/commands.md, generated from the signatures. */
export function commandsMarkdown(signatures: SignatureLookup): string {
  const out = [
    '# icr commands',
    '',
    '<!-- Generated from the command signatures by `icr gen-docs docs/commands.md` (packages/lang/src/commands). Do not edit by hand. -->',
    '',
    ...OVERVIEW,
  ];
  for (const [category, title] of Object.entries(CATEGORY_TITLES) as Array<[CommandCategory, string]>) {
    const list = [...signatures.values()].filter((signature) => signature.category === category);
    if (list.length === 0) continue;
    out.push(`## ${title}`, '');
    for (const signature of list) {
      out.push(`### ${signature.name}`, '', signature.description, '', '```', usageLine(signature), '```', '');
      const facts: string[] = [];
      if (signature.input !== 'nothing') facts.push(`input: \`${signature.input}\``);
      if (signature.output !== 'nothing') facts.push(`output: \`${signature.output}\``);
      if (signature.verb) facts.push(`needs runtime capability \`${signature.verb}\``);
      if (signature.destructive)
        facts.push('destructive (supports `--dry-run`, asks in the REPL for more than one container unless `-y`)');
      if (facts.length > 0) out.push(facts.join(' · '), '');
      if (signature.positionals.length > 0 || signature.flags.length > 0 || signature.rest) {
        out.push('| argument | type | description |', '| --- | --- | --- |');
        for (const positional of signature.positionals) {
          out.push(
            `| \`<${positional.name}>\`${positional.variadic ? '...' : ''} | ${argTypeLabel(positional.type)} | ${positional.description}${positional.optional ? ' (optional)' : ''} |`,
          );
        }
        if (signature.rest) out.push(`| \`-- <${signature.rest.name}>...\` | words | ${signature.rest.description} |`);
        for (const flag of signature.flags) {
          const names = flag.short ? `\`-${flag.short}\`, \`--${flag.name}\`` : `\`--${flag.name}\``;
          const defaultText = flag.default !== undefined ? ` (default \`${String(flag.default)}\`)` : '';
          out.push(
            `| ${names} | ${argTypeLabel(flag.type)}${flag.repeatable ? ', repeatable' : ''} | ${flag.description}${defaultText} |`,
          );
        }
        out.push('');
      }
      if (signature.examples.length > 0) out.push('```icr-check', ...signature.examples, '```', '');
    }
  }
  return out.join('\n');
}
