export * from './capabilities.ts';
export * from './config.ts';
export * from './errors.ts';
export * from './plugin.ts';
export * from './plugin-loader.ts';
export * from './records.ts';
export * from './runtime-client.ts';
export * from './runtime-registry.ts';
