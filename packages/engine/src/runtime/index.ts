/** The engine's reconcile runtime: one pass scheduler and one lease keeper, on an injected clock. */
export { systemClock, type Clock } from './clock.ts';
export { KeptLease, type KeptLeaseOptions } from './kept-lease.ts';
export { ReconcileLoop, type PassResult, type ReconcileLoopOptions } from './reconcile-loop.ts';
