/**
 * The capability table of docs/runtimes.md, generated from what each
 * first-party plugin declares, so the docs cannot drift from the code
 * (scripts/docs/runtime-table.test.ts compares them).
 */
import { type RuntimePlugin, VERBS } from '@icr/core';
import containerd from '@icr/plugin-containerd';
import crio from '@icr/plugin-crio';
import docker from '@icr/plugin-docker';
import runc from '@icr/plugin-runc';

const plugins = [docker, containerd, crio, runc] as Array<RuntimePlugin<never>>;

export function runtimeTable(): string {
  const header = `| verb | ${plugins.map((plugin) => plugin.name).join(' | ')} |`;
  const rule = `| --- |${plugins.map(() => ' --- |').join('')}`;
  const rows = VERBS.map(
    (verb) =>
      `| \`${verb}\` | ${plugins.map((plugin) => (plugin.capabilities.includes(verb) ? 'yes' : '—')).join(' | ')} |`,
  );
  const pushdown = `| filters pushed down | ${plugins.map((plugin) => (plugin.pushdown ?? []).join(', ') || '—').join(' | ')} |`;
  return [header, rule, ...rows, pushdown].join('\n');
}

if (import.meta.main) console.log(runtimeTable());
