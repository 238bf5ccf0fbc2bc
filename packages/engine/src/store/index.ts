export * from './cluster-store.ts';
export * from './embedded/index.ts';
export * from './election.ts';
