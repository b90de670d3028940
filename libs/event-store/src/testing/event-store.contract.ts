import { randomUUID } from 'node:crypto';
import { DuplicateEventIdError, EventStore, IdempotencyKeyReusedError, NewEvent, StoredEvent, WrongExpectedRevisionError } from '../event-store.port';
import { eventHash, GENESIS_HASH, verifyChain } from '../integrity/event-hash';
import { chainHeadOf, verifyEventStore } from '../integrity/verify-store';

export interface ContractFactory {
  /** A fresh, empty store. `now` replaces the wall clock where given. */
  create(options?: { now?: () => Date }): Promise<EventStore>;
  /** True when recorded time comes from a server's clock that `create({ now })` cannot replace. */
  serverClock?: boolean;
  /** Closes the store and opens the same log again, where the adapter is durable. */
  reopen?(store: EventStore): Promise<EventStore>;
}

export function newEvent(type = 'test.happened', data: unknown = { n: 1 }): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    metadata: {
      effectiveDate: '2024-07-03',
      actor: { sub: 'u1', name: 'Tester', role: 'mic-admin', ministry: null },
      legalBasis: { documentNumber: '2765/BTTTT-CĐSQG', issuedOn: '2024-07-15' },
      reason: 'contract test',
      idempotencyKey: null,
      correlationId: randomUUID(),
      causationId: null,
    },
  };
}

async function waitUntil(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The behaviour every event-store adapter must show. One suite, run against each adapter. */
export function describeEventStoreContract(adapter: string, factory: ContractFactory): void {
  describe(`event store contract: ${adapter}`, () => {
    let store: EventStore;
    beforeEach(async () => {
      store = await factory.create();
    });
    afterEach(async () => {
      await store.close();
    });

    it('appends to a new stream and reads it back with revision, position and recorded time', async () => {
      const e = newEvent('platform.registered', { name: 'Cổng công khai ngân sách nhà nước' });
      const r = await store.append({ writes: [{ streamId: 's-1', expectedRevision: 'no-stream', events: [e] }] });
      expect(r).toMatchObject({ position: 1, replayed: false, streams: [{ streamId: 's-1', revision: 0, firstPosition: 1, lastPosition: 1 }] });
      const [read] = await store.readStream('s-1');
      expect(read).toMatchObject({ eventId: e.eventId, type: 'platform.registered', schemaVersion: 1, revision: 0, position: 1 });
      expect(read.data).toEqual({ name: 'Cổng công khai ngân sách nhà nước' });
      expect(read.metadata).toEqual(e.metadata);
      expect(read.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(await store.headPosition()).toBe(1);
    });

    it('refuses a wrong expected revision and records nothing', async () => {
      await store.append({ writes: [{ streamId: 's', expectedRevision: 'no-stream', events: [newEvent()] }] });
      await expect(store.append({ writes: [{ streamId: 's', expectedRevision: 'no-stream', events: [newEvent()] }] })).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      const err = await store.append({ writes: [{ streamId: 's', expectedRevision: 5, events: [newEvent()] }] }).catch((e: WrongExpectedRevisionError) => e);
      expect(err).toMatchObject({ streamId: 's', expected: 5, actual: 0 });
      expect(await store.headPosition()).toBe(1);
      await store.append({ writes: [{ streamId: 's', expectedRevision: 0, events: [newEvent()] }] });
      expect((await store.readStream('s')).map((e) => e.revision)).toEqual([0, 1]);
    });

    it('reads a stream from a revision on: only the tail, in order; nothing past the end', async () => {
      await store.append({ writes: [{ streamId: 'tail', expectedRevision: 'no-stream', events: [newEvent(), newEvent(), newEvent()] }] });
      await store.append({ writes: [{ streamId: 'other', expectedRevision: 'no-stream', events: [newEvent()] }] });
      await store.append({ writes: [{ streamId: 'tail', expectedRevision: 2, events: [newEvent()] }] });
      const whole = await store.readStream('tail');
      expect(whole.map((e) => e.revision)).toEqual([0, 1, 2, 3]);
      const tail = await store.readStream('tail', { fromRevision: 2 });
      expect(tail.map((e) => e.revision)).toEqual([2, 3]);
      expect(tail).toEqual(whole.slice(2));
      expect(await store.readStream('tail', { fromRevision: 0 })).toEqual(whole);
      expect(await store.readStream('tail', { fromRevision: 4 })).toEqual([]);
      expect(await store.readStream('missing', { fromRevision: 1 })).toEqual([]);
    });

    it('commits a multi-stream append atomically: all writes or none', async () => {
      await store.append({ writes: [{ streamId: 'b', expectedRevision: 'no-stream', events: [newEvent()] }] });
      await expect(
        store.append({
          writes: [
            { streamId: 'a', expectedRevision: 'no-stream', events: [newEvent(), newEvent()] },
            { streamId: 'b', expectedRevision: 'no-stream', events: [newEvent()] },
          ],
        }),
      ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.readStream('a')).toEqual([]);
      expect(await store.headPosition()).toBe(1);
      const ok = await store.append({
        writes: [
          { streamId: 'a', expectedRevision: 'no-stream', events: [newEvent(), newEvent()] },
          { streamId: 'b', expectedRevision: 0, events: [newEvent()] },
        ],
      });
      expect(ok.streams).toEqual([
        { streamId: 'a', revision: 1, firstPosition: 2, lastPosition: 3 },
        { streamId: 'b', revision: 1, firstPosition: 4, lastPosition: 4 },
      ]);
    });

    it('reads the whole log in order from any position, in pages, with no gaps', async () => {
      for (let i = 0; i < 25; i++) await store.append({ writes: [{ streamId: `s-${i % 3}`, expectedRevision: 'any', events: [newEvent('t', { i })] }] });
      // A refused append in between must not leave a hole in the positions.
      await store.append({ writes: [{ streamId: 's-0', expectedRevision: 99, events: [newEvent()] }] }).catch(() => undefined);
      await store.append({ writes: [{ streamId: 's-9', expectedRevision: 'no-stream', events: [newEvent('t', { i: 25 })] }] });
      const all: StoredEvent[] = [];
      for (let after = 0; ;) {
        const page = await store.readAll(after, 7);
        if (page.length === 0) break;
        all.push(...page);
        after = page[page.length - 1].position;
      }
      expect(all.map((e) => e.position)).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
      expect(all.map((e) => (e.data as { i: number }).i)).toEqual(Array.from({ length: 26 }, (_, i) => i));
      expect((await store.readAll(20, 100)).map((e) => e.position)).toEqual([21, 22, 23, 24, 25, 26]);
    });

    it('records an idempotency key once: a repeat returns the original result, a different request is refused', async () => {
      const claim = { key: 'k-1', requestHash: 'h-1', result: { id: 'p-1' } };
      const first = await store.append({ writes: [{ streamId: 'p-1', expectedRevision: 'no-stream', events: [newEvent()] }], idempotency: claim });
      expect(first.replayed).toBe(false);
      // The repeat carries a stale expected revision and a fresh event id: neither matters.
      const again = await store.append({ writes: [{ streamId: 'p-1', expectedRevision: 'no-stream', events: [newEvent()] }], idempotency: claim });
      expect(again).toEqual({ ...first, replayed: true });
      expect(await store.headPosition()).toBe(1);
      await expect(
        store.append({ writes: [{ streamId: 'p-2', expectedRevision: 'no-stream', events: [newEvent()] }], idempotency: { ...claim, requestHash: 'h-2' } }),
      ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
      expect(await store.findIdempotency('k-1')).toMatchObject({ requestHash: 'h-1', outcome: { position: 1, result: { id: 'p-1' } } });
      expect(await store.findIdempotency('nope')).toBeNull();
    });

    it('lets exactly one of many concurrent appends at the same revision win', async () => {
      await store.append({ writes: [{ streamId: 'c', expectedRevision: 'no-stream', events: [newEvent()] }] });
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () => store.append({ writes: [{ streamId: 'c', expectedRevision: 0, events: [newEvent()] }] })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof WrongExpectedRevisionError)).toHaveLength(19);
      expect(await store.readStream('c')).toHaveLength(2);
    });

    it('refuses an event id that is already in the log', async () => {
      const e = newEvent();
      await store.append({ writes: [{ streamId: 'x', expectedRevision: 'any', events: [e] }] });
      await expect(store.append({ writes: [{ streamId: 'y', expectedRevision: 'any', events: [e] }] })).rejects.toBeInstanceOf(DuplicateEventIdError);
      expect(await store.headPosition()).toBe(1);
    });

    it('delivers existing and then new events to a subscriber, in order, from a position', async () => {
      for (let i = 1; i <= 3; i++) await store.append({ writes: [{ streamId: 'sub', expectedRevision: 'any', events: [newEvent('t', { i })] }] });
      const seen: number[] = [];
      const sub = store.subscribe(1, (events) => {
        seen.push(...events.map((e) => e.position));
      });
      await waitUntil(() => seen.length === 2);
      await store.append({ writes: [{ streamId: 'sub', expectedRevision: 'any', events: [newEvent(), newEvent()] }] });
      await waitUntil(() => seen.length === 4);
      await sub.close();
      expect(seen).toEqual([2, 3, 4, 5]);
    });

    // Stores whose server keeps the time (EventStoreDB, PostgreSQL) cannot be given a clock: the
    // test does not apply to them (PostgreSQL's own test checks its recorded times).
    if (!factory.serverClock)
      it('keeps recorded time non-decreasing in log order even when the clock steps back', async () => {
        await store.close();
        const clock = [new Date('2026-01-02T00:00:00.000Z'), new Date('2026-01-01T00:00:00.000Z')];
        let i = 0;
        store = await factory.create({ now: () => clock[Math.min(i++, clock.length - 1)] });
        await store.append({ writes: [{ streamId: 't', expectedRevision: 'any', events: [newEvent()] }] });
        await store.append({ writes: [{ streamId: 't', expectedRevision: 'any', events: [newEvent()] }] });
        const [a, b] = await store.readStream('t');
        expect(b.recordedAt >= a.recordedAt).toBe(true);
        expect(a.recordedAt).toBe('2026-01-02T00:00:00.000Z');
      });

    describe('hash chain (for adapters that record hashes)', () => {
      async function readEverything(s: EventStore): Promise<StoredEvent[]> {
        return s.readAll(0, 100000);
      }

      it('links every event to the one before and verifies, through refused and concurrent appends', async () => {
        await store.append({ writes: [{ streamId: 'h-1', expectedRevision: 'no-stream', events: [newEvent('t', { i: 1 }), newEvent('t', { i: 2 })] }] });
        // Concurrent appends, some refused (wrong revision): the refused ones must leave no link behind.
        await Promise.allSettled(
          Array.from({ length: 12 }, (_, i) =>
            store.append({
              writes: [{ streamId: `h-${i % 3}`, expectedRevision: i % 4 === 0 ? 7 : 'any', events: [newEvent('t', { i, text: 'Cổng dịch vụ công' })] }],
            }),
          ),
        );
        await store.append({
          writes: [
            { streamId: 'h-x', expectedRevision: 'no-stream', events: [newEvent('t', { undefinedIsDropped: undefined, n: -0, big: 1e21, s: '\u2028"\\' })] },
            { streamId: 'h-y', expectedRevision: 'no-stream', events: [newEvent()] },
          ],
        });
        const all = await readEverything(store);
        if (all[0].hash === undefined) {
          // This adapter keeps no hashes: it must say so consistently, never half a chain.
          expect(all.every((e) => e.hash === undefined && e.prevHash === undefined)).toBe(true);
          return;
        }
        let prev = GENESIS_HASH;
        for (const e of all) {
          expect({ position: e.position, prevHash: e.prevHash }).toEqual({ position: e.position, prevHash: prev });
          expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
          expect(eventHash(prev, e)).toBe(e.hash);
          prev = e.hash!;
        }
        const verification = await verifyEventStore(store, { pageSize: 4 });
        expect(verification).toEqual({ ok: true, checked: all.length, head: { position: all.length, hash: prev } });
        expect(await chainHeadOf(store)).toEqual({ position: all.length, hash: prev, recordedAt: all.at(-1)!.recordedAt });
        expect(await chainHeadOf(store, 2)).toEqual({ position: 2, hash: all[1].hash, recordedAt: all[1].recordedAt });
        // readStream carries the same links as readAll.
        expect((await store.readStream('h-1'))[0]).toMatchObject({ hash: all[0].hash, prevHash: GENESIS_HASH });
      });

      it('names the first altered, missing or reordered event of what it reads', async () => {
        for (let i = 0; i < 10; i++) await store.append({ writes: [{ streamId: `t-${i % 2}`, expectedRevision: 'any', events: [newEvent('t', { i })] }] });
        const all = await readEverything(store);
        if (all[0].hash === undefined) return;
        expect(verifyChain(all)).toMatchObject({ ok: true, checked: 10 });
        const altered = structuredClone(all);
        (altered[6].data as { i: number }).i = 99;
        expect(verifyChain(altered)).toMatchObject({ ok: false, firstBadPosition: 7, checked: 6 });
        expect(verifyChain([...all.slice(0, 3), ...all.slice(4)])).toMatchObject({ ok: false, firstBadPosition: 4 });
        expect(verifyChain([...all.slice(0, 2), all[4], all[3], all[2], ...all.slice(5)])).toMatchObject({ ok: false, firstBadPosition: 3 });
        expect(verifyChain(all.slice(0, 8), { heads: [{ position: 10, hash: all[9].hash! }] })).toMatchObject({ ok: false, firstBadPosition: 9 });
        expect(verifyChain(all, { heads: [{ position: 10, hash: all[9].hash! }] })).toMatchObject({ ok: true });
      });
    });

    if (factory.reopen) {
      const reopen = factory.reopen;
      it('continues the hash chain across a reopen', async () => {
        await store.append({ writes: [{ streamId: 'r', expectedRevision: 'any', events: [newEvent(), newEvent()] }] });
        store = await reopen(store);
        await store.append({ writes: [{ streamId: 'r', expectedRevision: 'any', events: [newEvent()] }] });
        const all = await store.readAll(0, 10);
        if (all[0].hash === undefined) return;
        expect(all[2].prevHash).toBe(all[1].hash);
        expect(await verifyEventStore(store)).toMatchObject({ ok: true, checked: 3 });
      });

      it('keeps events and idempotency keys across a reopen', async () => {
        const claim = { key: 'k', requestHash: 'h', result: { id: 'r' } };
        await store.append({ writes: [{ streamId: 'd', expectedRevision: 'no-stream', events: [newEvent()] }], idempotency: claim });
        store = await reopen(store);
        expect(await store.readStream('d')).toHaveLength(1);
        const again = await store.append({ writes: [{ streamId: 'd', expectedRevision: 'no-stream', events: [newEvent()] }], idempotency: claim });
        expect(again.replayed).toBe(true);
        expect(await store.headPosition()).toBe(1);
      });
    }
  });
}

/**
 * For stores that offer `readAllForRebuild`: the same events as `readAll`, in the same pages,
 * each with the JSON text of its data and metadata equal to `JSON.stringify` of the decoded
 * values (what a rebuild copies into the read models instead of encoding them again).
 */
export function describeRebuildReadContract(adapter: string, create: () => Promise<EventStore>): void {
  describe(`rebuild read: ${adapter}`, () => {
    it('reads what readAll reads, with the stored JSON text of data and metadata', async () => {
      const store = await create();
      try {
        // Values whose text could change on a round trip if the store re-encoded them.
        const awkward = [
          { name: 'Cổng dịch vụ công quốc gia 🇻🇳', quote: 'say "hi"\n\ttab \\ \u2028', n: 1.5e-7, big: 1e21, neg: -0, none: null },
          { 2: 'two', b: 'b', 1: 'one', a: [1, { z: true, y: [] }] },
          { '': '', ['\u00e9' + 'e\u0301']: 'two spellings of é' },
        ];
        for (let i = 0; i < 9; i++)
          await store.append({ writes: [{ streamId: `s-${i % 2}`, expectedRevision: 'any', events: [newEvent('t', awkward[i % awkward.length])] }] });
        const read = store.readAllForRebuild!.bind(store);
        for (const after of [0, 4]) {
          const plain = await store.readAll(after, 3);
          const raw = await read(after, 3);
          expect(raw.map(({ storedJson: _json, ...e }) => e)).toEqual(plain.map(({ prevHash: _p, hash: _h, ...e }) => e));
          for (const e of raw) expect(e.storedJson).toEqual({ data: JSON.stringify(e.data), metadata: JSON.stringify(e.metadata) });
        }
        expect(await read(9, 10)).toEqual([]);
      } finally {
        await store.close();
      }
    });
  });
}
