import { conflict, type RemoveOptions } from '@icr/core';
import { listContainerObjects } from '../container/lookup.ts';
import type { PluginContext } from '../context.ts';
import { findImage } from './store.ts';

/**
 * Images.Delete of one name. Like docker, refuses while containers were
 * created from it, unless forced (containerd itself would not mind: a
 * container keeps its own snapshot). `sync` makes containerd collect the
 * image's content and snapshots before answering, as `docker rmi` does.
 */
export async function removeImage(context: PluginContext, ref: string, options: RemoveOptions): Promise<void> {
  const { connection } = context;
  const image = await findImage(connection, ref, options);
  if (!options.force) {
    const users = (await listContainerObjects(connection, [], options)).filter(
      (container) => container.image === image.name,
    );
    if (users.length > 0) {
      throw conflict(`image ${image.name} is used by container ${users.map((c) => c.id).join(', ')}`, {
        runtime: context.runtime,
        hint: 'remove those containers first, or remove the image with force',
      });
    }
  }
  await connection.call('images', 'Delete', { name: image.name, sync: true }, { ...options, subject: image.name });
}
