/**
 * `@icr/core/oci`: image references and a pull-side OCI distribution client,
 * shared by plugins that pull images themselves (runc, containerd).
 */
export * from './auth.ts';
export * from './reference.ts';
export * from './registry-client.ts';
export * from './types.ts';
