import type { StoredEvent } from '@ndp/event-store';
import { parseCatalogueEventV1 } from './schema.v1';
import { translate } from './translate';
import { HEADERS } from './topics';

let position = 0;
function stored(streamId: string, type: string, data: Record<string, unknown>, effectiveDate: string): StoredEvent {
  position++;
  return {
    eventId: `e-${position}`,
    type,
    schemaVersion: 1,
    data,
    streamId,
    revision: position,
    position,
    recordedAt: '2024-07-15T03:00:00.000Z',
    metadata: {
      effectiveDate,
      actor: { sub: 'internal-sub', name: 'Trần Thị B', role: 'ministry-editor', ministry: 'BTC' },
      legalBasis: { documentNumber: '2765/BTTTT-CĐSQG', issuedOn: '2024-07-15' },
      reason: 'r',
      idempotencyKey: 'internal-key',
      correlationId: 'corr-1',
      causationId: null,
    },
  };
}

const registered = stored(
  'platform-p1',
  'platform.registered',
  {
    platformId: 'p1',
    code: null,
    name: 'Cổng công khai ngân sách nhà nươc',
    kind: 'portal',
    ownerMinistry: 'BKHDT',
    coMinistries: [],
    description: null,
    operator: null,
    contact: null,
    url: null,
    deploymentStatus: 'operational',
    ndxpStatus: 'not-connected',
  },
  '2024-05-01',
);

describe('integration events v1: translation from internal events', () => {
  it('publishes a registration keyed by entry id, with headers, and valid against the schema', () => {
    const { message, label } = translate(registered, undefined);
    expect(message).toMatchObject({ topic: 'platform', key: 'p1' });
    expect(message!.headers).toEqual({
      [HEADERS.eventId]: 'e-1',
      [HEADERS.type]: 'platform.registered',
      [HEADERS.schemaVersion]: '1',
      [HEADERS.correlationId]: 'corr-1',
      [HEADERS.position]: '1',
    });
    expect(message!.value.platform).toEqual({ id: 'p1', name: 'Cổng công khai ngân sách nhà nươc', ministry: 'BKHDT' });
    expect(label).toMatchObject({ ministry: 'BKHDT' });
    const parsed = parseCatalogueEventV1(JSON.stringify(message!.value));
    expect(parsed.ok).toBe(true);
  });

  it("keeps internal bookkeeping and the actor's identity out of the contract: role and ministry only", () => {
    const { message } = translate(registered, undefined);
    const text = JSON.stringify(message!.value);
    for (const internal of ['internal-sub', 'internal-key', 'streamId', 'revision', 'causationId', 'Trần Thị B']) expect(text).not.toContain(internal);
    expect(message!.value.actor).toEqual({ role: 'ministry-editor', ministry: 'BTC' });
  });

  it('publishes a registration recorded before `level` existed with level null', () => {
    const { message } = translate(registered, undefined);
    expect(message!.value.type).toBe('platform.registered');
    expect(message!.value.change).toMatchObject({ code: null, ownerMinistry: 'BKHDT', level: null });
  });

  it('publishes a dissolution transfer (schema version 2) with its reorganisation and no mergerOf', () => {
    const label = translate(registered, undefined).label;
    const moved = translate(
      stored(
        'platform-p1',
        'platform.transferred',
        { platformId: 'p1', fromMinistry: 'BKHDT', toMinistry: 'BXD', reorganisation: { kind: 'dissolution', ministry: 'BKHDT' } },
        '2025-03-01',
      ),
      label,
    );
    expect(moved.message!.value.change).toEqual({
      fromMinistry: 'BKHDT',
      toMinistry: 'BXD',
      mergerOf: null,
      reorganisation: { kind: 'dissolution', ministry: 'BKHDT' },
    });
    expect(moved.label).toMatchObject({ ministry: 'BXD' });
    expect(parseCatalogueEventV1(JSON.stringify(moved.message!.value)).ok).toBe(true);
  });

  it('does not publish code reservations (internal bookkeeping)', () => {
    expect(translate(stored('code-ndp-01', 'code.reserved', { code: 'NDP-01', platformId: 'p1' }, '2024-05-01'), undefined).message).toBeNull();
  });

  it('labels an entry with its latest name and owner: a correction into the past does not overwrite a later rename', () => {
    let label = translate(registered, undefined).label;
    label = translate(stored('platform-p1', 'platform.amended', { platformId: 'p1', changes: { name: 'Tên 2025' } }, '2025-01-01'), label).label;
    const corrected = translate(
      stored('platform-p1', 'platform.corrected', { platformId: 'p1', changes: { name: 'Cổng công khai ngân sách nhà nước' } }, '2024-05-01'),
      label,
    );
    expect(corrected.message!.value.platform!.name).toBe('Tên 2025');
    expect(corrected.message!.value.change).toEqual({ changes: { name: 'Cổng công khai ngân sách nhà nước' } });
    const moved = translate(
      stored('platform-p1', 'platform.transferred', { platformId: 'p1', fromMinistry: 'BKHDT', toMinistry: 'BTC', mergerOf: 'BKHDT' }, '2025-03-01'),
      corrected.label,
    );
    expect(moved.message!.value.platform!.ministry).toBe('BTC');
    // A schema-version-1 event (mergerOf) reads as a merger reorganisation; mergerOf stays published for older consumers.
    expect(moved.message!.value.change).toEqual({
      fromMinistry: 'BKHDT',
      toMinistry: 'BTC',
      mergerOf: 'BKHDT',
      reorganisation: { kind: 'merger', ministry: 'BKHDT' },
    });
    expect(parseCatalogueEventV1(JSON.stringify(moved.message!.value)).ok).toBe(true);
  });

  it('publishes ministry and edition events on their own topics, and nothing for unknown types', () => {
    const m = translate(stored('ministry-BTC', 'ministry.registered', { code: 'BTC', name: 'Bộ Tài chính' }, '2024-01-01'), undefined);
    expect(m.message).toMatchObject({ topic: 'ministry', key: 'BTC', value: { ministry: { code: 'BTC', name: 'Bộ Tài chính' } } });
    const ed = translate(
      stored(
        'edition-2765-BTTTT-CDSQG',
        'edition.published',
        {
          editionId: '2765-BTTTT-CDSQG',
          documentNumber: '2765/BTTTT-CĐSQG',
          title: null,
          issuedOn: '2024-07-15',
          signer: 'Phạm Đức Long',
          cutoffDate: '2024-07-03',
          logPosition: 60,
        },
        '2024-07-15',
      ),
      undefined,
    );
    expect(ed.message).toMatchObject({ topic: 'edition', key: '2765-BTTTT-CDSQG' });
    expect(parseCatalogueEventV1(JSON.stringify(ed.message!.value)).ok).toBe(true);
    expect(translate(stored('other-x', 'something.else', {}, '2024-01-01'), undefined).message).toBeNull();
  });

  it.each([
    ['not JSON', '{oops'],
    ['an empty object', '{}'],
    ['a wrong schema version', JSON.stringify({ ...translate(registered, undefined).message!.value, schemaVersion: 2 })],
    ['a platform event without its platform', JSON.stringify({ ...translate(registered, undefined).message!.value, platform: undefined })],
    ['a bad effective date', JSON.stringify({ ...translate(registered, undefined).message!.value, effectiveDate: '3/7/2024' })],
    ['an unknown top-level property', JSON.stringify({ ...translate(registered, undefined).message!.value, internal: true })],
    [
      'an unknown property in the change',
      JSON.stringify({
        ...translate(registered, undefined).message!.value,
        change: { ...translate(registered, undefined).message!.value.change, ownerSub: 'x' },
      }),
    ],
    [
      'an unknown property in a contact',
      JSON.stringify({
        ...translate(registered, undefined).message!.value,
        change: { ...translate(registered, undefined).message!.value.change, contact: { name: null, email: null, phone: null, fax: '1' } },
      }),
    ],
  ])('the schema refuses %s', (_, raw) => {
    const parsed = parseCatalogueEventV1(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.length).toBeGreaterThan(0);
  });
});
