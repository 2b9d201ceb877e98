import { createHash } from 'node:crypto';

/**
 * The chain ID of a layer stack (OCI image spec, "Layer ChainID"): the
 * snapshot an image's rootfs is committed under.
 * ChainID(L0) = DiffID(L0); ChainID(L0..n) = sha256(ChainID(L0..n-1) + " " + DiffID(Ln)).
 */
export function chainIds(diffIds: readonly string[]): string[] {
  const chain: string[] = [];
  for (const diffId of diffIds) {
    const previous = chain.at(-1);
    chain.push(
      previous === undefined ? diffId : `sha256:${createHash('sha256').update(`${previous} ${diffId}`).digest('hex')}`,
    );
  }
  return chain;
}

export function chainId(diffIds: readonly string[]): string {
  const chain = chainIds(diffIds);
  const last = chain.at(-1);
  if (last === undefined) throw new Error('an image needs at least one layer');
  return last;
}
