/* Conformance: watches — order, prevKv, resumption, compaction, many watchers. */
import { describe, expect, it } from 'vitest';
import { collect, waitFor, type ConformanceContext } from './support.ts';

export function describeWatchConformance(t: ConformanceContext): void {
  describe('watch', () => {
    it('delivers every change from a revision, in order, with prevKv', async () => {
      const start = (await t.store.revision()) + 1;
      await t.store.put('/w/a', '1');
      await t.store.put('/w/a', '2');
      await t.store.put('/x/ignored', 'x');
      await t.store.delete('/w/a');
      const seen = collect();
      await t.store.watch('/w/', { fromRevision: start, prevKv: true }, seen.handlers);
      await waitFor(() => seen.events.length >= 3);
      expect(seen.events.map((e) => [e.type, e.kv.key, e.kv.value, e.kv.modRevision])).toEqual([
        ['put', '/w/a', '1', start],
        ['put', '/w/a', '2', start + 1],
        ['delete', '/w/a', '', start + 3],
      ]);
      expect(seen.events[1]?.prevKv).toMatchObject({ value: '1', modRevision: start });
      expect(seen.events[2]?.prevKv).toMatchObject({ value: '2', version: 2 });
      expect(seen.errors).toEqual([]);
    });

    it('never splits a revision across batches, and resuming from lastRevision + 1 yields exactly the rest', async () => {
      const start = (await t.store.revision()) + 1;
      for (let i = 0; i < 5; i += 1) await t.store.put(`/w/k${i}`, String(i));
      await t.store.txn({
        compare: [],
        success: [1, 2, 3].map((i) => ({ op: 'put' as const, key: `/w/t${i}`, value: 't' })),
      });
      for (let i = 5; i < 10; i += 1) await t.store.put(`/w/k${i}`, String(i));
      const all = collect();
      const watch = await t.store.watch('/w/', { fromRevision: start }, all.handlers);
      await waitFor(() => all.events.length >= 13);
      await watch.cancel();
      const batchOfRevision = new Map<number, number>();
      all.batches.forEach((batch, index) => {
        for (const event of batch.events) {
          expect(batchOfRevision.get(event.kv.modRevision) ?? index).toBe(index);
          batchOfRevision.set(event.kv.modRevision, index);
          expect(batch.revision).toBeGreaterThanOrEqual(event.kv.modRevision);
        }
      });
      expect(all.events.map((e) => e.kv.key).slice(5, 8)).toEqual(['/w/t1', '/w/t2', '/w/t3']);
      const txnRevision = all.events[6]!.kv.modRevision;
      const rest = collect();
      await t.store.watch('/w/', { fromRevision: txnRevision + 1 }, rest.handlers);
      await waitFor(() => rest.events.length >= 5);
      expect(rest.events.map((e) => e.kv.key)).toEqual(all.events.slice(8).map((e) => e.kv.key));
    });

    it('starts after the current revision by default and stops after cancel', async () => {
      await t.store.put('/w/old', 'x');
      const seen = collect();
      const watch = await t.store.watch('/w/', {}, seen.handlers);
      await t.store.put('/w/new', 'y');
      await waitFor(() => seen.events.length >= 1);
      expect(seen.events.map((e) => e.kv.key)).toEqual(['/w/new']);
      await watch.cancel();
      await t.store.put('/w/after', 'z');
      const marker = collect();
      await t.store.watch('/w/', { fromRevision: await t.store.revision() }, marker.handlers);
      await waitFor(() => marker.events.length >= 1);
      expect(seen.events.map((e) => e.kv.key)).toEqual(['/w/new']);
    });

    it('sees the writes of another client, in revision order', async () => {
      const other = await t.another();
      const seen = collect();
      await t.store.watch('/w/', {}, seen.handlers);
      const writes = 30;
      await Promise.all([
        (async () => {
          for (let i = 0; i < writes; i += 1) await other.put(`/w/other/${i}`, 'o');
        })(),
        (async () => {
          for (let i = 0; i < writes; i += 1) await t.store.put(`/w/self/${i}`, 's');
        })(),
      ]);
      await waitFor(() => seen.events.length >= writes * 2);
      const revisions = seen.events.map((e) => e.kv.modRevision);
      expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
      expect(new Set(revisions).size).toBe(writes * 2);
      expect(seen.events.filter((e) => e.kv.key.startsWith('/w/other/')).map((e) => e.kv.key)).toEqual(
        Array.from({ length: writes }, (_, i) => `/w/other/${i}`),
      );
    });

    it("fails a watch from a compacted revision with 'compacted', and serves it from the compaction point", async () => {
      const first = await t.store.put('/w/a', '1');
      await t.store.put('/w/a', '2');
      const third = await t.store.put('/w/a', '3');
      await t.store.compact(third);
      const old = collect();
      await t.store.watch('/w/', { fromRevision: first }, old.handlers);
      await waitFor(() => old.errors.length >= 1);
      expect(old.errors[0]?.code).toBe('compacted');
      expect(old.events).toEqual([]);
      const kept = collect();
      await t.store.watch('/w/', { fromRevision: third }, kept.handlers);
      await waitFor(() => kept.events.length >= 1);
      expect(kept.events[0]?.kv.value).toBe('3');
      await t.store.compact(first); // already compacted past it: nothing happens
    });
  });
}
