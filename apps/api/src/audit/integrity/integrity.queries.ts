import { Query } from '@nestjs/cqrs';
import type { ChainHead, ChainVerification, SignedHead } from '@ndp/event-store';

export type VerifyLogResult = ChainVerification & { store: string; logPosition: number; verifiedAt: string };

/** Checks the whole hash chain of the log, and optionally that it passes through a published head. */
export class VerifyLogQuery extends Query<VerifyLogResult> {
  constructor(readonly head: ChainHead | null) {
    super();
  }
}

export type PublishedHead = SignedHead & { publicKey: string };

/** The chain's head (at the end of the log, or at a position), signed by the service. Null: no such position or no hashes. */
export class SignedHeadQuery extends Query<PublishedHead | null> {
  constructor(readonly position: number | null) {
    super();
  }
}
