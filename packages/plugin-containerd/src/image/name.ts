import { IcrError, isIcrError } from '@icr/core';
import { parseImageReference } from '@icr/core/oci';

/**
 * The name under which ctr and nerdctl store `ref`: fully qualified,
 * "docker.io/library/busybox:latest", "127.0.0.1:5055/icr/busybox:latest".
 */
export function canonicalImageName(ref: string, runtime: string): string {
  try {
    return parseImageReference(ref).canonical;
  } catch (error) {
    if (isIcrError(error)) throw new IcrError(error.code, error.message, { runtime, hint: error.hint, cause: error });
    throw error;
  }
}
