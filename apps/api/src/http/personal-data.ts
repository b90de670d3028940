import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from './auth';

/**
 * Personal data in public reads (Nghị định 13/2023/NĐ-CP; DOMAIN.md "Personal data"): the officials
 * who record changes are people. The public sees the acting role and ministry and the legal basis
 * (whose signer is public by nature); auditors and mic-admin, with a valid token, also see the
 * individual — name, subject id and the identity provider that vouched for them.
 */
export const PERSONS_ROLES = ['auditor', 'mic-admin'] as const;

/** True when the caller's (verified) token lets it see who the individuals are. */
export const MaySeePersons = createParamDecorator((_: unknown, ctx: ExecutionContext): boolean =>
  maySeePersons(ctx.switchToHttp().getRequest<AuthenticatedRequest>()),
);

/** The same, for plumbing that sees the request (the answer cache keeps the two classes apart). */
export function maySeePersons(req: AuthenticatedRequest): boolean {
  const actor = req.actor;
  return !!actor && (PERSONS_ROLES as readonly string[]).includes(actor.role);
}

interface RecordedActor {
  sub?: string;
  name?: string;
  role?: string;
  ministry?: string | null;
  [k: string]: unknown;
}

/**
 * An actor as the public may see it: role and ministry only. The service's own actors
 * (`system:…`, such as the seed of dispatch 2765) are not people and are shown whole.
 */
export function publicActor<A extends RecordedActor | null | undefined>(actor: A): A | { role: string | undefined; ministry: string | null } {
  if (!actor || typeof actor !== 'object') return actor;
  if (typeof actor.sub === 'string' && actor.sub.startsWith('system:')) return actor;
  return { role: actor.role, ministry: actor.ministry ?? null };
}

export function withActorsFor<T extends { actor?: unknown }>(items: T[], maySee: boolean): T[] {
  return maySee ? items : items.map((v) => ({ ...v, actor: publicActor(v.actor as RecordedActor) }));
}

export function withPublisherFor<T extends { publishedBy: RecordedActor }>(edition: T, maySee: boolean): T {
  return maySee ? edition : { ...edition, publishedBy: publicActor(edition.publishedBy) as T['publishedBy'] };
}
