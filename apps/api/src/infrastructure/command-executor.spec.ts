import { Actor, conflict } from '@ndp/catalogue';
import { IdempotencyKeyReusedError, InMemoryEventStore } from '@ndp/event-store';
import { CatalogueRuntime } from './catalogue-runtime';
import { CommandExecutor } from './command-executor';
import { CommandMetadata } from './command-metadata';

/**
 * The window the store's own replay cannot close: a copy of a request looks its key up before
 * the first copy commits, then decides after it did — and breaks a rule the first one created.
 * The store below answers the first look-up as it was at that moment (not yet recorded).
 */
describe('CommandExecutor: a repeat that decides after the original was recorded', () => {
  const actor: Actor = { sub: 'mic:client', name: 'MIC', role: 'mic-admin', ministry: null };
  const meta = (requestHash: string): CommandMetadata => ({
    actor,
    legalBasis: null,
    reason: null,
    idempotency: { key: 'bo-dttg-0001', requestHash },
    correlationId: 'c',
    commandId: 'k',
  });

  async function setUp() {
    const store = new InMemoryEventStore();
    const original = await store.append({
      writes: [
        {
          streamId: 'ministry-BDTTG',
          expectedRevision: 'no-stream',
          events: [
            {
              eventId: 'e1',
              type: 'ministry.registered',
              schemaVersion: 1,
              data: { code: 'BDTTG', name: 'Bộ Dân tộc và Tôn giáo' },
              metadata: {
                effectiveDate: '2025-03-01',
                actor,
                legalBasis: null,
                reason: null,
                idempotencyKey: 'bo-dttg-0001',
                correlationId: 'c',
                causationId: null,
              },
            },
          ],
        },
      ],
      idempotency: { key: `${actor.sub}\u0000bo-dttg-0001`, requestHash: 'h1', result: { id: 'BDTTG', streamId: 'ministry-BDTTG' } },
    });
    let lookups = 0;
    const racing = Object.create(store) as InMemoryEventStore;
    racing.findIdempotency = async (key: string) => (lookups++ === 0 ? null : store.findIdempotency(key));
    const waited: number[] = [];
    const runtime = { store: racing, projector: { waitFor: async (p: number) => void waited.push(p) } } as unknown as CatalogueRuntime;
    return { executor: new CommandExecutor(runtime), original, waited };
  }

  it("answers with the original's result, as a repeat, after the projections include it", async () => {
    const { executor, original, waited } = await setUp();
    const result = await executor.execute('register-ministry', meta('h1'), async () => {
      throw conflict('ministry-exists', "Ministry 'BDTTG' is already registered");
    });
    expect(result).toEqual({ id: 'BDTTG', revision: 0, position: original.position, replayed: true });
    expect(waited).toEqual([original.position]);
  });

  it('still refuses the key for a different request', async () => {
    const { executor } = await setUp();
    await expect(
      executor.execute('register-ministry', meta('h2'), async () => {
        throw conflict('ministry-exists', 'already registered');
      }),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });
});
