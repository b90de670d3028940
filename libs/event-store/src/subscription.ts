import { EventBatchHandler, StoredEvent, Subscription } from './event-store.port';

export interface CatchUpSource {
  readAll(afterPosition: number, limit: number): Promise<StoredEvent[]>;
  /** Resolves when something new may be there (or after the poll interval). */
  waitForAppend(signal: { closed: boolean }, pollMs: number): Promise<void>;
}

/**
 * A catch-up subscription: reads from a position in batches, hands each batch to the handler
 * and only then moves on, so a slow handler is never overtaken. A failing handler is retried
 * with backoff from the same position: delivery is at-least-once and in order.
 */
export function catchUpSubscription(
  source: CatchUpSource,
  afterPosition: number,
  handler: EventBatchHandler,
  options: { batchSize?: number; pollMs?: number; onError?: (e: unknown) => void } = {},
): Subscription {
  const batchSize = options.batchSize ?? 1000;
  const pollMs = options.pollMs ?? 500;
  const signal = { closed: false };
  let position = afterPosition;
  const loop = (async () => {
    let backoff = 50;
    while (!signal.closed) {
      try {
        const events = await source.readAll(position, batchSize);
        if (signal.closed) break;
        if (events.length === 0) {
          await source.waitForAppend(signal, pollMs);
          continue;
        }
        await handler(events);
        position = events[events.length - 1].position;
        backoff = 50;
        // Resolved promises alone never yield: let I/O (HTTP, /ready) in between batches of a long catch-up.
        if (events.length >= batchSize) await new Promise((r) => setImmediate(r));
      } catch (e) {
        options.onError?.(e);
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, 5000);
      }
    }
  })();
  return {
    async close() {
      signal.closed = true;
      await loop;
    },
  };
}
