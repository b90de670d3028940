import type { EventStore, StoredEvent } from '../event-store.port';
import { ChainHead, ChainVerification, ChainVerifier, GENESIS_HASH, VerifyOptions } from './event-hash';

/** Every event after `after`, in log order, a page at a time. */
export async function* readLog(store: Pick<EventStore, 'readAll'>, after = 0, pageSize = 1000): AsyncGenerator<StoredEvent> {
  for (let position = after; ;) {
    const page = await store.readAll(position, pageSize);
    if (page.length === 0) return;
    yield* page;
    position = page[page.length - 1].position;
  }
}

/** Checks the whole chain of any adapter, through the port only. */
export async function verifyEventStore(store: Pick<EventStore, 'readAll'>, options: VerifyOptions & { pageSize?: number } = {}): Promise<ChainVerification> {
  const verifier = new ChainVerifier(options);
  for await (const e of readLog(store, options.from?.position ?? 0, options.pageSize)) {
    if (e.hash === undefined) {
      verifier.fail(e.position, 'this event store does not record hashes');
      break;
    }
    if (!verifier.push(e)) break;
  }
  return verifier.result();
}

/**
 * The chain's head at `position` (default: the end of the log): what an edition or a signed
 * statement records. Null when the adapter keeps no hashes or the position is not in the log.
 */
export async function chainHeadOf(
  store: Pick<EventStore, 'readAll' | 'headPosition'>,
  position?: number,
): Promise<(ChainHead & { recordedAt: string | null }) | null> {
  const at = position ?? (await store.headPosition());
  if (at === 0) return { position: 0, hash: GENESIS_HASH, recordedAt: null };
  const [e] = await store.readAll(at - 1, 1);
  if (!e || e.position !== at || e.hash === undefined) return null;
  return { position: at, hash: e.hash, recordedAt: e.recordedAt };
}
