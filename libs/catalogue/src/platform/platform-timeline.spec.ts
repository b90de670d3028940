import { PendingEvent, RecordedDomainEvent } from '../events';
import { platformAsOf } from './platform.state';
import { PlatformTimeline } from './platform-timeline';

/** Events recorded out of valid-time order, as back-dated corrections are. */
function history(): RecordedDomainEvent[] {
  const dates = ['2024-03-01', '2025-01-10', '2024-06-15', '2025-01-10', '2024-03-01', '2026-02-02', '2024-12-31', '2025-07-01'];
  const registered = {
    type: 'platform.registered',
    data: { platformId: 'p', code: null, ownerMinistry: 'BTC', name: 'Nền tảng', kind: 'application', deploymentStatus: 'pilot' },
    effectiveDate: '2024-01-01',
    position: 1,
  } as unknown as RecordedDomainEvent;
  return [
    registered,
    ...dates.map(
      (effectiveDate, i) =>
        ({
          type: 'platform.amended',
          data: { platformId: 'p', changes: { description: `v${i}` } },
          effectiveDate,
          position: 10 + i,
        }) as unknown as RecordedDomainEvent,
    ),
  ];
}

const probeDates = [
  '2023-12-31',
  '2024-01-01',
  '2024-03-01',
  '2024-05-05',
  '2024-06-15',
  '2024-12-31',
  '2025-01-10',
  '2025-03-03',
  '2025-07-01',
  '2026-02-02',
  '2030-01-01',
];

describe('PlatformTimeline: states folded once, the same as folding the stream for each date', () => {
  it('answers every date as platformAsOf does, in any order of questions', () => {
    const events = history();
    const timeline = new PlatformTimeline(events);
    for (const date of [...probeDates].reverse()) expect(timeline.stateOn(date)).toEqual(platformAsOf(events, date));
    for (const date of probeDates) expect(timeline.stateOn(date)).toEqual(platformAsOf(events, date));
    expect(timeline.stateOn(null)).toEqual(platformAsOf(events, null));
  });

  it('a timeline with pending events reuses only the states the pending ones cannot change', () => {
    const events = history();
    const parent = new PlatformTimeline(events);
    for (const date of probeDates) parent.stateOn(date); // the parent has folded everything
    const pending = [
      { type: 'platform.amended', streamId: 'platform-p', data: { platformId: 'p', changes: { description: 'late' } }, effectiveDate: '2024-06-15' },
    ] as PendingEvent[];
    const child = parent.with(pending);
    const fresh = new PlatformTimeline(events, pending);
    for (const date of probeDates) expect(child.stateOn(date)).toEqual(fresh.stateOn(date));
    expect(child.stateOn('2024-06-15')?.description).toBe('late');
    expect(child.stateOn('2024-06-14')?.description).toBe('v4');
  });

  it('shares one timeline per frozen stream array, and none for an array that may still change', () => {
    const frozen = Object.freeze(history());
    expect(PlatformTimeline.of(frozen)).toBe(PlatformTimeline.of(frozen));
    const open = history();
    expect(PlatformTimeline.of(open)).not.toBe(PlatformTimeline.of(open));
  });
});
