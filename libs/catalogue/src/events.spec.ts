import { recordedEvent, upcast } from './events';

describe('reading stored events of older schema versions', () => {
  it('reads platform.transferred v1 (mergerOf) as v2 (reorganisation)', () => {
    expect(upcast('platform.transferred', 1, { platformId: 'p', fromMinistry: 'BKHDT', toMinistry: 'BTC', mergerOf: 'BKHDT' })).toEqual({
      platformId: 'p',
      fromMinistry: 'BKHDT',
      toMinistry: 'BTC',
      reorganisation: { kind: 'merger', ministry: 'BKHDT' },
    });
    expect(upcast('platform.transferred', 1, { platformId: 'p', fromMinistry: 'A', toMinistry: 'B', mergerOf: null })).toEqual({
      platformId: 'p',
      fromMinistry: 'A',
      toMinistry: 'B',
      reorganisation: null,
    });
  });

  it('leaves the current version and unknown types as they are, and refuses a version newer than the code', () => {
    const v2 = { platformId: 'p', fromMinistry: 'A', toMinistry: 'B', reorganisation: null };
    expect(upcast('platform.transferred', 2, v2)).toBe(v2);
    expect(upcast('something.else', 7, { a: 1 })).toEqual({ a: 1 });
    expect(() => upcast('platform.transferred', 3, v2)).toThrow(/newer than this code/);
  });

  it('applies the upcast when a stored event is read for the domain', () => {
    const e = recordedEvent({
      type: 'platform.transferred',
      schemaVersion: 1,
      data: { platformId: 'p', fromMinistry: 'A', toMinistry: 'B', mergerOf: 'A' },
      metadata: { effectiveDate: '2025-03-01' },
      position: 9,
    });
    expect(e).toMatchObject({ effectiveDate: '2025-03-01', position: 9, data: { reorganisation: { kind: 'merger', ministry: 'A' } } });
  });
});
