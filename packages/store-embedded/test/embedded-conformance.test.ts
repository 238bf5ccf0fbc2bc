import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStore } from '@wolfpack/store-embedded';
import { describeClusterStoreConformance } from '@wolfpack/store/conformance';

describeClusterStoreConformance('embedded (SQLite)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wolfpack-store-'));
  const path = join(dir, 'cluster.db');
  const store = await openEmbeddedStore({ path });
  const opened = [store];
  return {
    store,
    openAnother: async () => {
      const another = await openEmbeddedStore({ path });
      opened.push(another);
      return another;
    },
    cleanup: async () => {
      for (const each of opened) await each.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
