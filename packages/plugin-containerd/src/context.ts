import type { ContainerdConnection } from './grpc/connection.ts';
import type { ResolvedOptions } from './options.ts';

/** What every verb needs: the connection (namespace included) and the plugin's options. */
export interface PluginContext {
  connection: ContainerdConnection;
  options: ResolvedOptions;
  runtime: string;
}
