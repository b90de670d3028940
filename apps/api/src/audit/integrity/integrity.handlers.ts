import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { chainHeadOf, HeadSigner, verifyEventStore } from '@ndp/event-store';
import { CatalogueRuntime } from '../../infrastructure/catalogue-runtime';
import { PublishedHead, SignedHeadQuery, VerifyLogQuery, VerifyLogResult } from './integrity.queries';

@QueryHandler(VerifyLogQuery)
export class VerifyLogHandler implements IQueryHandler<VerifyLogQuery, VerifyLogResult> {
  constructor(private readonly runtime: CatalogueRuntime) {}

  async execute({ head }: VerifyLogQuery): Promise<VerifyLogResult> {
    const store = this.runtime.store;
    const logPosition = await store.headPosition();
    const result = await verifyEventStore(store, { heads: head ? [head] : [] });
    return { ...result, store: store.name, logPosition, verifiedAt: this.runtime.config.now().toISOString() };
  }
}

@QueryHandler(SignedHeadQuery)
export class SignedHeadHandler implements IQueryHandler<SignedHeadQuery, PublishedHead | null> {
  constructor(
    private readonly runtime: CatalogueRuntime,
    private readonly signer: HeadSigner,
  ) {}

  async execute({ position }: SignedHeadQuery): Promise<PublishedHead | null> {
    const head = await chainHeadOf(this.runtime.store, position ?? undefined);
    if (!head) return null;
    return { ...this.signer.sign(head, this.runtime.config.now()), publicKey: this.signer.publicKeyPem };
  }
}
