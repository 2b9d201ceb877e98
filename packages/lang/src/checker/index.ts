/** The icr static checker: binds arguments to signatures and finds mistakes before anything runs. */
export { argTypeLabel, isSignal, SIGNAL_NAMES } from './arg-values.ts';
export type { BoundCommand, RuntimeCapabilityInfo } from './bound-command.ts';
export { type CheckEnvironment, type CheckResult, check, type VariableInfo } from './check.ts';
export { closest, didYouMean, editDistance } from './suggest.ts';
