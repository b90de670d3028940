import { Actor, LegalBasis } from '@ndp/catalogue';

/** Everything a command carries besides its payload; built by the HTTP layer (or the seed). */
export interface CommandMetadata {
  actor: Actor;
  legalBasis: LegalBasis | null;
  reason: string | null;
  /** Client's Idempotency-Key, if any, with a digest of the request it came with. */
  idempotency: { key: string; requestHash: string } | null;
  correlationId: string;
  /** Unique per command: the causation id of the events it records. */
  commandId: string;
  /**
   * 'caller-waits': answer once the events are durable, without waiting for the projections to
   * include them; the caller (an import of many rows) waits once for all of its commands.
   * Default: wait, so that a client reads its own write.
   */
  projection?: 'wait' | 'caller-waits';
}

/** The contract of every write response. */
export interface CommandResult {
  id: string;
  revision: number;
  position: number;
  /** True when an Idempotency-Key repeat returned the original result. */
  replayed: boolean;
}
