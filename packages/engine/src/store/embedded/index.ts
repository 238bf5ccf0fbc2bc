export { EmbeddedStore, openEmbeddedStore, type EmbeddedStoreOptions } from './embedded-store.ts';
export type { Durability } from './schema.ts';
