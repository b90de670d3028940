import { ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { InjectThrottlerOptions, InjectThrottlerStorage, ThrottlerGuard } from '@nestjs/throttler';
import type { ThrottlerLimitDetail, ThrottlerModuleOptions, ThrottlerOptions, ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedRequest } from './auth';
import { ProblemException } from './problem';

export interface RateLimitSettings {
  /** Writes (POST, PATCH) per caller per minute; 0 turns the limit off. */
  writesPerMinute: number;
  /** Reads marked expensive (catalogue, diffs, editions, history, audit) per caller per minute. */
  readsPerMinute: number;
  /** Whole-log audit reads (verify, export) per caller per minute. */
  auditPerMinute: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = { writesPerMinute: 120, readsPerMinute: 600, auditPerMinute: 10 };

const COST_KEY = 'ndp:rate-limit';
export type ReadCost = 'read' | 'audit';

/** Marks a GET route as expensive enough to be rate-limited ('read'), or as a whole-log read ('audit'). */
export const RateLimited = (cost: ReadCost = 'read') => SetMetadata(COST_KEY, cost);

const WINDOW_MS = 60_000;
const isRead = (ctx: ExecutionContext) => ['GET', 'HEAD', 'OPTIONS'].includes(ctx.switchToHttp().getRequest<AuthenticatedRequest>().method);
const costOf = (ctx: ExecutionContext): ReadCost | undefined => rateLimitCost(ctx.getClass(), ctx.getHandler());

/** The cost a route is charged under (@RateLimited on the handler or its controller), if any. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function rateLimitCost(controller: Function, handler: Function): ReadCost | undefined {
  return Reflect.getMetadata(COST_KEY, handler) ?? Reflect.getMetadata(COST_KEY, controller);
}

export function rateLimitOptions(limits: RateLimitSettings): ThrottlerModuleOptions {
  return {
    throttlers: [
      { name: 'writes', ttl: WINDOW_MS, limit: limits.writesPerMinute, skipIf: (ctx) => limits.writesPerMinute <= 0 || isRead(ctx) },
      { name: 'reads', ttl: WINDOW_MS, limit: limits.readsPerMinute, skipIf: (ctx) => limits.readsPerMinute <= 0 || !isRead(ctx) || costOf(ctx) !== 'read' },
      { name: 'audit', ttl: WINDOW_MS, limit: limits.auditPerMinute, skipIf: (ctx) => limits.auditPerMinute <= 0 || !isRead(ctx) || costOf(ctx) !== 'audit' },
    ],
    setHeaders: false,
  };
}

const trackerOf = (r: AuthenticatedRequest) => (r.actor ? `sub:${r.actor.sub}` : `ip:${r.ip ?? r.socket?.remoteAddress ?? 'unknown'}`);
const keyOf = (name: string, tracker: string) => `${name}\u0000${tracker}`;

/**
 * Rate limits per caller: the token's subject when the request carries a valid token (it runs
 * after the auth guard), otherwise the client address (see TRUST_PROXY). One budget per caller
 * across all routes of a kind, not per route. Over the limit: 429 problem+json with Retry-After.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    // A read of a route without a cost is counted by no throttler (each one's skipIf holds):
    // answered here rather than after every throttler's metadata is looked up in turn.
    if (isRead(context) && costOf(context) === undefined) return true;
    return super.canActivate(context);
  }

  protected override async getTracker(req: Record<string, any>): Promise<string> {
    return trackerOf(req as AuthenticatedRequest);
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return keyOf(name, tracker);
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfter = Math.max(1, detail.timeToBlockExpire);
    context.switchToHttp().getResponse<FastifyReply>().header('Retry-After', String(retryAfter));
    throw new ProblemException(
      429,
      'rate-limited',
      'Too many requests',
      `More than ${detail.limit} requests of this kind in ${Math.round(detail.ttl / 1000)} s; retry after ${retryAfter} s`,
      { retryAfter },
    );
  }
}

/**
 * Charges writes to a caller's budget beyond the one its request already cost: an import of N
 * rows is N writes, not one (the guard counted the request itself). Called before anything is
 * recorded; over the limit → 429 with Retry-After, and nothing is recorded.
 */
@Injectable()
export class WriteBudget {
  constructor(
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
    @InjectThrottlerOptions() private readonly options: ThrottlerModuleOptions,
  ) {}

  async charge(req: AuthenticatedRequest, res: FastifyReply, writes: number): Promise<void> {
    const throttlers: ThrottlerOptions[] = Array.isArray(this.options) ? this.options : this.options.throttlers;
    const throttler = throttlers.find((t) => t.name === 'writes');
    const limit = typeof throttler?.limit === 'number' ? throttler.limit : 0;
    const ttl = typeof throttler?.ttl === 'number' ? throttler.ttl : WINDOW_MS;
    if (!throttler || limit <= 0 || writes <= 1) return;
    const refuse = (retryAfter: number, detail: string) => {
      res.header('Retry-After', String(retryAfter));
      throw new ProblemException(429, 'rate-limited', 'Too many requests', detail, { retryAfter });
    };
    if (writes > limit)
      refuse(
        Math.round(ttl / 1000),
        `This import is ${writes} writes (one per row); at most ${limit} are allowed in ${Math.round(ttl / 1000)} s: split the file`,
      );
    const key = keyOf('writes', trackerOf(req));
    for (let i = 1; i < writes; i++) {
      const hit = await this.storage.increment(key, ttl, limit, ttl, 'writes');
      if (hit.isBlocked)
        refuse(
          Math.max(1, hit.timeToBlockExpire),
          `This import is ${writes} writes (one per row), more than remain of ${limit} in ${Math.round(ttl / 1000)} s; retry after ${Math.max(1, hit.timeToBlockExpire)} s`,
        );
    }
  }
}
