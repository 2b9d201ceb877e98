import { type CreateContainerSpec, invalidArgument } from '@icr/core';
import { toText } from '../../execution/values.ts';
import type { CommandContext } from '../command.ts';
import type { FlagSpec } from '../signature.ts';
import { toBytes, toKeyValues } from './coerce.ts';

/** Flags shared by `create` and `run`. */
export const CREATE_FLAGS: readonly FlagSpec[] = [
  { name: 'name', type: 'string', description: 'container name' },
  { name: 'env', short: 'e', type: 'key-value', repeatable: true, description: 'environment variable KEY=VALUE' },
  { name: 'label', short: 'l', type: 'key-value', repeatable: true, description: 'label key=value' },
  { name: 'user', short: 'u', type: 'string', description: 'user to run as (uid, uid:gid or name)' },
  { name: 'workdir', short: 'w', type: 'string', description: 'working directory inside the container' },
  { name: 'read-only', type: 'switch', description: 'mount the root filesystem read-only' },
  { name: 'memory', short: 'm', type: 'size', description: 'memory limit (64MB, 1GiB)' },
  { name: 'rm', type: 'switch', description: 'remove the container once it exits' },
  { name: 'pod', type: 'string', description: 'pod sandbox to create the container in (CRI runtimes)' },
  { name: 'network', type: { oneOf: ['none', 'host'] }, description: 'none (no network) or host' },
  { name: 'privileged', type: 'switch', description: 'give the container all capabilities' },
];

export async function containerSpec(context: CommandContext): Promise<CreateContainerSpec> {
  const [image] = await context.positionals();
  if (image === undefined || image === null || toText(image) === '') throw invalidArgument('an image is required');
  const spec: CreateContainerSpec = { image: toText(image) };
  if (context.has('name')) spec.name = toText(await context.flag('name'));
  const env = toKeyValues(await context.flagList('env'), '--env');
  if (Object.keys(env).length > 0) spec.env = env;
  const labels = toKeyValues(await context.flagList('label'), '--label');
  if (Object.keys(labels).length > 0) spec.labels = labels;
  if (context.has('user')) spec.user = toText(await context.flag('user'));
  if (context.has('workdir')) spec.workdir = toText(await context.flag('workdir'));
  if ((await context.flag('read-only')) === true) spec.readOnlyRootfs = true;
  if (context.has('memory')) spec.memoryLimit = toBytes(await context.flag('memory'), '--memory');
  if ((await context.flag('rm')) === true) spec.autoRemove = true;
  if (context.has('pod')) spec.pod = toText(await context.flag('pod'));
  if (context.has('network')) {
    const network = toText(await context.flag('network'));
    if (network !== 'none' && network !== 'host')
      throw invalidArgument(`--network must be none or host, not "${network}"`);
    spec.network = network;
  }
  if ((await context.flag('privileged')) === true) spec.privileged = true;
  const command = await context.rest();
  if (command && command.length > 0) spec.command = command;
  return spec;
}
