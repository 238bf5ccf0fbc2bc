/**
 * @wolfpack/store: what every cluster store is (ClusterStore, StoreError, keys, watches,
 * leases, transactions) and the election written once over any of them. The embedded
 * (SQLite) and etcd stores implement it in their own packages; the conformance suite
 * they both run is `@wolfpack/store/conformance`.
 */
export * from './cluster-store.ts';
export * from './election.ts';
