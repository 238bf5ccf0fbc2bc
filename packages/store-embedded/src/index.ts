export { EmbeddedStore, openEmbeddedStore, type EmbeddedStoreOptions } from './embedded-store.ts';
export type { Durability } from './schema.ts';
export {
  ensurePrivateDatabaseFiles,
  ensurePrivateDirectory,
  passableDirectoryMode,
  preparePrivateDataDir,
  privateDirectoryMode,
  privateFileMode,
} from './private-files.ts';
