import { entityOfStream, evolveMinistry, evolvePlatform, MinistryState, PlatformState, RecordedDomainEvent, recordedEvent } from '@ndp/catalogue';
import type { StoredEvent } from '@ndp/event-store';

/**
 * The obvious answer to "what did the catalogue say on `asOf`, as known at `position`": take
 * the log, keep what was recorded by then and effective by then, fold each entity in
 * valid-time order. It is the oracle the index is tested against and the control the
 * benchmarks compare with; it is never used to serve a request.
 */
export function naiveStatesAt(
  log: readonly StoredEvent[],
  asOf: string,
  position: number,
): { platforms: Map<string, PlatformState>; ministries: Map<string, MinistryState> } {
  const byStream = new Map<string, RecordedDomainEvent[]>();
  for (const e of log) {
    if (e.position > position || e.metadata.effectiveDate > asOf) continue;
    const list = byStream.get(e.streamId) ?? [];
    list.push(recordedEvent(e));
    byStream.set(e.streamId, list);
  }
  const platforms = new Map<string, PlatformState>();
  const ministries = new Map<string, MinistryState>();
  for (const [streamId, events] of byStream) {
    const entity = entityOfStream(streamId);
    // Stable sort keeps log order among events of the same effective date.
    events.sort((a, b) => (a.effectiveDate < b.effectiveDate ? -1 : a.effectiveDate > b.effectiveDate ? 1 : a.position - b.position));
    if (entity?.kind === 'platform') {
      let s: PlatformState | null = null;
      for (const e of events) s = evolvePlatform(s, e);
      if (s) platforms.set(entity.id, s);
    } else if (entity?.kind === 'ministry') {
      let s: MinistryState | null = null;
      for (const e of events) s = evolveMinistry(s, e);
      if (s) ministries.set(entity.id, s);
    }
  }
  return { platforms, ministries };
}
