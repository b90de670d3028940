import { ANY, NO_STREAM, WrongExpectedVersionError } from '@eventstore/db-client';
import { WrongExpectedRevisionError } from '../event-store.port';
import { newEvent } from '../testing/event-store.contract';
import { fromEsdbError, fromEsdbEvent, idempotencyStream, isCatalogueEvent, toEsdbEvent, toEsdbExpectedRevision } from './esdb-mapping';

describe('EventStoreDB mapping (no server needed)', () => {
  const e = newEvent('platform.amended', { platformId: 'p1', changes: { name: 'Cổng công khai ngân sách nhà nước' } });

  it('carries the event id, type, data and our metadata with $correlationId / $causationId', () => {
    const data = toEsdbEvent({ ...e, metadata: { ...e.metadata, causationId: 'cmd-1' } });
    expect(data).toMatchObject({ id: e.eventId, type: 'platform.amended', contentType: 'application/json', data: e.data });
    expect(data.metadata).toMatchObject({
      ...e.metadata,
      causationId: 'cmd-1',
      $correlationId: e.metadata.correlationId,
      $causationId: 'cmd-1',
      schemaVersion: 1,
    });
  });

  it('round-trips envelope → EventStoreDB event → stored event', () => {
    const data = toEsdbEvent(e);
    const stored = fromEsdbEvent(
      {
        streamId: 'platform-p1',
        id: data.id,
        revision: 4n,
        type: data.type,
        created: new Date('2025-01-02T03:04:05.678Z'),
        data: data.data,
        metadata: data.metadata,
      },
      17,
    );
    expect(stored).toEqual({ ...e, streamId: 'platform-p1', revision: 4, position: 17, recordedAt: '2025-01-02T03:04:05.678Z' });
  });

  it('keeps the original recorded time of a migrated event', () => {
    const data = toEsdbEvent(e, '2024-07-15T03:00:00.000Z');
    const stored = fromEsdbEvent(
      { streamId: 's', id: data.id, revision: 0n, type: data.type, created: new Date(), data: data.data, metadata: data.metadata },
      1,
    );
    expect(stored.recordedAt).toBe('2024-07-15T03:00:00.000Z');
  });

  it('maps expected revisions', () => {
    expect(toEsdbExpectedRevision('any')).toBe(ANY);
    expect(toEsdbExpectedRevision('no-stream')).toBe(NO_STREAM);
    expect(toEsdbExpectedRevision(3)).toBe(3n);
  });

  it('maps WrongExpectedVersion to the same error SQLite raises (hence the same 409)', () => {
    const err = new WrongExpectedVersionError(undefined, { streamName: 'platform-p1', expected: 3n, current: 5n });
    const mapped = fromEsdbError(err, 'platform-p1', 3);
    expect(mapped).toBeInstanceOf(WrongExpectedRevisionError);
    expect(mapped).toMatchObject({ streamId: 'platform-p1', expected: 3, actual: 5 });
    const other = new Error('unavailable');
    expect(fromEsdbError(other, 's', 1)).toBe(other);
  });

  it('leaves system events and idempotency records out of the catalogue log', () => {
    expect(isCatalogueEvent('platform-p1', 'platform.registered')).toBe(true);
    expect(isCatalogueEvent('$stats-127.0.0.1:2113', '$statsCollected')).toBe(false);
    expect(isCatalogueEvent('platform-p1', '$metadata')).toBe(false);
    expect(isCatalogueEvent(idempotencyStream('k'), 'idempotency.claimed')).toBe(false);
    expect(idempotencyStream('k')).toBe(idempotencyStream('k'));
    expect(idempotencyStream('k')).not.toBe(idempotencyStream('k2'));
  });
});
