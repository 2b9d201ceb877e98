export { main } from './cli/main.ts';
export type { CommandContext, CommandModule } from './commands/command.ts';
export { builtinCommands, builtinSignatures } from './commands/registry.ts';
export type { CommandSignature, FlagSpec, PositionalSpec, SignatureLookup } from './commands/signature.ts';
export { Engine } from './execution/engine.ts';
export { Interpreter } from './execution/interpreter.ts';
export type { OutputFormat, OutputStreams, Session } from './execution/session.ts';
