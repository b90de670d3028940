import { describeEventStoreContract } from '../testing/event-store.contract';
import { InMemoryEventStore } from './in-memory.event-store';

describeEventStoreContract('in-memory', { create: async (o) => new InMemoryEventStore(o?.now) });
