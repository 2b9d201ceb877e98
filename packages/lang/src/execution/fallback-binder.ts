// TEMPORARY: binds commands until the front end's checker lands. To be deleted.
import type { BoundCommand } from '../checker/bound-command.ts';
import type { Command, Expression, Node, Program } from '../language/ast.ts';
import type { CheckEnvironment, CheckResult } from './front-end.ts';

export function fallbackCheck(program: Program, env: CheckEnvironment): CheckResult {
  const bindings = new Map<Command, BoundCommand>();
  const diagnostics: CheckResult['diagnostics'] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    const n = node as Node & Record<string, unknown>;
    if (n.kind === 'Command') {
      const command = n as Command;
      const signature = env.signatures.get(command.name.name);
      if (!signature) {
        diagnostics.push({ severity: 'error', code: 'check/unknown-command', message: `unknown command "${command.name.name}"`, span: command.name.span });
      } else {
        const flags = new Map<string, true | Expression | Expression[]>();
        const positionals: Expression[] = [];
        for (let i = 0; i < command.args.length; i += 1) {
          const arg = command.args[i]!;
          if (arg.kind === 'Flag') {
            const spec = signature.flags.find((flag) => (arg.long ? flag.name === arg.name : flag.short === arg.name));
            if (!spec) {
              diagnostics.push({ severity: 'error', code: 'check/unknown-flag', message: `unknown flag ${arg.name}`, span: arg.span });
              continue;
            }
            if (spec.type === 'switch') flags.set(spec.name, true);
            else {
              const value = arg.value ?? (command.args[++i] as Expression);
              if (spec.repeatable) flags.set(spec.name, [...((flags.get(spec.name) as Expression[]) ?? []), value]);
              else flags.set(spec.name, value);
            }
          } else positionals.push(arg);
        }
        bindings.set(command, {
          node: command,
          signature,
          flags,
          positionals,
          rest: command.rest?.words ?? null,
          inputType: 'any',
          outputType: 'any',
        });
      }
    }
    for (const [key, value] of Object.entries(n)) if (key !== 'span') visit(value);
  };
  visit(program);
  return { diagnostics, bindings };
}
