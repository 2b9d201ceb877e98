import { randomBytes } from 'node:crypto';

/** containerd's identifier rule (identifiers.Validate) for containers, snapshots keys and leases. */
const ID_PATTERN = /^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/;
export const MAX_ID_LENGTH = 76;

export function isValidId(id: string): boolean {
  return id.length <= MAX_ID_LENGTH && ID_PATTERN.test(id);
}

/** A 64-hex id like nerdctl's, for containers created without a name. */
export function newContainerId(): string {
  return randomBytes(32).toString('hex');
}

export function randomSuffix(): string {
  return randomBytes(6).toString('hex');
}
